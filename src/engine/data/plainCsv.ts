// The CSV/TSV reader for plain files (no quotes, no carriage returns), reading numbers straight from the bytes.
import { DataError } from '../errors';
import type { Delimiter } from './delimiter';
import { numericText } from './columnTypes';
import { exactPowers, scanDecimal } from './decimal';
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

/** {@link isPlainDelimited} for UTF-8 bytes: no byte of a multi-byte character is `"` or CR. */
export function isPlainBytes(bytes: Uint8Array): boolean {
  return bytes.indexOf(0x22) < 0 && bytes.indexOf(0x0d) < 0;
}

interface ColumnBuilder {
  /** Values while every cell so far is a number or missing; null once a cell is other text. */
  values: Float64Array | null;
  missing: number;
  /** The column's cells as text, made only once it stopped being numeric. */
  cells: Cell[] | null;
}

/** {@link parsePlainBytes} of decoded text (the streaming reader's chunks, tests). */
export function parsePlainDelimited(text: string, delimiter: Delimiter, file: string): RawTable {
  return parsePlainBytes(Buffer.from(text, 'utf8'), 0, delimiter, file);
}

/**
 * The CSV/TSV reader for plain UTF-8 bytes from `from` on (valid UTF-8, see
 * {@link isPlainBytes}), with parseDelimited's results and errors: the first non-blank line is
 * the header, blank lines (empty or spaces only, with no delimiter) are skipped, a row with
 * another field count is a located error. It reads numbers straight from the bytes, without
 * decoding the file or making a string per cell: parsing 100k rows × 20 columns through papaparse
 * made two million strings, most of the loading time in the garbage collector, and decoding a
 * 200 MB file took 6% of its load. A column gets its cells as strings only once a cell is not a
 * number (text, booleans, categories); every field ends at an ASCII byte, so a cell's bytes
 * decode to the same text as the whole file's slice would.
 */
export function parsePlainBytes(bytes: Buffer, from: number, delimiter: Delimiter, file: string): RawTable {
  const d = delimiter.charCodeAt(0);
  const n = bytes.length;
  let header: string[] | null = null;
  let headerLine = 0;
  let columns: ColumnBuilder[] = [];
  let capacity = 0;
  /** Offset of each data row's first byte, to re-read a column's earlier cells as text. */
  let rowStart = new Int32Array(0);
  let rowLine = new Int32Array(0);
  let rows = 0;
  let ragged: DataError | null = null;
  let line = 0;
  /** Offset of the last line break: every field before it ends at a delimiter or line break. */
  const lastBreak = bytes.lastIndexOf(10);
  /** What {@link readRow} found besides the row's end: its field count, and 1 if it was blank. */
  const rowFields = new Int32Array(2);

  for (let i = from; i < n && !ragged;) {
    line++;
    const lineStart = i;
    if (bytes[i] === 10) {
      i++;
      continue;
    }
    if (header === null) {
      let end = bytes.indexOf(10, i);
      if (end < 0) end = n;
      i = end + 1;
      const text = bytes.toString('utf8', lineStart, end);
      if (!text.includes(delimiter) && text.trim() === '') continue;
      header = text.split(delimiter);
      headerLine = line;
      capacity = rowEstimate(bytes, i, header.length);
      columns = header.map(() => ({ values: new Float64Array(capacity), missing: 0, cells: null }));
      rowStart = new Int32Array(capacity);
      rowLine = new Int32Array(capacity);
      continue;
    }
    if (rows === capacity) {
      capacity = Math.ceil(capacity * 1.5) + 16;
      for (const col of columns) if (col.values) col.values = grown(col.values, capacity);
      rowStart = grown(rowStart, capacity);
      rowLine = grown(rowLine, capacity);
    }
    const r = rows;
    const b = readRow(bytes, lineStart, lastBreak, d, columns, r, rowStart, rowFields);
    const c = rowFields[0]!;
    const blank = rowFields[1] === 1;
    i = b + 1;
    if (blank) continue;
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
  const lines = fitted(rowLine, rows);
  return {
    file,
    format,
    delimiter,
    names,
    cells: columns.map((col) => (col.cells ? col.cells.slice(0, rows) : [])),
    numeric: columns.map((col) =>
      col.values ? { values: fitted(col.values, rows), missing: col.missing } : null,
    ),
    nRows: rows,
    locate: (row, column) => ({ file, line: lines[row], column: column + 1 }),
    locateHeader: (column) => ({ file, line: headerLine, column: column + 1 }),
  };
}

/**
 * Reads the row starting at `a` into row `r` of the columns and returns the offset of the line
 * break (or end of file) that ends it; `found` gets its field count and 1 if the line was blank.
 * A function of its own, called per row, rather than the body of parsePlainBytes' loop: V8
 * compiles it from whole calls' feedback, and when it recompiles (it does, several times over a
 * figure's first loads), it compiles this small function (3–10 ms of a compiler thread's CPU)
 * rather than all of parsePlainBytes with its long loop compiled on the stack (10–60 ms each).
 */
function readRow(
  bytes: Buffer,
  a: number,
  lastBreak: number,
  d: number,
  columns: ColumnBuilder[],
  r: number,
  rowStart: Int32Array,
  found: Int32Array,
): number {
  const n = bytes.length;
  let c = 0;
  let b: number;
  let blank = false;
  for (;;) {
    const col = c < columns.length ? columns[c]! : null;
    const values = col !== null ? col.values : null;
    // A numeric column's cell is read as a number in the same pass that finds its end; a
    // finite number that ends the field stays, anything else is looked at again below.
    let read = false;
    if (values !== null) {
      // The usual cell, [-]digits[.digits] with at most 15 digits, is read right here, with
      // scanDecimal's arithmetic (so the same bits); anything else goes to scanDecimal. V8
      // does not inline that function into this loop, and the call cost as much as the
      // reading (~10 ns a field). Before `lastBreak` a line break ends every run of digits,
      // so no read needs a check against the end (a fifth of the time); the sign is a
      // number, not a branch (a random sign mispredicted one or two branches a field).
      let i = a;
      let fraction = 0;
      let digits = 0;
      let ch = 0;
      let mantissa = 0;
      const negative = a < lastBreak && bytes[a] === 45 ? 1 : 0;
      if (a < lastBreak) {
        i += negative;
        ch = bytes[i]!;
        const first = i;
        while (ch >= 48 && ch <= 57) {
          mantissa = mantissa * 10 + (ch - 48);
          ch = bytes[++i]!;
        }
        digits = i - first;
        if (ch === 46) {
          const point = ++i;
          ch = bytes[i]!;
          while (ch >= 48 && ch <= 57) {
            mantissa = mantissa * 10 + (ch - 48);
            ch = bytes[++i]!;
          }
          fraction = i - point;
          digits += fraction;
        }
      }
      if ((ch === d || ch === 10) && digits > 0 && digits <= 15) {
        // Times ±1 is exact, so this is scanDecimal's `negative ? -v : v`, -0 included.
        values[r] = (fraction > 0 ? mantissa / exactPowers[fraction]! : mantissa) * (1 - 2 * negative);
        b = i;
        read = true;
      } else {
        b = scanDecimal(bytes, a, n, values, r);
        const v = values[r]!;
        read = v - v === 0 && (b === n || bytes[b] === d || bytes[b] === 10);
      }
    } else b = a;
    if (!read) {
      while (b < n && bytes[b] !== d && bytes[b] !== 10) b++;
      if (c === 0 && (b === n || bytes[b] === 10) && bytes.toString('utf8', a, b).trim() === '') {
        blank = true;
        break;
      }
      if (col) storeCell(col, c, bytes, a, b, r, rowStart, d);
    }
    c++;
    if (b === n || bytes[b] === 10) break;
    a = b + 1;
  }
  found[0] = c;
  found[1] = blank ? 1 : 0;
  return b;
}

/**
 * How many rows to make room for: the bytes left over the mean length of the next 64 lines, plus
 * a little, and never more than the bytes allow (a row of `width` fields has `width - 1`
 * delimiters and a line break). Counting every line first took 2–3% of a load; a wrong guess only
 * costs a copy of the columns.
 */
function rowEstimate(bytes: Uint8Array, start: number, width: number): number {
  let end = start;
  let lines = 0;
  while (lines < 64) {
    const next = bytes.indexOf(10, end);
    if (next < 0) break;
    end = next + 1;
    lines++;
  }
  const left = bytes.length - start;
  const most = Math.floor(left / Math.max(width, 2)) + 1;
  if (lines === 0) return Math.min(most, 16);
  return Math.min(most, Math.ceil((left / (end - start)) * lines * 1.02) + 16);
}

/** A copy of `a` with room for `capacity` entries. */
function grown<T extends Float64Array | Int32Array>(a: T, capacity: number): T {
  const out = new (a.constructor as new (n: number) => T)(capacity);
  out.set(a);
  return out;
}

/** The first `rows` entries: a view when little room is left over, else a copy (so the rest is freed). */
function fitted<T extends Float64Array | Int32Array>(a: T, rows: number): T {
  return (a.length - rows) * 16 <= a.length ? (a.subarray(0, rows) as T) : (a.slice(0, rows) as T);
}

/** Cell `[a, b)` of row `r` into column `c`; the first non-numeric cell turns the column to text. */
function storeCell(
  col: ColumnBuilder,
  c: number,
  bytes: Buffer,
  a: number,
  b: number,
  r: number,
  rowStart: Int32Array,
  d: number,
): void {
  const text = bytes.toString('utf8', a, b);
  if (col.values) {
    const v = numericText(text);
    if (v !== null) {
      col.values[r] = v;
      if (Number.isNaN(v)) col.missing++;
      return;
    }
    // Not a number: this column's earlier cells are wanted as text after all; re-read them.
    col.cells = [];
    for (let k = 0; k < r; k++) col.cells.push(fieldAt(bytes, rowStart[k]!, c, d));
    col.values = null;
  }
  col.cells!.push(text);
}

/** Field `index` of the row starting at `start`, as text (plain text: no field holds a delimiter). */
function fieldAt(bytes: Buffer, start: number, index: number, d: number): string {
  let a = start;
  for (let k = 0; k < index; k++) a = bytes.indexOf(d, a) + 1;
  let b = a;
  while (b < bytes.length && bytes[b] !== d && bytes[b] !== 10) b++;
  return bytes.toString('utf8', a, b);
}
