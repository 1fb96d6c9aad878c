// loadTable: Reads a data file into a typed table (also defaultMaxBytes, LoadTableOptions, parseTableBytes,
// formatBytes).
import { readFile, stat } from 'node:fs/promises';
import { DataError } from '../errors';
import type { DataFormat } from '../../protocol/data';
import { typeColumns } from './columnTypes';
import { parseDelimitedBytes } from './csv';
import { detectFormat } from './detectFormat';
import { parseJson } from './json';
import { parseJsonl } from './jsonl';
import { parseParquet } from './parquet';
import type { RawTable, Table } from './table';
import { decodeUtf8 } from './utf8';

/** Files above this size are refused unless a caller raises the cap (strings past ~512 MB break V8). */
export const defaultMaxBytes = 256 * 1024 * 1024;

export interface LoadTableOptions {
  /** Overrides detection by extension. */
  format?: DataFormat;
  /** Largest file read, in bytes; checked before reading. */
  maxBytes?: number;
  /** The path as the user wrote it, for messages; defaults to `path`. */
  displayName?: string;
}

/**
 * Reads a data file into a typed table. The size is checked with `stat` before anything is read,
 * so an oversized file is refused without being loaded. Every user-facing failure (missing file,
 * wrong format, malformed content) is a DataError naming the file as the user gave it.
 */
export async function loadTable(path: string, options: LoadTableOptions = {}): Promise<Table> {
  const file = options.displayName ?? path;
  const format = detectFormat(path, file, options.format);
  const maxBytes = options.maxBytes ?? defaultMaxBytes;
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new DataError('not a file', { file });
    size = info.size;
  } catch (e) {
    throw e instanceof DataError ? e : fileSystemError(e, file);
  }
  if (size > maxBytes) {
    throw new DataError(
      `the file is ${formatBytes(size)}, larger than the limit of ${formatBytes(maxBytes)}`,
      { file },
      'maxBytes',
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw fileSystemError(e, file);
  }
  return parseTableBytes(bytes, format, file);
}

/** Parses a file's bytes (the part of `loadTable` after reading), for tests and in-memory data. */
export async function parseTableBytes(bytes: Uint8Array, format: DataFormat, file: string): Promise<Table> {
  return typeColumns(await parseRaw(bytes, format, file));
}

async function parseRaw(bytes: Uint8Array, format: DataFormat, file: string): Promise<RawTable> {
  if (format === 'parquet') return parseParquet(bytes, file);
  if (format === 'csv' || format === 'tsv')
    return parseDelimitedBytes(bytes, format === 'tsv' ? '\t' : null, file);
  const text = decodeUtf8(bytes, file);
  switch (format) {
    case 'json':
      return parseJson(text, file);
    case 'jsonl':
      return parseJsonl(text, file);
  }
}

function fileSystemError(e: unknown, file: string): DataError {
  const code = (e as NodeJS.ErrnoException).code;
  const words =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'not a file'
          : `cannot read the file (${(e as Error).message})`;
  return new DataError(words, { file });
}

/** `812 bytes`, `3.4 MB (3565158 bytes)`: sizes for messages, in powers of 1024 with the exact count. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]} (${n} bytes)`;
}
