import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseTableBytes } from '../../../src/engine/data/loadTable';
import { prepareDataset } from '../../../src/engine/data/dataset';
import { isMissingAt, type Table } from '../../../src/engine/data/table';
import { DataError, isUserError } from '../../../src/engine/errors';
import { dataSpecSchema, type DataFormat } from '../../../src/protocol/data';

const formats: DataFormat[] = ['csv', 'tsv', 'json', 'jsonl', 'parquet'];
const encoder = new TextEncoder();

/** Every column holds nRows values, missing counts agree, and cells locate inside the file. */
function assertConsistent(table: Table): void {
  assert.ok(table.nRows > 0);
  assert.ok(table.columns.length > 0);
  for (const [c, column] of table.columns.entries()) {
    if (column.kind === 'numeric' || column.kind === 'boolean')
      assert.equal(column.values.length, table.nRows);
    if (column.kind === 'categorical') {
      assert.equal(column.codes.length, table.nRows);
      assert.ok(column.codes.every((k) => k >= -1 && k < column.levels.length));
    }
    let missing = 0;
    for (let r = 0; r < table.nRows; r++) if (isMissingAt(column, r)) missing++;
    // Typos among numbers are NaN in the values without being missing.
    const typos = column.kind === 'numeric' ? (column.problem?.count ?? 0) : 0;
    assert.equal(column.missing + typos, missing);
    if (column.kind === 'empty') assert.equal(missing, table.nRows);
    const where = table.locate(table.nRows - 1, c);
    assert.equal(where.file, table.file);
    if (where.line !== undefined) assert.ok(where.line >= 1 && (where.column ?? 1) >= 1);
  }
}

/**
 * A case taking longer than this has met a loop or a quadratic path: not a performance
 * assertion (the inputs are at most a few KB and parse in well under a millisecond), a hang guard.
 */
const caseLimitMs = 5000;

/** Seeded, so a failure reproduces; fast-check prints the seed and path of a counterexample. */
const seed = 15;

/** Parses; a DataError is an accepted outcome, any other exception fails the property. */
async function parseOrDataError(bytes: Uint8Array, format: DataFormat): Promise<void> {
  const started = performance.now();
  try {
    await parseOrDataErrorUnbounded(bytes, format);
  } finally {
    const ms = performance.now() - started;
    assert.ok(ms < caseLimitMs, `a ${bytes.length}-byte ${format} case took ${Math.round(ms)} ms`);
  }
}

async function parseOrDataErrorUnbounded(bytes: Uint8Array, format: DataFormat): Promise<void> {
  let table: Table;
  try {
    table = await parseTableBytes(bytes, format, `fuzz.${format}`);
  } catch (e) {
    if (e instanceof DataError) {
      assert.match(e.format(), new RegExp(`^fuzz\\.${format}(:\\d+(:\\d+)?)?: `));
      return;
    }
    throw e;
  }
  assertConsistent(table);
  // The data set step must fail only with user errors too.
  const last = table.columns[table.columns.length - 1]!.name;
  const spec = dataSpecSchema.safeParse({ path: 'x', target: last, preprocessing: { missing: 'drop' } });
  if (!spec.success) return; // a column named "" cannot be a target
  try {
    const d = prepareDataset(table, spec.data, { precision: 'float32' });
    assert.equal(d.X.length, d.nRows * d.nFeatures);
    assert.equal(d.y.length, d.nRows);
  } catch (e) {
    if (!isUserError(e)) throw e;
  }
}

const tokens = [
  'a',
  'x y',
  '1',
  '-2.5',
  '1e3',
  'NA',
  '',
  'true',
  ',',
  ',',
  '"',
  '""',
  '\n',
  '\r\n',
  '\r',
  '\t',
  ' ',
  '{',
  '}',
  '[',
  ']',
  ':',
  '"k"',
  'null',
  'é',
  '\ufeff',
];
const textish = fc.array(fc.constantFrom(...tokens), { maxLength: 200 }).map((t) => t.join(''));

const validSamples: Record<Exclude<DataFormat, 'parquet'>, string> = {
  csv: 'a,b,label\n1,"x, y",yes\n2.5,"two\nlines",no\n,NA,yes\n4,z,no\n',
  tsv: 'a\tb\tlabel\n1\tx\tyes\n2\t"q\tr"\tno\n3\tz\tyes\n',
  json: '[{"a": 1, "b": "x", "label": true},\n {"a": 2.5, "b": null, "label": false},\n {"a": 3, "label": true}]',
  jsonl: '{"a": 1, "b": "x", "label": 0}\n{"a": 2, "b": "y", "label": 1}\n\n{"a": 3, "label": 0}\n',
};

/** Deletes or duplicates characters of `text` at the given positions. */
const mutated = (text: string) =>
  fc.array(fc.tuple(fc.nat(text.length), fc.boolean()), { minLength: 1, maxLength: 6 }).map((edits) => {
    let s = text;
    for (const [at, duplicate] of edits) {
      const i = at % Math.max(1, s.length);
      s = duplicate ? s.slice(0, i + 1) + s.slice(i) : s.slice(0, i) + s.slice(i + 1);
    }
    return s;
  });

/** Deep nesting and records with ever new keys: the inputs that once overflowed or went quadratic. */
const jsonShapes = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1, max: 5000 }), fc.constantFrom('[', '{"a":', '[{"a":'), fc.boolean())
    .map(([depth, open, closed]) => {
      const close = open === '[' ? ']' : open === '{"a":' ? '}' : '}]';
      return open.repeat(depth) + '1' + (closed ? close.repeat(depth) : '');
    }),
  fc
    .tuple(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 5 }))
    .map(([n, every]) =>
      Array.from({ length: n }, (_, i) => `{"k${Math.floor(i / every)}": ${i}, "y": 1}`).join('\n'),
    ),
);

// A few thousand cases per loader, each format in its own test so a failure names it.
for (const format of formats) {
  test(`${format}: random bytes and text give a table or a located DataError, within a time bound`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), (bytes) => parseOrDataError(bytes, format)),
      { numRuns: 1500, seed },
    );
    await fc.assert(
      fc.asyncProperty(textish, (text) => parseOrDataError(encoder.encode(text), format)),
      { numRuns: 1500, seed },
    );
    if (format === 'json' || format === 'jsonl') {
      await fc.assert(
        fc.asyncProperty(jsonShapes, (text) => parseOrDataError(encoder.encode(text), format)),
        { numRuns: 300, seed },
      );
    }
  });
}

test('valid files with characters deleted or duplicated never crash a loader', async () => {
  for (const [format, text] of Object.entries(validSamples) as [DataFormat, string][]) {
    await parseOrDataError(encoder.encode(text), format);
    await fc.assert(
      fc.asyncProperty(mutated(text), (s) => parseOrDataError(encoder.encode(s), format)),
      { numRuns: 500, seed },
    );
  }
});

test('generated CSV tables round-trip their shape and values', async () => {
  const cell = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map(String),
    fc.string({ maxLength: 6 }),
  );
  await fc.assert(
    fc.asyncProperty(
      fc
        .integer({ min: 1, max: 5 })
        .chain((cols) =>
          fc
            .array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 12 })
            .map((rows) => ({ cols, rows })),
        ),
      fc.boolean(),
      async ({ cols, rows }, crlf) => {
        const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
        const nl = crlf ? '\r\n' : '\n';
        const header = Array.from({ length: cols }, (_, c) => `c${c}`).join(',');
        const text = [header, ...rows.map((r) => r.map(quote).join(','))].join(nl) + nl;
        let table: Table;
        try {
          table = await parseTableBytes(encoder.encode(text), 'csv', 'gen.csv');
        } catch (e) {
          // Only the deliberate refusals are acceptable: typos among numbers, or rows that are all blank.
          assert.ok(e instanceof DataError, String(e));
          assert.match(e.message, /expected a number in column|no data rows|expected \d+ fields/);
          return;
        }
        assertConsistent(table);
        assert.equal(table.columns.length, cols);
        assert.ok(table.nRows <= rows.length);
      },
    ),
    { numRuns: 1000, seed },
  );
});
