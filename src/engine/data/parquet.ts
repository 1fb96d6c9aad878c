import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { DataError } from '../errors';
import type { Cell, RawTable } from './table';

/**
 * Reads a Parquet file with hyparquet's async API on the file's bytes. Top-level scalar columns
 * become cells: numbers and booleans as they are, INT64 (bigint) as the nearest double, strings as
 * text, null as missing. Nested, binary and date/time columns cannot be features yet and are an
 * error naming the column. Parquet has no lines: locations name the file, messages the row.
 */
export async function parseParquet(bytes: Uint8Array, file: string): Promise<RawTable> {
  if (bytes.length === 0) throw new DataError('the file is empty', { file });
  // hyparquet reads from an ArrayBuffer holding exactly the file.
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let names: string[];
  let rows: Record<string, unknown>[];
  try {
    const metadata = parquetMetadata(buffer);
    names = parquetSchema(metadata).children.map((child) => child.element.name);
    rows = await parquetReadObjects({ file: buffer, metadata, rowFormat: 'object' });
  } catch (e) {
    throw new DataError(`not a readable Parquet file: ${(e as Error).message}`, { file });
  }
  if (names.length === 0) throw new DataError('the file has no columns', { file });
  if (rows.length === 0) throw new DataError('the file has columns but no rows', { file });
  const cells: Cell[][] = names.map((name) => rows.map((row, r) => toCell(row[name], name, r, file)));
  return {
    file,
    format: 'parquet',
    names,
    cells,
    nRows: rows.length,
    locate: () => ({ file }),
    locateHeader: () => ({ file }),
  };
}

function toCell(value: unknown, column: string, row: number, file: string): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  const what =
    value instanceof Date ? 'a date/time' : value instanceof Uint8Array ? 'binary data' : 'a nested value';
  throw new DataError(
    `column "${column}" holds ${what} (row ${row + 1}); only numbers, booleans and text can be used`,
    {
      file,
    },
  );
}
