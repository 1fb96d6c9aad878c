import assert from 'node:assert/strict';
import { DataError } from '../../../src/engine/errors';
import { parseTableBytes } from '../../../src/engine/data/loadTable';
import { usableOrThrow, type Table } from '../../../src/engine/data/table';
import type { DataFormat } from '../../../src/protocol/data';

/**
 * Parses `text` as a file of the given format named `file`, and throws the first column problem
 * (as an experiment using every column would); {@link parseLenient} keeps them in the table.
 */
export async function parseText(text: string, format: DataFormat, file = `data.${format}`): Promise<Table> {
  const table = await parseLenient(text, format, file);
  table.columns.forEach(usableOrThrow);
  return table;
}

/** Parses `text` as a file of the given format named `file`; column problems stay in the table. */
export function parseLenient(text: string, format: DataFormat, file = `data.${format}`): Promise<Table> {
  return parseTableBytes(new TextEncoder().encode(text), format, file);
}

/** Asserts that `promise` rejects with a DataError whose `format()` is exactly `expected`. */
export async function rejectsWith(
  promise: Promise<unknown> | (() => unknown),
  expected: string | RegExp,
): Promise<void> {
  let error: unknown;
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof DataError, `expected a DataError, got ${String(error)}`);
  if (typeof expected === 'string') assert.equal(error.format(), expected);
  else assert.match(error.format(), expected);
}
