import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseText, rejectsWith } from './helpers';
import type { CategoricalColumn, NumericColumn } from '../../../src/engine/data/table';

test('a BOM and CRLF line endings are handled', async () => {
  const table = await parseText('\ufeffx,y\r\n1,2\r\n3,4\r\n', 'csv');
  assert.deepEqual(
    table.columns.map((c) => c.name),
    ['x', 'y'],
  );
  assert.equal(table.nRows, 2);
  assert.deepEqual(Array.from((table.columns[1] as NumericColumn).values), [2, 4]);
  assert.deepEqual(table.locate(1, 1), { file: 'data.csv', line: 3, column: 2 });
});

test('quoted fields keep commas, quotes and line breaks; later lines are located physically', async () => {
  const text =
    'name,note,v\n"Smith, J","said ""hi""",1\n"a","two\nlines",2\n"b","three\r\nline\nbreaks",3\nc,plain,4\n';
  const table = await parseText(text, 'csv');
  const note = table.columns[1] as CategoricalColumn;
  const name = table.columns[0] as CategoricalColumn;
  assert.equal(name.levels[name.codes[0]!], 'Smith, J');
  assert.equal(note.levels[note.codes[0]!], 'said "hi"');
  assert.equal(note.levels[note.codes[1]!], 'two\nlines');
  assert.deepEqual(
    [0, 1, 2, 3].map((r) => table.locate(r, 2).line),
    [2, 3, 5, 8],
  );
});

test('a bad value after a multi-line quoted field is reported at its physical line', async () => {
  const rows = Array.from({ length: 40 }, (_, i) => `${i},${i * 2}`);
  rows[10] = '"10\n",20';
  rows[30] = '30,abc';
  // Data row 30 would sit on line 32 (the header is line 1); the quoted line break pushes it to 33.
  await rejectsWith(
    parseText(`a,b\n${rows.join('\n')}\n`, 'csv'),
    'data.csv:33:2: expected a number in column "b", found "abc"',
  );
});

test('blank lines are skipped but still counted', async () => {
  const table = await parseText('a,b\n\n1,2\n\n\n3,4\n\n', 'csv');
  assert.equal(table.nRows, 2);
  assert.equal(table.locate(1, 0).line, 6);
});

test('ragged rows are errors at their line and first missing or extra field', async () => {
  await rejectsWith(
    parseText('a,b,c\n1,2,3\n4,5\n', 'csv'),
    'data.csv:3:3: expected 3 fields (as in the header), found 2',
  );
  await rejectsWith(
    parseText('a,b\n1,2\n"x\ny",2\n4,5,6\n', 'csv'),
    'data.csv:5:3: expected 2 fields (as in the header), found 3',
  );
});

test('empty files, header-only files and duplicate names are errors', async () => {
  await rejectsWith(parseText('', 'csv'), 'data.csv: the file is empty');
  await rejectsWith(parseText('\n\n', 'csv'), 'data.csv: the file is empty');
  await rejectsWith(parseText('a,b,c\r\n', 'csv'), 'data.csv:1: the file has a header row but no data rows');
  await rejectsWith(
    parseText('a,b,a\n1,2,3\n', 'csv'),
    'data.csv:1:3: duplicate column name "a" (fields 1 and 3)',
  );
});

test('unterminated and malformed quotes are errors at the quote', async () => {
  await rejectsWith(
    parseText('a,b\n1,2\n3,"4\n5,6\n', 'csv'),
    /^data\.csv:3:2: a quoted field is never closed/,
  );
  await rejectsWith(parseText('a,b,c\n1,"2"x,3\n', 'csv'), /^data\.csv:2:2: malformed quoted field/);
});

test('an empty header cell is named as pandas names it', async () => {
  const table = await parseText(',x,y\n0,1,2\n1,3,4\n', 'csv');
  assert.deepEqual(
    table.columns.map((c) => c.name),
    ['Unnamed: 0', 'x', 'y'],
  );
});

test('TSV uses tabs and keeps commas inside fields', async () => {
  const table = await parseText('a\tb\n1,5\t2\n3,5\t4\n', 'tsv');
  assert.equal(table.columns[0]!.kind, 'categorical');
  assert.deepEqual(Array.from((table.columns[1] as NumericColumn).values), [2, 4]);
  assert.equal(table.format, 'tsv');
});

test('the delimiter of a CSV file is detected: comma, semicolon, tab, pipe; both parsing paths agree', async () => {
  for (const d of [',', ';', '\t', '|'] as const) {
    for (const quoted of [false, true]) {
      const q = (s: string) => (quoted ? `"${s}"` : s);
      const text = [['x', 'y', 'z'].map(q), ['1', '2.5', 'a'], ['3', '', q('b c')], ['-4', '1e3', 'a']]
        .map((r) => r.join(d))
        .join('\n');
      const table = await parseText(text, 'csv');
      assert.equal(table.delimiter, d, JSON.stringify(text));
      assert.deepEqual(
        table.columns.map((c) => [c.name, c.kind, c.missing]),
        [
          ['x', 'numeric', 0],
          ['y', 'numeric', 1],
          ['z', 'categorical', 0],
        ],
      );
      assert.deepEqual(Array.from((table.columns[1] as NumericColumn).values), [2.5, NaN, 1000]);
    }
  }
  // Decimal commas in a semicolon file stay inside their fields.
  const european = await parseText('a;b\n1,5;x\n2,5;y\n', 'csv');
  assert.equal(european.delimiter, ';');
  assert.deepEqual((european.columns[0] as CategoricalColumn).levels, ['1,5', '2,5']);
  // One column: nothing to split, read as comma-separated.
  const single = await parseText('y\n1\n2\n', 'csv');
  assert.equal(single.delimiter, ',');
  assert.equal(single.columns.length, 1);
});
