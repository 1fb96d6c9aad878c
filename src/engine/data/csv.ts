// parseDelimited: Parses CSV or TSV text (already decoded, BOM dropped) into a raw table. papaparse does
// the parsing (quotes, escaped quotes, delimiters and line breaks inside quoted fields, CRLF).
import { isUtf8 } from 'node:buffer';
import Papa from 'papaparse';
import { DataError } from '../errors';
import { detectDelimiter, sampleChars, type Delimiter } from './delimiter';
import { columnNames } from './columnNames';
import { isPlainBytes, isPlainDelimited, parsePlainBytes, parsePlainDelimited } from './plainCsv';
import { LineIndex } from './textPosition';
import type { Cell, RawTable } from './table';
import { decodeUtf8 } from './utf8';

/**
 * Parses a CSV or TSV file's bytes into a raw table, as {@link parseDelimited} parses their text,
 * with the delimiter detected when null. Plain UTF-8 (most data files) is read from the bytes
 * without decoding the file; anything else is decoded (a located error if it is not UTF-8) and
 * parsed as text.
 */
export function parseDelimitedBytes(bytes: Uint8Array, delimiter: Delimiter | null, file: string): RawTable {
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isPlainBytes(buffer) || !isUtf8(buffer)) {
    const text = decodeUtf8(bytes, file);
    return parseDelimited(text, delimiter ?? detectDelimiter(text), file);
  }
  // The decoder drops a byte order mark; so does this reader.
  const from = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  return parsePlainBytes(buffer, from, delimiter ?? detectDelimiter(decodedHead(buffer, from)), file);
}

/**
 * The text of the file's first bytes, enough that {@link detectDelimiter} sees the sample it would
 * see in the whole text: a UTF-16 code unit takes at most 3 bytes, so these decode to more than
 * `sampleChars` units (or are the whole file). Cut before a character's continuation bytes.
 */
function decodedHead(bytes: Buffer, from: number): string {
  let end = Math.min(bytes.length, from + 3 * sampleChars + 4);
  while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.toString('utf8', from, end);
}

/**
 * Parses CSV or TSV text (already decoded, BOM dropped) into a raw table. papaparse does the
 * parsing (quotes, escaped quotes, delimiters and line breaks inside quoted fields, CRLF); this
 * file adds what it does not: the header, ragged rows and quote errors as located DataErrors,
 * and each row's physical line. Locations are `line:field`: the line where the row starts and the
 * 1-based field index. Empty lines (and lines holding only spaces) are skipped.
 */
export function parseDelimited(text: string, delimiter: Delimiter, file: string): RawTable {
  // Most data files have neither quotes nor CRLF: read those without a string per cell.
  if (isPlainDelimited(text)) return parsePlainDelimited(text, delimiter, file);
  return parseWithPapaparse(text, delimiter, file);
}

/** {@link parseDelimited} through papaparse, for any text (quoted fields, CRLF, lone CR). */
export function parseWithPapaparse(text: string, delimiter: Delimiter, file: string): RawTable {
  const lines = new LineIndex(text);
  let header: string[] | null = null;
  let headerLine = 0;
  // Cells go straight into their columns as papaparse hands over each row, rather than keeping
  // every row's array to the end: at 100k rows those arrays were most of the parsing garbage.
  let cells: Cell[][] = [];
  const rowLines: number[] = [];
  let dataRows = 0;
  let ragged: DataError | null = null;
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
      if (header === null) {
        header = fields;
        headerLine = lines.line(start);
        cells = fields.map(() => []);
        return;
      }
      dataRows++;
      if (ragged) return;
      const line = lines.line(start);
      if (fields.length !== header.length) {
        // Reported after the parse, so that a quote error anywhere still comes first.
        ragged = new DataError(
          `expected ${header.length} fields (as in the header), found ${fields.length}`,
          {
            file,
            line,
            column: Math.min(fields.length, header.length) + 1,
          },
        );
        return;
      }
      rowLines.push(line);
      for (let c = 0; c < fields.length; c++) cells[c]!.push(fields[c]!);
    },
  });
  if (failure) throw failure;

  if (header === null) throw new DataError('the file is empty', { file });
  if (dataRows === 0) {
    throw new DataError('the file has a header row but no data rows', { file, line: headerLine });
  }
  const names = columnNames(header, file, headerLine);
  if (ragged) throw ragged;
  const nRows = dataRows;
  const lineOf = Int32Array.from(rowLines);
  const format = delimiter === '\t' ? 'tsv' : 'csv';
  return {
    file,
    format,
    delimiter,
    names,
    cells,
    nRows,
    locate: (row, column) => ({ file, line: lineOf[row], column: column + 1 }),
    locateHeader: (column) => ({ file, line: headerLine, column: column + 1 }),
  };
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
