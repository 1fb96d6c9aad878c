import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTable, parseTableBytes } from '../../../src/engine/data/loadTable';
import type { Column, Table } from '../../../src/engine/data/table';
import { DataError } from '../../../src/engine/errors';
import { cli } from '../../helpers/cli';
import { rejectsWith } from './helpers';
import { prepareDataset } from '../../../src/engine/data/dataset';
import { dataSpecSchema } from '../../../src/protocol/data';

// The .parquet files are written by scripts/writeParquetFixtures.mjs (hyparquet-writer).
const root = join(__dirname, '../../..');
const fixture = (name: string): string => join(root, 'test/fixtures/data', name);
const iris = join(root, 'samples/iris.parquet');

/** A column's values as plain data, for deepEqual across formats. */
function plain(column: Column): unknown {
  switch (column.kind) {
    case 'numeric':
    case 'boolean':
      return { ...column, values: Array.from(column.values) };
    case 'categorical':
      return { ...column, codes: Array.from(column.codes) };
    case 'empty':
    case 'unusable':
      return column;
  }
}

const byName = (table: Table, name: string): Column => table.columns.find((c) => c.name === name)!;

test('samples/iris.parquet loads to the same columns as samples/iris.csv', async () => {
  const fromParquet = await loadTable(iris);
  const fromCsv = await loadTable(join(root, 'samples/iris.csv'));
  assert.equal(fromParquet.format, 'parquet');
  assert.equal(fromParquet.nRows, 150);
  assert.deepEqual(fromParquet.columns.map(plain), fromCsv.columns.map(plain));
});

test('INT64 becomes numbers, BOOLEAN boolean, STRING categorical, nulls missing', async () => {
  const t = await loadTable(fixture('types.parquet'), { displayName: 'types.parquet' });
  assert.equal(t.nRows, 5);
  assert.deepEqual(
    t.columns.map((c) => [c.name, c.kind, c.missing]),
    [
      ['real', 'numeric', 1],
      ['small', 'numeric', 1],
      ['big', 'numeric', 1],
      ['flag', 'boolean', 1],
      ['label', 'categorical', 1],
    ],
  );
  assert.deepEqual(plain(byName(t, 'real')), {
    kind: 'numeric',
    name: 'real',
    values: [1.5, NaN, -2.25, 4, 0.1],
    missing: 1,
  });
  assert.deepEqual(Array.from((byName(t, 'small') as { values: Float64Array }).values), [1, 2, NaN, -4, 5]);
  // 2^53 - 1, the largest integer a double holds exactly, is still accepted.
  assert.deepEqual(Array.from((byName(t, 'big') as { values: Float64Array }).values), [
    10,
    -20,
    30,
    NaN,
    Number.MAX_SAFE_INTEGER,
  ]);
  assert.deepEqual(Array.from((byName(t, 'flag') as { values: Float64Array }).values), [1, 0, NaN, 1, 0]);
  assert.deepEqual(plain(byName(t, 'label')), {
    kind: 'categorical',
    name: 'label',
    levels: ['a', 'b', 'c'],
    codes: [0, 1, 0, -1, 2],
    missing: 1,
  });
  assert.deepEqual(t.locate(4, 2), { file: 'types.parquet' });
});

test('row groups are read in order into one table', async () => {
  const t = await loadTable(fixture('row_groups.parquet'));
  assert.equal(t.nRows, 10);
  assert.deepEqual(
    Array.from((byName(t, 'i') as { values: Float64Array }).values),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  assert.deepEqual(plain(byName(t, 'parity')), {
    kind: 'categorical',
    name: 'parity',
    levels: ['even', 'odd'],
    codes: [0, 1, 0, 1, 0, 1, 0, 1, 0, 1],
    missing: 0,
  });
});

test('an INT64 beyond 2^53 makes its column unusable, an error at its 1-based row when used', async () => {
  const table = await loadTable(fixture('huge_int64.parquet'), { displayName: 'h.parquet' });
  const id = byName(table, 'id');
  assert.equal(id.kind, 'unusable');
  const message =
    'h.parquet: column "id" holds 9007199254740993, an integer too large to use as a number exactly ' +
    '(the limit is ±9007199254740991); convert the column to float64 or leave it out (row 3)';
  assert.equal(id.kind === 'unusable' && id.problem.error.format(), message);
  const spec = (data: object) => dataSpecSchema.parse({ path: 'x', ...data });
  await rejectsWith(() => prepareDataset(table, spec({ target: 'x' }), { precision: 'float64' }), message);
});

test('a timestamp column reads as seconds since 1970, a feature only when listed', async () => {
  const table = await loadTable(fixture('timestamp.parquet'), { displayName: 't.parquet' });
  const when = byName(table, 'when');
  assert.deepEqual(plain(when), {
    kind: 'numeric',
    name: 'when',
    values: [0, 86_400],
    missing: 0,
    unit: 'seconds since 1970-01-01 00:00 UTC',
  });
});

test('columns without rows are refused like a CSV header without data rows', async () => {
  await rejectsWith(
    loadTable(fixture('empty_rows.parquet'), { displayName: 'e.parquet' }),
    'e.parquet: the file has 2 columns but no data rows',
  );
});

test('a truncated file and random bytes are DataErrors naming the file', async () => {
  const bytes = readFileSync(iris);
  await rejectsWith(
    parseTableBytes(bytes.subarray(0, bytes.length >> 1), 'parquet', 'half.parquet'),
    /^half\.parquet: not a readable Parquet file: /,
  );
  let seed = 7;
  const random = Uint8Array.from({ length: 3000 }, () => (seed = (seed * 48271) % 2147483647) & 0xff);
  await rejectsWith(
    parseTableBytes(random, 'parquet', 'r.parquet'),
    /^r\.parquet: not a readable Parquet file: /,
  );
  // PAR1 at both ends but nothing sensible between.
  random.set([0x50, 0x41, 0x52, 0x31], 0);
  random.set([0x50, 0x41, 0x52, 0x31], random.length - 4);
  await rejectsWith(
    parseTableBytes(random, 'parquet', 'r.parquet'),
    /^r\.parquet: not a readable Parquet file: /,
  );
});

test('a page header missing required fields is refused, not decoded forever', async () => {
  // Found by fuzzing: this byte drops the encoding and level lengths from a v2 data page header,
  // and hyparquet 1.31's decoder then loops on a NaN offset.
  const bytes = Uint8Array.from(readFileSync(iris));
  bytes[815] = 215;
  const table = await parseTableBytes(bytes, 'parquet', 'iris.parquet');
  const column = byName(table, 'petal_length_cm');
  assert.equal(
    column.kind === 'unusable' && column.problem.error.format(),
    'iris.parquet: cannot read column "petal_length_cm", row group 1: damaged page header (data page v2)',
  );
});

test('damaged bytes give a table or a DataError, never another exception or a hang', async () => {
  const original = readFileSync(fixture('types.parquet'));
  let seed = 11;
  const next = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
  for (let i = 0; i < 400; i++) {
    const bytes = Uint8Array.from(original);
    for (let k = 1 + next(3); k > 0; k--) bytes[next(bytes.length)] = next(256);
    try {
      await parseTableBytes(bytes, 'parquet', 'f.parquet');
    } catch (e) {
      assert.ok(e instanceof DataError, String(e));
      assert.equal(e.location.file, 'f.parquet');
    }
  }
});

test('optimizer-lab inspect reads samples/iris.parquet', async () => {
  const r = await cli(['inspect', 'samples/iris.parquet', '--target', 'species'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^samples\/iris\.parquet: parquet, 150 rows, 5 columns/);
  assert.match(r.stdout, /\nspecies +categorical +0 {2}3 levels: setosa, versicolor, virginica\n/);
  assert.match(r.stdout, /target "species": multiclass\n/);
});
