import { test } from 'node:test';
import assert from 'node:assert/strict';
import Papa from 'papaparse';
import { toCsv } from '../../webview/shared/csv';

test('CSV quotes commas, quotes and line breaks, and reads back to the same cells', () => {
  const csv = toCsv(
    ['label', 'value'],
    [
      ['SGD(lr=0.1, momentum=0.9)', 0.25],
      ['say "hi"', null],
      ['two\nlines', -3],
    ],
  );
  assert.ok(csv.startsWith('label,value\r\n'));
  const back = Papa.parse<string[]>(csv, { newline: '\r\n' }).data;
  assert.deepEqual(back, [
    ['label', 'value'],
    ['SGD(lr=0.1, momentum=0.9)', '0.25'],
    ['say "hi"', ''],
    ['two\nlines', '-3'],
  ]);
});

test('CSV defuses text a spreadsheet would run as a formula, but keeps negative numbers', () => {
  const csv = toCsv(
    ['a', 'b'],
    [
      ['=HYPERLINK("x")', -1.5],
      ['@SUM(A1)', 2],
    ],
  );
  const back = Papa.parse<string[]>(csv, { newline: '\r\n' }).data;
  assert.equal(back[1]![0], `'=HYPERLINK("x")`);
  assert.equal(back[2]![0], `'@SUM(A1)`);
  assert.equal(back[1]![1], '-1.5');
});
