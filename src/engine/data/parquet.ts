// parseParquet: Reads a Parquet file (its bytes) into a raw table (also ParquetLayout).
import {
  parquetMetadata,
  parquetSchema,
  type ColumnMetaData,
  type DecodedArray,
  type FileMetaData,
  type PageHeader,
  type SchemaTree,
} from 'hyparquet';
import { parquetHeader, readPage } from 'hyparquet/src/column.js';
import { convert, DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { compressors } from 'hyparquet-compressors';
import { DataError } from '../errors';
import { cellError, type Cell, type ColumnProblem, type RawTable, type TableSource } from './table';

/** Dates and times as numbers, so they can be features when the user lists them. */
const units = {
  date: 'days since 1970-01-01',
  timestamp: 'seconds since 1970-01-01 00:00 UTC',
} as const;

const numericParsers = {
  ...DEFAULT_PARSERS,
  dateFromDays: (days: number) => days,
  timestampFromMilliseconds: (ms: bigint | number) => Number(ms) / 1e3,
  timestampFromMicroseconds: (us: bigint | number) => Number(us) / 1e6,
  timestampFromNanoseconds: (ns: bigint | number) => Number(ns) / 1e9,
};

/** The unit of a date/time column's numbers, or null for other columns. */
function dateTimeUnit(element: SchemaTree['element']): string | null {
  const ctype = element.converted_type;
  const ltype = element.logical_type?.type;
  if (ctype === 'DATE' || ltype === 'DATE') return units.date;
  if (ctype === 'TIMESTAMP_MILLIS' || ctype === 'TIMESTAMP_MICROS' || ltype === 'TIMESTAMP')
    return units.timestamp;
  if (element.type === 'INT96' && ctype === undefined) return units.timestamp;
  return null;
}

/**
 * Reads a Parquet file (its bytes) into a raw table. Top-level scalar columns become cells:
 * numbers and booleans as they are (FLOAT as the double nearest the stored float; an infinite
 * value becomes the text `Infinity`, so it gets CSV's "expected a number" rule; NaN is missing),
 * INT64 as a number when it is an integer a double holds exactly (|v| <= 2^53 - 1), strings as
 * text, null as missing, DATE as days and TIMESTAMP as seconds since 1970 (with their unit).
 * A column that cannot be used (nested, binary without a UTF8 annotation, integers too large, a
 * page it cannot decode) is marked unusable with a message naming it and the feature, and stops
 * only an experiment that uses it. Pages compressed with SNAPPY, GZIP, BROTLI, ZSTD, LZ4 and
 * LZ4_RAW are read (hyparquet-compressors). Parquet has no lines: locations name the file, and
 * messages about a value name its 1-based row.
 *
 * hyparquet decodes the file, but this function walks the column chunks and pages itself rather
 * than calling `parquetReadObjects`, for two reasons found by fuzzing hyparquet 1.31: a damaged
 * page header that lacks a required field sends its decoder into an endless loop (a NaN offset
 * that never reaches the end), so every header is checked before its page is decoded; and an
 * error in one column can leave the reads of the others rejected with no handler, which crashes
 * the process. Reading synchronously, column chunk by column chunk, leaves nothing pending.
 */
export async function parseParquet(bytes: Uint8Array, file: string): Promise<RawTable> {
  if (bytes.length === 0) throw new DataError('the file is empty', { file });
  // hyparquet reads from an ArrayBuffer holding exactly the file.
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const layout = ParquetLayout.of(buffer, file);
  const cells: Cell[][] = layout.names.map(() => new Array<Cell>(layout.nRows).fill(null));
  let groupStart = 0;
  for (let g = 0; g < layout.groupRows.length; g++) {
    layout.readGroup(g, buffer, 0, cells, groupStart, groupStart);
    groupStart += layout.groupRows[g]!;
  }
  return layout.table(cells, layout.nRows);
}

/** hyparquet's own errors say what it found; a TypeError or RangeError means it tripped over damaged bytes. */
const reason = (e: unknown) =>
  e instanceof TypeError || e instanceof RangeError ? 'the file is damaged' : (e as Error).message;

/**
 * A Parquet file's columns and row groups as its footer describes them, and the reading of one
 * row group into cells: shared by the whole-file read and streaming (one row group at a time).
 * Column problems found in any row group stay with the column.
 */
export class ParquetLayout {
  readonly names: string[];
  readonly nRows: number;
  readonly groupRows: number[];
  readonly unusable: (ColumnProblem | null)[];
  private readonly source: TableSource;
  private readonly index = new Map<string, number>();
  private readonly columns: SchemaTree[];

  private constructor(
    readonly metadata: FileMetaData,
    private readonly root: SchemaTree,
    readonly file: string,
  ) {
    this.source = { file, format: 'parquet', locate: () => ({ file }), locateHeader: () => ({ file }) };
    this.columns = root.children;
    this.names = this.columns.map((c) => c.element.name);
    if (this.names.length === 0) throw new DataError('the file has no columns', { file });
    this.names.forEach((name, c) => {
      if (this.index.has(name)) throw new DataError(`duplicate column name "${name}"`, { file });
      this.index.set(name, c);
    });
    this.unusable = this.names.map(() => null);
    this.columns.forEach((column, c) => {
      if (column.children.length > 0 || column.element.repetition_type === 'REPEATED') {
        this.refuse(
          c,
          `column "${column.element.name}" holds nested values (a list, map or struct); only numbers, booleans and text can be used`,
        );
      }
    });
    const nRows = safeCount(metadata.num_rows);
    const groupRows = metadata.row_groups.map((g) => safeCount(g.num_rows));
    if (nRows === undefined || groupRows.some((n) => n === undefined)) throw this.unreadable('bad row count');
    if (groupRows.reduce<number>((a, n) => a + n!, 0) !== nRows) {
      throw this.unreadable(`the row groups do not add up to the file's ${nRows} rows`);
    }
    if (nRows === 0) {
      throw new DataError(`the file has ${this.names.length} columns but no data rows`, { file });
    }
    this.nRows = nRows;
    this.groupRows = groupRows as number[];
  }

  /** The layout of a file from a buffer that ends with its footer (the whole file, or just its tail). */
  static of(tail: ArrayBuffer, file: string): ParquetLayout {
    let metadata: FileMetaData;
    let root: SchemaTree;
    try {
      metadata = parquetMetadata(tail);
      root = parquetSchema(metadata);
    } catch (e) {
      throw new DataError(`not a readable Parquet file: ${reason(e)}`, { file });
    }
    return new ParquetLayout(metadata, root, file);
  }

  /** File offsets [start, end) spanned by the column chunks of row group `g`. */
  groupSpan(g: number): { start: number; end: number } {
    let start = Infinity;
    let end = 0;
    for (const chunk of this.metadata.row_groups[g]!.columns) {
      const meta = chunk.meta_data;
      if (!meta) continue;
      const s = Number(meta.dictionary_page_offset || meta.data_page_offset);
      start = Math.min(start, s);
      end = Math.max(end, s + Number(meta.total_compressed_size));
    }
    if (!(start >= 4 && end > start)) throw this.unreadable(`row group ${g + 1} lies outside the file`);
    return { start, end };
  }

  /**
   * Reads row group `g` from `buffer` (which holds the file from offset `base`) into `cells` at
   * `at`; `firstRow` is the group's first row in the file, for messages.
   */
  readGroup(
    g: number,
    buffer: ArrayBuffer,
    base: number,
    cells: Cell[][],
    at: number,
    firstRow: number,
  ): void {
    const rows = this.groupRows[g]!;
    const seen = new Set<number>();
    const { names, columns } = this;
    for (const chunk of this.metadata.row_groups[g]!.columns) {
      const meta = chunk.meta_data;
      // A nested column has a chunk per leaf, under its top-level name; it is refused unread.
      const c = meta ? this.index.get(meta.path_in_schema[0]!) : undefined;
      const nested = c !== undefined && columns[c]!.children.length > 0;
      if (
        meta === undefined ||
        c === undefined ||
        (!nested && (meta.path_in_schema.length !== 1 || seen.has(c)))
      ) {
        throw this.unreadable(`row group ${g + 1} has a column chunk that matches no column`);
      }
      seen.add(c);
      if (this.unusable[c]) continue;
      let values: unknown[];
      try {
        values = readChunk(buffer, base, meta, [this.root, columns[c]!], rows);
      } catch (e) {
        this.refuse(c, `cannot read column "${names[c]}", row group ${g + 1}: ${reason(e)}`);
        continue;
      }
      const out = cells[c]!;
      for (let r = 0; r < rows; r++) {
        const cell = toCell(values[r]);
        if (typeof cell === 'object' && cell !== null) {
          this.refuse(c, `column "${names[c]}" holds ${cell.problem}`, firstRow + r);
          break;
        }
        out[at + r] = cell;
      }
    }
    if (seen.size !== names.length) throw this.unreadable(`row group ${g + 1} lacks some columns`);
  }

  /** The raw table of `cells` (`nRows` rows; the first is file row `rowOffset`). */
  table(cells: Cell[][], nRows: number, rowOffset = 0): RawTable {
    for (const [c, problem] of this.unusable.entries()) if (problem) cells[c] = [];
    const units = this.columns.map((column) => dateTimeUnit(column.element));
    return {
      ...this.source,
      ...(rowOffset ? { rowOffset } : {}),
      names: this.names,
      cells,
      nRows,
      unusable: [...this.unusable],
      units,
    };
  }

  private unreadable(detail: string): DataError {
    return new DataError(`not a readable Parquet file: ${detail}`, { file: this.file });
  }

  // A problem with a value names its row; one with the whole column (nested, undecodable) does not.
  private refuse(c: number, message: string, row?: number): void {
    if (this.unusable[c]) return;
    const error =
      row === undefined
        ? new DataError(message, { file: this.file })
        : cellError(this.source, row, c, message);
    this.unusable[c] = {
      error,
      count: 1,
      examples: [{ row: row ?? 0, location: error.location, found: message }],
    };
  }
}

/**
 * Decodes one column chunk of a top-level, non-repeated column (`schemaPath` is [root, column])
 * into `rows` values: page by page,
 * each header checked before hyparquet decodes its page.
 */
function readChunk(
  buffer: ArrayBuffer,
  base: number,
  meta: ColumnMetaData,
  schemaPath: SchemaTree[],
  rows: number,
): unknown[] {
  const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
  const length = Number(meta.total_compressed_size);
  // The footer (its length and PAR1) follows the last chunk; a buffer of one row group ends with it.
  const end = base === 0 ? buffer.byteLength - 8 : buffer.byteLength;
  if (!(start >= 4 && start >= base && length > 0 && start - base + length <= end)) {
    throw new Error('the column chunk lies outside the file');
  }
  const reader = { view: new DataView(buffer, start - base, length), offset: 0 };
  const decoder = {
    pathInSchema: meta.path_in_schema,
    type: meta.type,
    element: schemaPath[1]!.element,
    schemaPath,
    codec: meta.codec,
    compressors,
    parsers: numericParsers,
    // BYTE_ARRAY without a UTF8/STRING annotation stays bytes, to be refused (not decoded lossily).
    utf8: false,
  };
  const values: unknown[] = [];
  let dictionary: DecodedArray | undefined;
  while (values.length < rows) {
    if (reader.offset >= length)
      throw new Error(`the column chunk ends after ${values.length} of ${rows} rows`);
    const header = parquetHeader(reader);
    checkHeader(header, length - reader.offset, rows - values.length);
    const v2 = header.data_page_header_v2;
    if (
      v2 &&
      header.compressed_page_size === v2.definition_levels_byte_length + v2.repetition_levels_byte_length
    ) {
      // All nulls: no value bytes, which no decompressor takes as a compressed block.
      v2.is_compressed = false;
    }
    const page = readPage(reader, header, decoder, dictionary, undefined, 0);
    if (header.type === 'DICTIONARY_PAGE') {
      if (page.data) dictionary = convert(page.data, decoder);
    } else {
      const data = page.data ?? [];
      if (values.length + data.length > rows) throw new Error('a page holds more rows than the row group');
      for (let i = 0; i < data.length; i++) values.push(data[i]);
      if (data.length === 0) throw new Error('an empty data page');
    }
  }
  return values;
}

/** Throws unless every field the Parquet format requires of this page header is present and sane. */
function checkHeader(header: PageHeader, bytesLeft: number, rowsLeft: number): void {
  const count = (v: unknown, max = Infinity) =>
    typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
  const bad = (what: string) => new Error(`damaged page header (${what})`);
  if (!count(header.compressed_page_size, bytesLeft)) throw bad('compressed size');
  if (!count(header.uncompressed_page_size)) throw bad('uncompressed size');
  switch (header.type) {
    case 'DICTIONARY_PAGE': {
      const h = header.dictionary_page_header;
      if (!h || !count(h.num_values) || h.encoding === undefined) throw bad('dictionary page');
      return;
    }
    case 'DATA_PAGE': {
      const h = header.data_page_header;
      if (
        !h ||
        !count(h.num_values, rowsLeft) ||
        h.encoding === undefined ||
        h.definition_level_encoding === undefined ||
        h.repetition_level_encoding === undefined
      ) {
        throw bad('data page');
      }
      return;
    }
    case 'DATA_PAGE_V2': {
      const h = header.data_page_header_v2;
      if (
        !h ||
        !count(h.num_values, rowsLeft) ||
        !count(h.num_rows, rowsLeft) ||
        !count(h.num_nulls, h.num_values) ||
        h.encoding === undefined ||
        !count(h.definition_levels_byte_length) ||
        !count(h.repetition_levels_byte_length) ||
        h.definition_levels_byte_length + h.repetition_levels_byte_length > header.compressed_page_size
      ) {
        throw bad('data page v2');
      }
      return;
    }
    default:
      throw bad(`page type ${String(header.type)}`);
  }
}

/** A row count from the metadata as a number, or undefined when it is not a usable count. */
function safeCount(n: bigint | number): number | undefined {
  const v = Number(n);
  return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
}

/**
 * A decoded value as a cell, or why the column cannot be used. The limit on integers is that a
 * double holds every integer up to 2^53 − 1 exactly, and beyond it neighbouring ids would merge.
 */
function toCell(value: unknown): Cell | { problem: string } {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) || Number.isNaN(value) ? value : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') {
    if (value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER))
      return Number(value);
    return {
      problem: `${value}, an integer too large to use as a number exactly (the limit is ±${Number.MAX_SAFE_INTEGER}); convert the column to float64 or leave it out`,
    };
  }
  if (value instanceof Uint8Array) {
    return {
      problem:
        'binary data (BYTE_ARRAY without a UTF8/STRING annotation); only numbers, booleans and text can be used (write the column as strings to use it as categories)',
    };
  }
  return { problem: 'a nested value; only numbers, booleans and text can be used' };
}
