import assert from 'node:assert/strict';
import { DataError } from '../../../src/engine/errors';
import { parseTableBytes } from '../../../src/engine/data/loadTable';
import type { Table } from '../../../src/engine/data/table';
import type { DataFormat } from '../../../src/protocol/data';

/** Parses `text` as a file of the given format named `file`. */
export function parseText(text: string, format: DataFormat, file = `data.${format}`): Promise<Table> {
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
