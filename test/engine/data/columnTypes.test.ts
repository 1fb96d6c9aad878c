import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCell } from '../../../src/engine/data/columnTypes';
import type { BooleanColumn, CategoricalColumn, NumericColumn } from '../../../src/engine/data/table';
import { parseText, rejectsWith } from './helpers';

test('cells: missing spellings, booleans, decimals', () => {
  for (const m of [
    '',
    '  ',
    'NA',
    'na',
    'N/A',
    'NaN',
    'nan',
    'null',
    'NULL',
    'None',
    ' none ',
    '#N/A',
    '<NA>',
  ]) {
    assert.deepEqual(readCell(m), { type: 'missing' }, m);
  }
  assert.deepEqual(readCell(null), { type: 'missing' });
  assert.deepEqual(readCell(NaN), { type: 'missing' });
  assert.deepEqual(readCell('1e-3'), { type: 'number', value: 0.001 });
  assert.deepEqual(readCell(' 2.5 '), { type: 'number', value: 2.5 });
  assert.deepEqual(readCell('-.5'), { type: 'number', value: -0.5 });
  assert.deepEqual(readCell('+7.'), { type: 'number', value: 7 });
  assert.deepEqual(readCell(3), { type: 'number', value: 3 });
  assert.deepEqual(readCell('TRUE'), { type: 'boolean', value: true });
  assert.deepEqual(readCell(false), { type: 'boolean', value: false });
  for (const t of ['Infinity', '0x10', '1,000', '1e400', '12abc', '?', 'inf', '1 2']) {
    assert.equal(readCell(t).type, 'text', t);
  }
});

test('columns are typed numeric, categorical, boolean or empty; missing is counted, not a level', async () => {
  const table = await parseText(
    'n,c,b,e\n1,red,true,NA\n2.5,,FALSE,\n NaN ,blue,, null\n4,red,True,None\n',
    'csv',
  );
  const [n, c, b, e] = table.columns;
  assert.deepEqual(
    table.columns.map((col) => [col.kind, col.missing]),
    [
      ['numeric', 1],
      ['categorical', 1],
      ['boolean', 1],
      ['empty', 4],
    ],
  );
  assert.deepEqual(Array.from((n as NumericColumn).values), [1, 2.5, NaN, 4]);
  assert.deepEqual((c as CategoricalColumn).levels, ['blue', 'red']);
  assert.deepEqual(Array.from((c as CategoricalColumn).codes), [1, -1, 0, 1]);
  assert.deepEqual(Array.from((b as BooleanColumn).values), [1, 0, NaN, 1]);
  assert.equal(e!.name, 'e');
});

test('a few text values among numbers are typos; many make the column categorical', async () => {
  // 1 text value of 10: one distinct text while numbers are the majority -> typo.
  const few = ['v', ...Array.from({ length: 9 }, (_, i) => String(i)), 'oops'].join('\n');
  await rejectsWith(
    parseText(`${few}\n`, 'csv'),
    'data.csv:11:1: expected a number in column "v", found "oops"',
  );
  // Three distinct texts in 6 values (50%) -> categorical.
  const table = await parseText('v\n1\nsmall\n2\nmedium\n3\nlarge\n', 'csv');
  assert.equal(table.columns[0]!.kind, 'categorical');
  assert.deepEqual((table.columns[0] as CategoricalColumn).levels, [
    '1',
    '2',
    '3',
    'large',
    'medium',
    'small',
  ]);
  // Many rows, 3 distinct texts at <= 5% -> typo at the first one.
  const rows = Array.from({ length: 100 }, (_, i) => String(i));
  rows[20] = 'x';
  rows[40] = 'y';
  rows[60] = 'z';
  await rejectsWith(
    parseText(`v\n${rows.join('\n')}\n`, 'csv'),
    'data.csv:22:1: expected a number in column "v", found "x"',
  );
});

test('JSON numbers in a text column become levels as written', async () => {
  const table = await parseText('[{"k": "a"}, {"k": 2}, {"k": "b"}, {"k": true}]', 'json');
  assert.deepEqual((table.columns[0] as CategoricalColumn).levels, ['2', 'a', 'b', 'true']);
});
