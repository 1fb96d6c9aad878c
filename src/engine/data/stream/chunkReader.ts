// Reads a CSV, TSV or JSONL file a few megabytes at a time as typed tables, synchronously, for streaming.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { DataFormat } from '../../../protocol/data';
import { streamFormats } from '../../../protocol/dataFormats';
import { DataError, type Location } from '../../errors';
import { typeColumns } from '../columnTypes';
import { parseDelimited } from '../csv';
import { detectDelimiter, type Delimiter } from '../delimiter';
import { parseJsonl } from '../jsonl';
import { ParquetLayout } from '../parquet';
import type { Cell, RawTable, Table } from '../table';
import { decodeUtf8 } from '../utf8';

/** Bytes read per chunk: large enough that per-chunk work is noise, small enough to stay far below any memory limit. */
export const defaultChunkBytes = 4 * 1024 * 1024;

/** One chunk: its rows as a typed table (locations in the whole file) and its first row's position. */
export interface Chunk {
  table: Table;
  /** 0-based data row of the file of the chunk's first row. */
  firstRow: number;
}

/**
 * Reads a CSV/TSV/JSONL file chunk by chunk: each chunk ends at a record boundary (a line break
 * outside quotes), is parsed by the same parser as a whole file (the CSV header prepended) and
 * typed by the same rules, and its locations point into the whole file. `next()` is synchronous
 * so a training loop can pull batches without awaiting; the file is opened by the constructor
 * and closed at the end or by `close()`.
 */
export class ChunkReader {
  private readonly fd: number;
  private readonly size: number;
  private position = 0;
  private carry = new Uint8Array(0);
  /** Where the carried bytes start in `scratch`. */
  private carryAt = 0;
  private scratch = new Uint8Array(0);
  /** Lines of the file before the carried bytes. */
  private linesBefore = 0;
  private header: string | null = null;
  private headerLine = 0;
  private delimiter: Delimiter = ',';
  private rows = 0;
  private done = false;
  private parquet: ParquetLayout | null = null;
  private group = 0;

  constructor(
    path: string,
    private readonly format: DataFormat,
    private readonly file: string,
    private readonly chunkBytes = defaultChunkBytes,
  ) {
    if (!streamFormats.includes(format)) {
      throw new DataError(
        `streaming reads CSV, TSV, JSONL and Parquet files; read a ${format} file without "stream"`,
        {
          file,
        },
      );
    }
    try {
      this.fd = openSync(path, 'r');
      this.size = fstatSync(this.fd).size;
    } catch (e) {
      throw new DataError(`cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, {
        file,
      });
    }
  }

  /** The CSV delimiter once the first chunk is read. */
  get detectedDelimiter(): Delimiter {
    return this.delimiter;
  }

  /** The next chunk with at least one row, or null at the end of the file. */
  next(): Chunk | null {
    if (this.format === 'parquet') return this.nextRowGroup();
    for (;;) {
      if (this.done) return null;
      const bytes = this.readBody();
      if (bytes === null) {
        this.close();
        return null;
      }
      const table = this.parse(bytes);
      if (table) {
        const chunk = { table, firstRow: this.rows };
        this.rows += table.nRows;
        return chunk;
      }
    }
  }

  /** Parquet: the next row group, read alone from its byte range (the footer read first). */
  private nextRowGroup(): Chunk | null {
    if (this.done) return null;
    if (this.parquet === null) {
      if (this.size < 12) throw new DataError('not a readable Parquet file: too short', { file: this.file });
      const last = this.readAt(this.size - 8, 8);
      const footer = new DataView(last.buffer).getUint32(0, true);
      if (footer + 8 > this.size)
        throw new DataError('not a readable Parquet file: bad footer length', { file: this.file });
      const tail = this.readAt(this.size - footer - 8, footer + 8);
      this.parquet = ParquetLayout.of(tail.buffer as ArrayBuffer, this.file);
    }
    const layout = this.parquet;
    const g = this.group;
    if (g >= layout.groupRows.length) {
      this.close();
      return null;
    }
    this.group++;
    const rows = layout.groupRows[g]!;
    if (rows === 0) return this.nextRowGroup();
    const { start, end } = layout.groupSpan(g);
    if (end > this.size)
      throw new DataError(`not a readable Parquet file: row group ${g + 1} lies outside the file`, {
        file: this.file,
      });
    const bytes = this.readAt(start, end - start);
    const cells = layout.names.map(() => new Array<Cell>(rows).fill(null));
    const firstRow = this.rows;
    layout.readGroup(g, bytes.buffer as ArrayBuffer, start, cells, 0, firstRow);
    const table = typeColumns(layout.table(cells, rows, firstRow));
    this.rows += rows;
    return { table, firstRow };
  }

  /** `length` bytes of the file from `position`. */
  private readAt(position: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    let got = 0;
    while (got < length) {
      const n = readSync(this.fd, out, got, length - got, position + got);
      if (n === 0) break;
      got += n;
    }
    return out;
  }

  close(): void {
    if (!this.done) closeSync(this.fd);
    this.done = true;
  }

  /** Bytes up to the last record boundary of the next read (all that is left at the end). */
  private readBody(): Uint8Array | null {
    if (this.position >= this.size && this.carry.length === 0) return null;
    const want = Math.min(this.chunkBytes, this.size - this.position);
    // One buffer reused chunk after chunk (the bytes are decoded before the next read): the
    // carried partial record first, the file's next bytes read straight after it.
    const need = this.carry.length + want;
    if (this.scratch.length < need) {
      const bigger = new Uint8Array(Math.max(need, this.scratch.length * 2));
      bigger.set(this.carry);
      this.scratch = bigger;
    } else this.scratch.copyWithin(0, this.carryAt, this.carryAt + this.carry.length);
    const start = this.carry.length;
    let got = 0;
    while (got < want) {
      const n = readSync(this.fd, this.scratch, start + got, want - got, this.position + got);
      if (n === 0) break;
      got += n;
    }
    this.position += got;
    const buffer = this.scratch.subarray(0, start + got);
    const atEnd = this.position >= this.size;
    let end = atEnd ? buffer.length : recordBoundary(buffer, this.format !== 'jsonl') + 1;
    if (end === 0) {
      // No boundary in the buffer: one record longer than a chunk; read on.
      this.carry = buffer;
      this.carryAt = 0;
      return this.position >= this.size ? this.readBody() : new Uint8Array(0);
    }
    if (end > buffer.length) end = buffer.length;
    this.carry = buffer.subarray(end);
    this.carryAt = end;
    return buffer.subarray(0, end);
  }

  private parse(bytes: Uint8Array): Table | null {
    const linesBefore = this.linesBefore;
    for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) this.linesBefore++;
    if (bytes.length === 0) return null;
    const shift = (e: unknown, offset: number): never => {
      if (e instanceof DataError && e.location.line !== undefined) {
        const line =
          e.location.line === 1 && this.format !== 'jsonl' && offset > 0
            ? this.headerLine
            : e.location.line + offset;
        throw new DataError(e.message, { ...e.location, line }, e.limit);
      }
      throw e;
    };
    let text: string;
    try {
      text = decodeUtf8(bytes, this.file);
    } catch (e) {
      return shift(e, linesBefore);
    }
    if (linesBefore === 0 && this.header === null && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (this.format === 'jsonl') {
      if (text.trim() === '') return null;
      let raw: RawTable;
      try {
        raw = parseJsonl(text, this.file);
      } catch (e) {
        return shift(e, linesBefore);
      }
      return relocated(typeColumns(raw), linesBefore);
    }
    let body = text;
    let offset = linesBefore;
    if (this.header === null) {
      // The first non-blank line is the header, as for a whole file.
      const lead = /^(?:[ \t]*\r?\n)*/.exec(text)![0];
      const lineEnd = text.indexOf('\n', lead.length);
      const header = text.slice(lead.length, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, '');
      if (header.trim() === '') return null;
      this.header = header;
      this.headerLine = linesBefore + (lead.split('\n').length - 1) + 1;
      this.delimiter = this.format === 'tsv' ? '\t' : detectDelimiter(text);
      body = lineEnd < 0 ? '' : text.slice(lineEnd + 1);
      offset = this.headerLine;
    }
    if (body.trim() === '') return null;
    let raw: RawTable;
    try {
      raw = parseDelimited(`${this.header}\n${body}`, this.delimiter, this.file);
    } catch (e) {
      return shift(e, offset - 1);
    }
    let table: Table;
    try {
      table = typeColumns(raw);
    } catch (e) {
      return shift(e, offset - 1);
    }
    const headerLine = this.headerLine;
    const moved = relocated(table, offset - 1);
    moved.locateHeader = (column) => ({ file: this.file, line: headerLine, column: column + 1 });
    return moved;
  }
}

/** Index of the last `\n` outside double quotes (quotes count only for CSV/TSV), or -1. */
function recordBoundary(bytes: Uint8Array, quotes: boolean): number {
  // Without a quote in the buffer every line break is a boundary (the common case, found natively).
  if (!quotes || bytes.indexOf(0x22) < 0) return bytes.lastIndexOf(0x0a);
  let quoted = false;
  let last = -1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x22) quoted = !quoted;
    else if (b === 0x0a && !quoted) last = i;
  }
  return last;
}

/** The table with its locations moved down by `lines` (the lines of the file before its text). */
function relocated(table: Table, lines: number): Table {
  const move = (l: Location): Location => (l.line === undefined ? l : { ...l, line: l.line + lines });
  const { locate, locateHeader } = table;
  for (const column of table.columns) {
    if ((column.kind === 'numeric' || column.kind === 'unusable') && column.problem) {
      const p = column.problem;
      p.error = new DataError(p.error.message, move(p.error.location), p.error.limit);
      p.examples = p.examples.map((e) => ({ ...e, location: move(e.location) }));
    }
  }
  return { ...table, locate: (r, c) => move(locate(r, c)), locateHeader: (c) => move(locateHeader(c)) };
}
