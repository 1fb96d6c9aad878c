import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cli } from '../helpers/cli';

const fixtures = join(__dirname, '../fixtures/data');

test('inspect prints rows, column types, missing counts and the inferred task', async () => {
  const r = await cli(['inspect', 'mixed.csv', '--target', 'y'], fixtures);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^mixed\.csv: csv \(comma-separated\), 6 rows, 5 columns/);
  // Sturges: 4 bins over [1.5, 6.5] for 1.5, 2.5, 3.5, 4.5, 5.5, 6.5 (counts 2, 1, 1, 2).
  assert.match(r.stdout, /\nx1 +numeric +0 {2}6 distinct, min 1\.5, max 6\.5, mean 4 {2}█▄▄█\n/);
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

test('a messy file is described in full, its problems listed with their locations (exit 0)', async () => {
  const r = await cli(['inspect', 'messy.csv', '--target', 'paid'], fixtures);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^messy\.csv: csv \(semicolon-separated\), 15 rows, 4 columns\n/);
  assert.match(r.stdout, /\nage +numeric +1 {2}14 distinct, min 29, max 61/);
  assert.match(r.stdout, /\nbmi +numeric +1 {2}12 distinct/);
  assert.match(r.stdout, /\ncity +categorical +1 {2}2 levels: Bergen, Oslo\n/);
  assert.match(r.stdout, /target "paid": binary\nclasses: "no" \(8\), "yes" \(7\)\n/);
  assert.match(
    r.stdout,
    /\nproblems \(an experiment stops at one only if it uses the column\):\n {2}messy\.csv:3:2: expected a number in column "bmi", found "abc" \(2 cells, the first few:\)\n {4}messy\.csv:3:2: "abc"\n {4}messy\.csv:10:2: "x"\n$/,
  );
  const j = await cli(['inspect', 'messy.csv', '--json', '--target', 'bmi'], fixtures);
  assert.equal(j.code, 0, j.stderr);
  const s = JSON.parse(j.stdout);
  assert.equal(s.delimiter, 'semicolon');
  const bmi = s.columns[1];
  assert.deepEqual(bmi.problem, {
    message: 'messy.csv:3:2: expected a number in column "bmi", found "abc"',
    count: 2,
    examples: [
      { at: 'messy.csv:3:2', found: 'abc' },
      { at: 'messy.csv:10:2', found: 'x' },
    ],
  });
  assert.equal(
    bmi.histogram.counts.reduce((a: number, b: number) => a + b, 0),
    12,
  );
  assert.equal(s.target, null);
  assert.equal(s.targetProblem, 'messy.csv:3:2: expected a number in column "bmi", found "abc"');
});

test('a file that cannot be read at all exits 1 with file:line:col, or a JSON error', async () => {
  const r = await cli(['inspect', 'latin1.csv'], fixtures);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'latin1.csv:2:2: not UTF-8 text: invalid byte 0xFC; save the file as UTF-8\n');
  assert.equal(r.stdout, '');
  const j = await cli(['inspect', 'latin1.csv', '--json'], fixtures);
  assert.equal(j.code, 1);
  assert.deepEqual(JSON.parse(j.stdout), {
    error: {
      kind: 'data',
      file: 'latin1.csv',
      line: 2,
      column: 2,
      message: 'not UTF-8 text: invalid byte 0xFC; save the file as UTF-8',
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

test('inspect a Parquet file with a binary column: described in full, the column refused by name (exit 0)', async () => {
  const r = await cli(['inspect', 'parquet-testing/lz4_raw_compressed.parquet'], fixtures);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\nc1 +unusable +- {2}cannot be used \(see problems\)\n/);
  assert.match(r.stdout, /\nv11 +numeric +0 {2}3 distinct, min 7\.7, max 42\.125/);
  assert.match(r.stdout, /column "c1" holds binary data \(BYTE_ARRAY without a UTF8\/STRING annotation\)/);
});
