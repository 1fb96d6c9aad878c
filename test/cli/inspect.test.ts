import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cli } from '../helpers/cli';

const fixtures = join(__dirname, '../fixtures/data');

test('inspect prints rows, column types, missing counts and the inferred task', async () => {
  const r = await cli(['inspect', 'mixed.csv', '--target', 'y'], fixtures);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^mixed\.csv: csv, 6 rows, 5 columns/);
  assert.match(r.stdout, /\nx1 +numeric +0 {2}6 distinct, min 1\.5, max 6\.5, mean 4\n/);
  assert.match(r.stdout, /\ncolor +categorical +0 {2}3 levels: blue, green, red\n/);
  assert.match(r.stdout, /\nflag +boolean +0 /);
  assert.match(r.stdout, /\nnote +empty +6 {2}no values\n/);
  assert.match(r.stdout, /target "y": binary\nclasses: "cat" \(3\), "dog" \(3\)\n/);
});

test('inspect --json prints the summary as JSON', async () => {
  const r = await cli(['inspect', join(fixtures, 'records.jsonl'), '--json', '--target', 't'], '/');
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.rows, 4);
  assert.equal(s.format, 'jsonl');
  assert.deepEqual(
    s.columns.map((c: { name: string; kind: string }) => [c.name, c.kind]),
    [
      ['f', 'numeric'],
      ['g', 'categorical'],
      ['t', 'numeric'],
    ],
  );
  assert.deepEqual([s.target.task, s.target.classes, s.target.classCounts], ['binary', [0, 1], [2, 2]]);
});

test('a bad file exits 1 with file:line:col on stderr, or a JSON error', async () => {
  const r = await cli(['inspect', 'bad_number.csv'], fixtures);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'bad_number.csv:57:4: expected a number in column "bmi", found "abc"\n');
  assert.equal(r.stdout, '');
  const j = await cli(['inspect', 'bad_number.csv', '--json'], fixtures);
  assert.equal(j.code, 1);
  assert.deepEqual(JSON.parse(j.stdout), {
    error: {
      file: 'bad_number.csv',
      line: 57,
      column: 4,
      message: 'expected a number in column "bmi", found "abc"',
    },
  });
});

test('inspect reports a missing target with the columns, and an unknown format', async () => {
  const r = await cli(['inspect', 'mixed.csv', '--target', 'Color'], fixtures);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /^mixed\.csv: no target column "Color" in the file \(did you mean "color"\?\); its columns are "x1", "color", "flag", "note", "y"\n$/,
  );
  const f = await cli(['inspect', 'mixed.csv', '--format', 'xlsx'], fixtures);
  assert.equal(f.code, 1);
  assert.match(f.stderr, /^mixed\.csv: unknown format "xlsx"/);
  const o = await cli(['inspect', 'records.jsonl', '--format', 'json', '--json'], fixtures);
  assert.equal(o.code, 1);
  // Read as one JSON document, the second record is where the single value should have ended.
  assert.deepEqual([JSON.parse(o.stdout).error.line, JSON.parse(o.stdout).error.column], [2, 1]);
});
