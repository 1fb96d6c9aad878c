// isPlainDelimited: True for text that parsePlainDelimited reads exactly as papaparse would.
import { DataError } from '../errors';
import type { Delimiter } from './delimiter';
import { numericText } from './columnTypes';
import { scanDecimal, type ScanEnd } from './decimal';
import { columnNames } from './columnNames';
import type { Cell, RawTable } from './table';

/**
 * True for text that {@link parsePlainDelimited} reads exactly as papaparse would: no quote
 * character (so no field holds a delimiter or a line break) and no carriage return (so every line
 * ends with `\n`, the only line break papaparse then detects).
 */
export function isPlainDelimited(text: string): boolean {
  return !text.includes('"') && !text.includes('\r');
}

interface ColumnBuilder {
  /** Values while every cell so far is a number or missing; null once a cell is other text. */
  values: Float64Array | null;
  missing: number;
  /** The column's cells as text, made only once it stopped being numeric. */
  cells: Cell[] | null;
}

/**
 * The CSV/TSV reader for plain text (see {@link isPlainDelimited}), with parseDelimited's results
 * and errors: the first non-blank line is the header, blank lines (empty or spaces only, with no
 * delimiter) are skipped, a row with another field count is a located error. It reads numbers
 * straight from the text, without a string per cell: parsing 100k rows × 20 columns through
 * papaparse made two million strings, most of the loading time in the garbage collector. A column
 * gets its cells as strings only once a cell is not a number (text, booleans, categories).
 */
export function parsePlainDelimited(text: string, delimiter: Delimiter, file: string): RawTable {
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  let lineCount = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineCount++;

  let header: string[] | null = null;
  let headerLine = 0;
  let columns: ColumnBuilder[] = [];
  /** Offset of each data row's first character, to re-read a column's earlier cells as text. */
  const rowStart = new Int32Array(lineCount);
  const rowLine = new Int32Array(lineCount);
  let rows = 0;
  let ragged: DataError | null = null;
  let line = 0;
  const scan: ScanEnd = { end: 0 };

  for (let start = 0; start <= n && !ragged;) {
    line++;
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    const lineStart = start;
    start = end + 1;
    if (end === lineStart) continue;
    const firstDelimiter = text.indexOf(delimiter, lineStart);
    const hasDelimiter = firstDelimiter >= 0 && firstDelimiter < end;
    if (!hasDelimiter && text.slice(lineStart, end).trim() === '') continue;
    if (header === null) {
      header = text.slice(lineStart, end).split(delimiter);
      headerLine = line;
      columns = header.map(() => ({ values: new Float64Array(lineCount), missing: 0, cells: null }));
      continue;
    }
    const r = rows;
    let c = 0;
    let a = lineStart;
    for (;;) {
      const col = c < columns.length ? columns[c]! : null;
      // A numeric column's cell is read as a number in the same pass that finds its end.
      const fast = col?.values ? scanDecimal(text, a, end, d, scan) : NaN;
      let b: number;
      if (fast === fast) b = scan.end;
      else {
        b = col?.values ? scan.end : a;
        while (b < end && text.charCodeAt(b) !== d) b++;
      }
      if (col) {
        if (Number.isFinite(fast)) col.values![r] = fast;
        else storeCell(col, c, text, a, b, r, rowStart, delimiter);
      }
      c++;
      if (b >= end) break;
      a = b + 1;
    }
    if (c !== columns.length) {
      ragged = new DataError(`expected ${columns.length} fields (as in the header), found ${c}`, {
        file,
        line,
        column: Math.min(c, columns.length) + 1,
      });
      break;
    }
    rowStart[r] = lineStart;
    rowLine[r] = line;
    rows++;
  }

  if (header === null) throw new DataError('the file is empty', { file });
  if (rows === 0 && !ragged) {
    throw new DataError('the file has a header row but no data rows', { file, line: headerLine });
  }
  const names = columnNames(header, file, headerLine);
  if (ragged) throw ragged;
  const format = delimiter === '\t' ? 'tsv' : 'csv';
  return {
    file,
    format,
    delimiter,
    names,
    cells: columns.map((col) => (col.cells ? col.cells.slice(0, rows) : [])),
    numeric: columns.map((col) =>
      col.values ? { values: col.values.slice(0, rows), missing: col.missing } : null,
    ),
    nRows: rows,
    locate: (row, column) => ({ file, line: rowLine[row], column: column + 1 }),
    locateHeader: (column) => ({ file, line: headerLine, column: column + 1 }),
  };
}

/** Cell `[a, b)` of row `r` into column `c`; the first non-numeric cell turns the column to text. */
function storeCell(
  col: ColumnBuilder,
  c: number,
  text: string,
  a: number,
  b: number,
  r: number,
  rowStart: Int32Array,
  delimiter: string,
): void {
  if (col.values) {
    const v = numericText(text.slice(a, b));
    if (v !== null) {
      col.values[r] = v;
      if (Number.isNaN(v)) col.missing++;
      return;
    }
    // Not a number: this column's earlier cells are wanted as text after all; re-read them.
    col.cells = [];
    for (let k = 0; k < r; k++) col.cells.push(fieldAt(text, rowStart[k]!, c, delimiter));
    col.values = null;
  }
  col.cells!.push(text.slice(a, b));
}

/** Field `index` of the row starting at `start`, as text (plain text: no field holds a delimiter). */
function fieldAt(text: string, start: number, index: number, delimiter: string): string {
  let a = start;
  for (let k = 0; k < index; k++) a = text.indexOf(delimiter, a) + 1;
  const lineEnd = text.indexOf('\n', a);
  const end = lineEnd < 0 ? text.length : lineEnd;
  const next = text.indexOf(delimiter, a);
  return text.slice(a, next >= 0 && next < end ? next : end);
}
