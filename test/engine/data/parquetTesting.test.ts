// Parquet files from two writers read with the right values: apache/parquet-testing's (parquet-mr, Spark, Impala, pyarrow, Rust) and hyparquet-writer's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { loadTable, parseTableBytes } from '../../../src/engine/data/loadTable';
import { prepareDataset } from '../../../src/engine/data/dataset';
import type { Column, Table } from '../../../src/engine/data/table';
import { dataSpecSchema } from '../../../src/protocol/data';
import { rejectsWith } from './helpers';

// Copied from github.com/apache/parquet-testing (data/, Apache-2.0: LICENSE.txt beside them).
const dir = join(__dirname, '../../fixtures/data/parquet-testing');
const load = (name: string) => loadTable(join(dir, `${name}.parquet`), { displayName: `${name}.parquet` });

function values(table: Table, name: string): (number | string | null)[] {
  const column: Column = table.columns.find((c) => c.name === name)!;
  switch (column.kind) {
    case 'numeric':
    case 'boolean':
      return Array.from(column.values, (v) => (Number.isNaN(v) ? null : v));
    case 'categorical':
      return Array.from(column.codes, (k) => (k < 0 ? null : column.levels[k]!));
    default:
      return Array.from({ length: table.nRows }, () => null);
  }
}

function problem(table: Table, name: string): string | undefined {
  const column = table.columns.find((c) => c.name === name)!;
  return column.kind === 'unusable' ? column.problem.error.format() : undefined;
}

test('LZ4 (Hadoop framing and plain), LZ4_RAW: the same values, a binary column refused by name', async () => {
  for (const name of ['hadoop_lz4_compressed', 'non_hadoop_lz4_compressed', 'lz4_raw_compressed']) {
    const t = await load(name);
    assert.deepEqual(values(t, 'c0'), [1593604800, 1593604800, 1593604801, 1593604801], name);
    assert.deepEqual(values(t, 'v11'), [42, 7.7, 42.125, 7.7], name);
    assert.equal(
      problem(t, 'c1'),
      `${name}.parquet: column "c1" holds binary data (BYTE_ARRAY without a UTF8/STRING annotation); ` +
        'only numbers, booleans and text can be used (write the column as strings to use it as categories) (row 1)',
    );
    // The binary column, unused, does not stop an experiment; used, it does.
    const spec = (features: string[]) =>
      dataSpecSchema.parse({ path: 'x', target: 'v11', features, preprocessing: { standardize: false } });
    const d = prepareDataset(t, spec(['c0']), { precision: 'float64' });
    assert.equal(d.nRows, 4);
    await rejectsWith(
      () => prepareDataset(t, spec(['c0', 'c1']), { precision: 'float64' }),
      /column "c1" holds binary data/,
    );
  }
});

test('GZIP (concatenated members) and ZSTD with byte-stream-split floats', async () => {
  const gz = await load('concatenated_gzip_members');
  assert.deepEqual(
    values(gz, 'long_col'),
    Array.from({ length: 513 }, (_, i) => i + 1),
  );
  // numpy.random.seed(0); randn(300) as float32, then randn(300) as float64.
  const zstd = await load('byte_stream_split.zstd');
  const f32 = values(zstd, 'f32');
  const f64 = values(zstd, 'f64');
  assert.equal(f32.length, 300);
  assert.deepEqual(f32.slice(0, 3), [1.7640524, 0.4001572, 0.978738].map(Math.fround));
  assert.equal(f32[299], Math.fround(0.37005588));
  assert.deepEqual(f64.slice(0, 2), [-1.3065268517353166, 1.658130679618188]);
  assert.equal(f64[299], -0.17858909208732915);
});

test('dictionary, delta and data page v2 encodings, null pages', async () => {
  const plain = await load('alltypes_plain');
  const dict = await load('alltypes_dictionary');
  assert.deepEqual(values(plain, 'id'), [4, 5, 6, 7, 2, 3, 0, 1]);
  assert.deepEqual(values(plain, 'bigint_col'), [0, 10, 0, 10, 0, 10, 0, 10]);
  assert.deepEqual(values(plain, 'float_col').slice(0, 2), [0, Math.fround(1.1)]);
  // INT96 timestamps (Impala) as seconds: 2009-03-01T00:00:00Z.
  assert.equal(values(plain, 'timestamp_col')[0], Date.UTC(2009, 2, 1) / 1000);
  assert.deepEqual(values(dict, 'id'), [0, 1]);
  assert.deepEqual(values(dict, 'double_col'), [0, 10.1]);

  const v2 = await load('datapage_v2.snappy');
  assert.deepEqual(values(v2, 'a'), ['abc', 'abc', 'abc', null, 'abc']);
  assert.deepEqual(values(v2, 'b'), [1, 2, 3, 4, 5]);
  assert.deepEqual(values(v2, 'd'), [1, 1, 1, 0, 1]);
  assert.match(problem(v2, 'e')!, /column "e" holds nested values \(a list, map or struct\)/);
  const emptyV2 = await load('datapage_v2_empty_datapage.snappy');
  assert.deepEqual(values(emptyV2, 'value'), [null]);
  const nulls = await load('int32_with_null_pages');
  assert.equal(nulls.nRows, 1000);
  assert.equal(nulls.columns[0]!.missing, 275);
  assert.deepEqual(values(nulls, 'int32_field').slice(0, 5), [
    -654807448,
    -465559769,
    -34563097,
    398454479,
    null,
  ]);
  assert.deepEqual(values(await load('rle_boolean_encoding'), 'datatype_boolean').slice(0, 4), [
    1,
    0,
    null,
    1,
  ]);

  // DELTA_BINARY_PACKED and DELTA_BYTE_ARRAY columns, checked against the file's expected CSV.
  const delta = await load('delta_encoding_optional_column');
  const expected = Papa.parse<string[]>(
    readFileSync(join(dir, 'delta_encoding_optional_column_expect.csv'), 'utf8'),
    {
      skipEmptyLines: true,
    },
  ).data;
  const header = expected[0]!;
  for (const [c, name] of header.map((h) => h.trim()).entries()) {
    const want = expected.slice(1).map((row) => {
      const cell = row[c]!;
      if (cell === '') return null;
      return Number.isNaN(Number(cell)) ? cell : Number(cell);
    });
    assert.deepEqual(values(delta, name), want, name);
  }
  const fruit = values(await load('delta_length_byte_array'), 'FRUIT');
  assert.equal(fruit.length, 1000);
  assert.equal(fruit[0], 'apple_banana_mango0');
});

test('nested columns (lists, maps, structs) are refused by name without blocking the others', async () => {
  const lists = await load('nested_lists.snappy');
  assert.match(problem(lists, 'a')!, /^nested_lists\.snappy\.parquet: column "a" holds nested values/);
  assert.deepEqual(values(lists, 'b'), [1, 1, 1]);
  // The only column is a map, in BROTLI pages: refused as nested, not for the codec.
  assert.match(problem(await load('large_string_map.brotli'), 'arr')!, /holds nested values/);
  assert.match(problem(await load('nulls.snappy'), 'b_struct')!, /holds nested values/);
});

const compressors = {
  GZIP: (input: Uint8Array) => new Uint8Array(gzipSync(input)),
  BROTLI: (input: Uint8Array) => new Uint8Array(brotliCompressSync(input)),
};

test('hyparquet-writer files: every codec node can write, dates and timestamps as numbers, infinities located', async () => {
  for (const codec of ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI'] as const) {
    const optional = 'OPTIONAL' as const;
    const buffer = parquetWriteBuffer({
      codec,
      compressors,
      // hyparquet-writer has no DATE shorthand: the schema says it (days since 1970 in an INT32).
      schema: [
        { name: 'root', num_children: 5 },
        { name: 'x', type: 'DOUBLE', repetition_type: optional },
        { name: 'day', type: 'INT32', converted_type: 'DATE', repetition_type: optional },
        {
          name: 'at',
          type: 'INT64',
          converted_type: 'TIMESTAMP_MILLIS',
          logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
          repetition_type: optional,
        },
        { name: 'raw', type: 'BYTE_ARRAY', repetition_type: optional },
        { name: 'y', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
      ],
      columnData: [
        { name: 'x', data: [1.5, -2, null, 4, 5] },
        { name: 'day', data: [0, 3, null, -1, 0] },
        {
          name: 'at',
          data: [new Date(1500), new Date(0), new Date(-500), null, new Date(0)],
        },
        {
          name: 'raw',
          data: [Uint8Array.of(1), Uint8Array.of(2), null, Uint8Array.of(255), Uint8Array.of(1)],
        },
        { name: 'y', data: ['a', 'b', 'a', 'b', 'a'] },
      ],
    });
    const t = await parseTableBytes(new Uint8Array(buffer), 'parquet', `${codec}.parquet`);
    assert.deepEqual(values(t, 'x'), [1.5, -2, null, 4, 5], codec);
    assert.deepEqual(values(t, 'day'), [0, 3, null, -1, 0], codec);
    assert.deepEqual(values(t, 'at'), [1.5, 0, -0.5, null, 0], codec);
    assert.match(problem(t, 'raw')!, /column "raw" holds binary data/);
    // Dates are features only by name; the binary column is left out by listing features.
    const spec = dataSpecSchema.parse({
      path: 'x',
      target: 'y',
      features: ['x', 'day', 'at'],
      preprocessing: { missing: 'drop', standardize: false },
    });
    const d = prepareDataset(t, spec, { precision: 'float64' });
    assert.deepEqual(Array.from(d.X), [1.5, 0, 1.5, -2, 3, 0, 5, 0, 0]);
  }
  const inf = parquetWriteBuffer({
    columnData: [
      {
        name: 'x',
        data: [1, 2, Infinity, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21],
        type: 'DOUBLE',
      },
      { name: 'y', data: Array.from({ length: 21 }, (_, i) => i % 2), type: 'INT32' },
    ],
  });
  const t = await parseTableBytes(new Uint8Array(inf), 'parquet', 'inf.parquet');
  await rejectsWith(
    () => prepareDataset(t, dataSpecSchema.parse({ path: 'x', target: 'y' }), { precision: 'float64' }),
    'inf.parquet: expected a number in column "x", found "Infinity" (row 3)',
  );
});
