// The column names of a data file, read as cheaply as its format allows, for `validate`.
import { open } from 'node:fs/promises';
import Papa from 'papaparse';
import { parquetMetadataAsync, parquetSchema } from 'hyparquet';
import type { DataFormat } from '../../protocol/data';
import { DataError } from '../errors';
import { columnNames } from './columnNames';
import { detectDelimiter } from './delimiter';
import { missingColumnMessage } from './findColumn';
import { loadTable } from './loadTable';
import { decodeUtf8 } from './utf8';

/** Enough for any header line in practice; a longer first line is read whole by the loader instead. */
const headChars = 1 << 20;

/**
 * The column names of a data file: for CSV/TSV its first non-blank line (papaparse, delimiter
 * detected), for Parquet its footer's schema; JSON and JSONL name their columns only in the
 * records, so those are loaded whole (within `maxBytes`).
 */
export async function readColumnNames(
  path: string,
  format: DataFormat,
  file: string,
  maxBytes?: number,
): Promise<string[]> {
  if (format === 'json' || format === 'jsonl') {
    const table = await loadTable(path, { format, displayName: file, ...(maxBytes ? { maxBytes } : {}) });
    return table.columns.map((c) => c.name);
  }
  const handle = await open(path, 'r').catch(() => {
    throw new DataError('cannot read the file', { file });
  });
  try {
    const size = (await handle.stat()).size;
    if (format === 'parquet') {
      const buffer = {
        byteLength: size,
        slice: async (start: number, end?: number) => {
          const length = (end ?? size) - start;
          const out = new Uint8Array(length);
          await handle.read(out, 0, length, start);
          return out.buffer;
        },
      };
      try {
        return parquetSchema(await parquetMetadataAsync(buffer)).children.map((c) => c.element.name);
      } catch (e) {
        throw new DataError(`not a readable Parquet file: ${(e as Error).message}`, { file });
      }
    }
    const bytes = new Uint8Array(Math.min(size, headChars * 4));
    await handle.read(bytes, 0, bytes.length, 0);
    // Cut at the last line break, so no UTF-8 sequence is split.
    const end = bytes.lastIndexOf(0x0a);
    const text = decodeUtf8(end > 0 && bytes.length < size ? bytes.subarray(0, end) : bytes, file);
    const delimiter = format === 'tsv' ? '\t' : detectDelimiter(text);
    const first = Papa.parse<string[]>(text, { delimiter, preview: 1, skipEmptyLines: 'greedy' }).data[0];
    if (!first) throw new DataError('the file is empty', { file });
    return columnNames(first, file, 1);
  } finally {
    await handle.close();
  }
}

/** The target and feature names missing from `names`, as messages at their experiment paths. */
export function missingColumns(
  names: string[],
  target: string,
  features: string[] | undefined,
  /** The data file, so its column names are quoted only when it is named as a data file. */
  file?: string,
): { path: string; message: string }[] {
  const have = new Set(names);
  const issues: { path: string; message: string }[] = [];
  if (!have.has(target))
    issues.push({ path: 'data.target', message: missingColumnMessage(target, names, 'target column', file) });
  features?.forEach((f, i) => {
    if (!have.has(f))
      issues.push({
        path: `data.features[${i}]`,
        message: missingColumnMessage(f, names, 'feature column', file),
      });
  });
  return issues;
}
