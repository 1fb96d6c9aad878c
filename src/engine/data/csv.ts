import Papa from 'papaparse';
import { DataError } from '../errors';
import { LineIndex } from './textPosition';
import type { Cell, RawTable } from './table';

/**
 * Parses CSV or TSV text (already decoded, BOM dropped) into a raw table. papaparse does the
 * parsing (quotes, escaped quotes, delimiters and line breaks inside quoted fields, CRLF); this
 * file adds what it does not: the header, ragged rows and quote errors as located DataErrors,
 * and each row's physical line. Locations are `line:field`: the line where the row starts and the
 * 1-based field index. Empty lines (and lines holding only spaces) are skipped.
 */
export function parseDelimited(text: string, delimiter: ',' | '\t', file: string): RawTable {
  const lines = new LineIndex(text);
  const rows: string[][] = [];
  const rowStarts: number[] = [];
  let cursor = 0;
  let failure: DataError | null = null;

  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: true,
    step: (result, parser) => {
      // papaparse's cursor is the offset after the row; the row starts after the previous one
      // and any empty lines it skipped.
      let start = cursor;
      while (start < text.length && (text[start] === '\n' || text[start] === '\r')) start++;
      cursor = result.meta.cursor;
      const quoteError = result.errors.find((e) => e.type === 'Quotes');
      if (quoteError) {
        failure = quoteProblem(text, start, quoteError, delimiter, lines, file);
        parser.abort();
        return;
      }
      const fields = result.data;
      if (fields.length === 1 && fields[0]!.trim() === '') return;
      rows.push(fields);
      rowStarts.push(start);
    },
  });
  if (failure) throw failure;

  const header = rows[0];
  if (header === undefined) throw new DataError('the file is empty', { file });
  const headerLine = lines.line(rowStarts[0]!);
  if (rows.length === 1) {
    throw new DataError('the file has a header row but no data rows', { file, line: headerLine });
  }
  const names = columnNames(header, file, headerLine);
  const nRows = rows.length - 1;
  const rowLines = new Int32Array(nRows);
  const cells: Cell[][] = names.map(() => new Array<Cell>(nRows));
  for (let r = 0; r < nRows; r++) {
    const fields = rows[r + 1]!;
    const line = lines.line(rowStarts[r + 1]!);
    rowLines[r] = line;
    if (fields.length !== names.length) {
      throw new DataError(`expected ${names.length} fields (as in the header), found ${fields.length}`, {
        file,
        line,
        column: Math.min(fields.length, names.length) + 1,
      });
    }
    for (let c = 0; c < names.length; c++) cells[c]![r] = fields[c]!;
  }
  const format = delimiter === ',' ? 'csv' : 'tsv';
  return {
    file,
    format,
    names,
    cells,
    nRows,
    locate: (row, column) => ({ file, line: rowLines[row], column: column + 1 }),
    locateHeader: (column) => ({ file, line: headerLine, column: column + 1 }),
  };
}

/**
 * Column names from the header row, trimmed. An empty name becomes `Unnamed: <index>` as pandas
 * names it (a CSV written by `DataFrame.to_csv` starts with an unnamed index column); a repeated
 * name is an error, since columns are chosen by name.
 */
function columnNames(header: string[], file: string, line: number): string[] {
  const seen = new Map<string, number>();
  return header.map((raw, c) => {
    const name = raw.trim() === '' ? `Unnamed: ${c}` : raw.trim();
    const first = seen.get(name);
    if (first !== undefined) {
      throw new DataError(`duplicate column name "${name}" (fields ${first + 1} and ${c + 1})`, {
        file,
        line,
        column: c + 1,
      });
    }
    seen.set(name, c);
    return name;
  });
}

/**
 * A located error for a quote papaparse could not make sense of. Its `index` is just after the
 * opening quote of the bad field; the field's number is found by counting the delimiters outside
 * quotes between the row's start and that quote (that stretch parsed fine, so a simple scan
 * suffices).
 */
function quoteProblem(
  text: string,
  rowStart: number,
  error: Papa.ParseError,
  delimiter: string,
  lines: LineIndex,
  file: string,
): DataError {
  const quoteAt = Math.max(rowStart, Math.min(text.length, (error.index ?? rowStart + 1) - 1));
  let field = 1;
  let quoted = false;
  for (let i = rowStart; i < quoteAt; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) field++;
  }
  const message =
    error.code === 'MissingQuotes'
      ? 'a quoted field is never closed (a `"` opens it and no closing `"` follows)'
      : 'malformed quoted field: text follows its closing quote (write a quote inside a quoted field as "")';
  return new DataError(message, { file, line: lines.line(quoteAt), column: field });
}
