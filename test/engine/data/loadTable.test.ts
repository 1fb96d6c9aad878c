import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTable } from '../../../src/engine/data/loadTable';
import { detectFormat } from '../../../src/engine/data/detectFormat';
import type { NumericColumn } from '../../../src/engine/data/table';
import { rejectsWith } from './helpers';
import { prepareDataset } from '../../../src/engine/data/dataset';
import { dataSpecSchema } from '../../../src/protocol/data';
import { DataError } from '../../../src/engine/errors';

const fixtures = join(__dirname, '../../fixtures/data');
const fixture = (name: string): string => join(fixtures, name);

test('the format comes from the extension unless overridden', async () => {
  assert.equal(detectFormat('a/b.CSV'), 'csv');
  assert.equal(detectFormat('b.tsv'), 'tsv');
  assert.equal(detectFormat('b.ndjson'), 'jsonl');
  assert.equal(detectFormat('b.parquet'), 'parquet');
  assert.equal(detectFormat('b.txt', 'b.txt', 'tsv'), 'tsv');
  await rejectsWith(
    () => detectFormat('b.txt'),
    /^b\.txt: cannot tell the format from the extension "\.txt"/,
  );
});

test('every text format loads from disk', async () => {
  const tsv = await loadTable(fixture('tabs.tsv'));
  assert.deepEqual(
    tsv.columns.map((c) => [c.name, c.kind]),
    [
      ['a', 'numeric'],
      ['b', 'categorical'],
      ['label', 'categorical'],
    ],
  );
  const json = await loadTable(fixture('records.json'));
  const jsonl = await loadTable(fixture('records.jsonl'));
  assert.equal(json.nRows, 4);
  assert.deepEqual(Array.from((jsonl.columns[0] as NumericColumn).values), [1, 2, 3, 4]);
  assert.deepEqual(Array.from((json.columns[2] as NumericColumn).values), [0, 1, 0, 1]);
  const overridden = await loadTable(fixture('records.jsonl'), { format: 'jsonl', displayName: 'r.jsonl' });
  assert.equal(overridden.file, 'r.jsonl');
});

test('the issue example: a typo in a numeric column is located, and stops only what uses it', async () => {
  const table = await loadTable(fixture('bad_number.csv'), { displayName: 'diabetes.csv' });
  const bmi = table.columns[3] as NumericColumn;
  assert.equal(
    bmi.problem?.error.format(),
    'diabetes.csv:57:4: expected a number in column "bmi", found "abc"',
  );
  assert.deepEqual(bmi.problem?.examples, [
    { row: 55, location: { file: 'diabetes.csv', line: 57, column: 4 }, found: 'abc' },
  ]);
  assert.equal(bmi.missing, 0);
  const spec = (data: object) => dataSpecSchema.parse({ path: 'x', ...data });
  await rejectsWith(
    () => prepareDataset(table, spec({ target: 'progression' }), { precision: 'float64' }),
    'diabetes.csv:57:4: expected a number in column "bmi", found "abc"',
  );
  await rejectsWith(
    () => prepareDataset(table, spec({ target: 'bmi' }), { precision: 'float64' }),
    'diabetes.csv:57:4: expected a number in column "bmi", found "abc"',
  );
  const without = prepareDataset(table, spec({ target: 'progression', features: ['age', 'bp'] }), {
    precision: 'float64',
  });
  assert.equal(without.nRows, 79);
});

test('bytes that are not UTF-8 are located at the first bad byte', async () => {
  await rejectsWith(
    loadTable(fixture('latin1.csv'), { displayName: 'latin1.csv' }),
    'latin1.csv:2:2: not UTF-8 text: invalid byte 0xFC; save the file as UTF-8',
  );
});

test('a file over the size cap is refused before reading, with its size and the cap', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'optlab-data-'));
  const path = join(dir, 'big.csv');
  writeFileSync(path, 'a,b\n' + '1,2\n'.repeat(1000));
  await rejectsWith(
    loadTable(path, { maxBytes: 2048, displayName: 'big.csv' }),
    'big.csv: the file is 3.9 KB (4004 bytes), larger than the limit of 2.0 KB (2048 bytes)',
  );
  await assert.rejects(loadTable(path, { maxBytes: 2048 }), (e) => {
    assert.ok(e instanceof DataError);
    assert.equal(
      e.limit,
      'maxBytes',
      'marked as refused for the size limit, so a front door can offer to raise it',
    );
    return true;
  });
  const ok = await loadTable(path, { maxBytes: 4004 });
  assert.equal(ok.nRows, 1000);
});

test('missing files, directories and header-only files are DataErrors', async () => {
  await rejectsWith(loadTable(fixture('nope.csv'), { displayName: 'nope.csv' }), 'nope.csv: no such file');
  await rejectsWith(loadTable(fixtures, { format: 'csv', displayName: 'data' }), 'data: not a file');
  await rejectsWith(
    loadTable(fixture('header_only.csv'), { displayName: 'h.csv' }),
    'h.csv:1: the file has a header row but no data rows',
  );
});

test('bytes that are not Parquet are a DataError, not a crash', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'optlab-data-'));
  const path = join(dir, 'x.parquet');
  writeFileSync(path, 'a,b\n1,2\n');
  await rejectsWith(
    loadTable(path, { displayName: 'x.parquet' }),
    /^x\.parquet: not a readable Parquet file/,
  );
  writeFileSync(path, '');
  await rejectsWith(loadTable(path, { displayName: 'x.parquet' }), 'x.parquet: the file is empty');
});
