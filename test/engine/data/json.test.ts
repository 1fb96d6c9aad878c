import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseText, rejectsWith } from './helpers';
import type { BooleanColumn, CategoricalColumn, NumericColumn } from '../../../src/engine/data/table';

test('JSON records: columns in order of appearance, absent keys are missing', async () => {
  const table = await parseText(
    '[\n {"x": 1, "s": "a"},\n {"x": 2.5, "b": true},\n {"s": "c", "b": false}\n]',
    'json',
  );
  assert.deepEqual(
    table.columns.map((c) => [c.name, c.kind, c.missing]),
    [
      ['x', 'numeric', 1],
      ['s', 'categorical', 1],
      ['b', 'boolean', 1],
    ],
  );
  assert.deepEqual(Array.from((table.columns[2] as BooleanColumn).values), [NaN, 1, 0]);
  assert.deepEqual(table.locate(1, 0), { file: 'data.json', line: 3, column: 8 });
});

test('JSON columns form', async () => {
  const table = await parseText('{"columns": {"x": [1, 2, null], "y": ["a", "b", "a"]}}', 'json');
  assert.equal(table.nRows, 3);
  assert.equal((table.columns[0] as NumericColumn).missing, 1);
  assert.deepEqual((table.columns[1] as CategoricalColumn).levels, ['a', 'b']);
  await rejectsWith(
    parseText('{"columns": {"x": [1, 2],\n "y": [1]}}', 'json'),
    'data.json:2:7: column "y" has 1 values, expected 2 (as column "x")',
  );
});

test('malformed JSON is located', async () => {
  await rejectsWith(parseText('[\n  {"x": 1},\n  {"x": 2,}\n]', 'json'), /^data\.json:3:11: malformed JSON/);
  await rejectsWith(
    parseText('[{"x": 1}] [', 'json'),
    /^data\.json:1:12: malformed JSON: expected the end of the file/,
  );
  await rejectsWith(
    parseText('[1, {"x": 2}]', 'json'),
    'data.json:1:2: record 1 is not an object (found a number)',
  );
  await rejectsWith(parseText('{"rows": []}', 'json'), /^data\.json:1:1: expected an array of records/);
  await rejectsWith(
    parseText('[{"x": [1]}]', 'json'),
    'data.json:1:8: expected a single value in column "x", found an array',
  );
  await rejectsWith(parseText('[]', 'json'), 'data.json:1:1: the array holds no records');
});

test('JSONL: one record per line, blank lines skipped, CRLF', async () => {
  const table = await parseText('{"a": 1, "b": "x"}\r\n\r\n{"a": 3}\r\n{"b": "y", "a": 4}\r\n', 'jsonl');
  assert.equal(table.nRows, 3);
  assert.deepEqual(Array.from((table.columns[0] as NumericColumn).values), [1, 3, 4]);
  assert.deepEqual(table.locate(2, 1), { file: 'data.jsonl', line: 4, column: 7 });
  assert.deepEqual(table.locate(1, 1), { file: 'data.jsonl', line: 3, column: 1 });
});

test('JSONL errors name the line', async () => {
  await rejectsWith(
    parseText('{"a": 1}\n[1, 2]\n', 'jsonl'),
    'data.jsonl:2:1: expected a JSON object on each line, found an array',
  );
  await rejectsWith(
    parseText('{"a": 1}\n\n{"a": 2\n', 'jsonl'),
    /^data\.jsonl:3:8: malformed JSON: expected "}"/,
  );
  await rejectsWith(parseText('\n  \n', 'jsonl'), 'data.jsonl: the file is empty');
});

test('deep nesting is a located error, not a stack overflow (JSON and JSONL)', async () => {
  // 20 KB of brackets overflowed the parser's recursion before the depth limit.
  const deep = '['.repeat(20_000) + ']'.repeat(20_000);
  await rejectsWith(parseText(deep, 'json'), /^data\.json:1:65: the JSON is nested more than 64 levels deep/);
  const objects = '{"a":'.repeat(4000) + '1' + '}'.repeat(4000);
  await rejectsWith(
    parseText(`{"a": 1}\n${objects}\n`, 'jsonl'),
    /^data\.jsonl:2:321: the JSON is nested more than 64 levels deep/,
  );
  // Brackets inside strings do not count.
  const table = await parseText(`[{"a": "${'['.repeat(200)}\\"{{"}]`, 'json');
  assert.equal(table.nRows, 1);
});

test('1e999 in JSON and JSONL follows the CSV rule: a located "expected a number"', async () => {
  await rejectsWith(
    parseText('[{"x": 1}, {"x": 2}, {"x": 1e999}, {"x": 3}, {"x": 4}]', 'json'),
    'data.json:1:28: expected a number in column "x", found "1e999"',
  );
  await rejectsWith(
    parseText('{"x": 1}\n{"x": -1E+999}\n{"x": 2}\n{"x": 3}\n', 'jsonl'),
    'data.jsonl:2:7: expected a number in column "x", found "-1E+999"',
  );
  await rejectsWith(
    parseText('x\n1\n1e999\n2\n3\n', 'csv'),
    'data.csv:3:1: expected a number in column "x", found "1e999"',
  );
});

test('records that each bring new keys: linear in the file, refused with a location', async () => {
  // 100k records with distinct keys took 34 s and 2.9 GB when every new key filled a dense column.
  const n = 100_000;
  const jsonl = Array.from({ length: n }, (_, i) => `{"k${i}": ${i}}`).join('\n');
  await rejectsWith(
    parseText(jsonl, 'jsonl'),
    /^data\.jsonl:100000:2: the records use 100000 different keys and most records lack most of them \(100000 of 100000 × 100000 cells/,
  );
  const json = `[${Array.from({ length: n }, (_, i) => `{"y": ${i % 2}, "k${i}": 1}`).join(',')}]`;
  await rejectsWith(parseText(json, 'json'), /^data\.json:1:\d+: the records use 100001 different keys/);
  // Sparse but bounded key sets are kept: a few optional fields are missing values.
  const some = Array.from({ length: n }, (_, i) => `{"y": ${i}, "o${i % 3}": 1}`).join('\n');
  const table = await parseText(some, 'jsonl');
  assert.deepEqual(
    table.columns.map((c) => [c.name, c.missing]),
    [
      ['y', 0],
      ['o0', n - 33_334],
      ['o1', n - 33_333],
      ['o2', n - 33_333],
    ],
  );
  assert.deepEqual(table.locate(1, 1), { file: 'data.jsonl', line: 2, column: 1 });
  assert.deepEqual(table.locate(1, 2), { file: 'data.jsonl', line: 2, column: 16 });
});
