import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { prepareDataset, type Dataset } from '../../../src/engine/data/dataset';
import { applyStandardization, columnStats } from '../../../src/engine/data/standardize';
import type { Column, Table } from '../../../src/engine/data/table';
import { dataSpecSchema } from '../../../src/protocol/data';

/**
 * The matrix as prepareDataset built it before it was written from the columns: every kept row
 * encoded into a float64 matrix column by column, missing features filled with the training
 * mean, standardized in place with columnStats over the training rows, then cast to the output
 * precision.
 */
function reference(table: Table, d: Dataset, missing: string, standardize: boolean, float32: boolean) {
  const rows = d.sourceRows;
  const features = table.columns.filter((c) => c.name !== 'y' && c.kind !== 'empty');
  const names: string[] = [];
  const firsts = features.map((column) => {
    const first = names.length;
    if (column.kind !== 'categorical') {
      names.push(column.name);
      return { first, offsets: null };
    }
    const offsets = new Int32Array(column.levels.length).fill(-1);
    let k = 0;
    column.levels.forEach((level, code) => {
      if (!Array.from(rows).some((r) => column.codes[r] === code)) return;
      offsets[code] = k++;
      names.push(`${column.name}=${level}`);
    });
    return { first, offsets };
  });
  const n = names.length;
  const X = new Float64Array(rows.length * n);
  features.forEach((column, f) => {
    const { first, offsets } = firsts[f]!;
    for (let i = 0; i < rows.length; i++) {
      if (column.kind === 'categorical') {
        const code = column.codes[rows[i]!]!;
        if (code >= 0) X[i * n + first + offsets![code]!] = 1;
      } else if (column.kind === 'numeric' || column.kind === 'boolean') {
        X[i * n + first] = column.values[rows[i]!]!;
      }
    }
  });
  let fill: Float64Array | null = null;
  if (missing === 'mean') {
    fill = columnStats(X, n, d.splits.train).mean;
    for (let i = 0; i < X.length; i++) if (X[i] !== X[i]) X[i] = fill[i % n]!;
  }
  let mean: Float64Array | null = null;
  let scale: Float64Array | null = null;
  if (standardize) {
    const stats = columnStats(X, n, d.splits.train);
    mean = stats.mean;
    scale = stats.std.map((s) => (s === 0 ? 1 : s));
    applyStandardization(X, n, mean, scale);
  }
  return { names, X: float32 ? Float32Array.from(X) : X, fill, mean, scale };
}

const value = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, 0, -0, 1) },
);

/** A random table: numeric, boolean and categorical features with missing values, a numeric target y. */
const tables = fc.integer({ min: 3, max: 40 }).chain((nRows) => {
  const numeric = fc.array(value, { minLength: nRows, maxLength: nRows }).map((v): Column => ({
    kind: 'numeric',
    name: '',
    values: Float64Array.from(v),
    missing: v.filter(Number.isNaN).length,
  }));
  const boolean = fc
    .array(fc.constantFrom(0, 1, NaN), { minLength: nRows, maxLength: nRows })
    .map((v): Column => ({
      kind: 'boolean',
      name: '',
      values: Float64Array.from(v),
      missing: v.filter(Number.isNaN).length,
    }));
  const categorical = fc
    .array(fc.integer({ min: -1, max: 3 }), { minLength: nRows, maxLength: nRows })
    .map((codes): Column => ({
      kind: 'categorical',
      name: '',
      levels: ['a', 'b', 'c', 'd'],
      codes: Int32Array.from(codes),
      missing: codes.filter((c) => c < 0).length,
    }));
  const target = fc
    .array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: nRows, maxLength: nRows })
    .map((v): Column => ({ kind: 'numeric', name: 'y', values: Float64Array.from(v), missing: 0 }));
  return fc
    .tuple(
      fc.array(fc.oneof({ weight: 3, arbitrary: numeric }, boolean, categorical), {
        minLength: 1,
        maxLength: 5,
      }),
      target,
    )
    .map(([features, y]): Table => {
      const columns = [...features.map((c, i) => ({ ...c, name: `f${i}` })), y];
      const locate = (row: number, column: number) => ({ file: 't.csv', line: row + 2, column: column + 1 });
      return { file: 't.csv', format: 'csv', nRows, columns, locate, locateHeader: (c) => locate(-1, c) };
    });
});

test('the feature matrix written from the columns is the float64 matrix standardized and cast, bit for bit', () => {
  fc.assert(
    fc.property(
      tables,
      fc.constantFrom('mean', 'drop'),
      fc.boolean(),
      fc.boolean(),
      fc.boolean(),
      fc.integer({ min: 0, max: 5 }),
      (table, missing, standardize, float32, shared, seed) => {
        const spec = dataSpecSchema.parse({
          path: 't.csv',
          target: 'y',
          task: 'regression',
          split: { validation: 0.3, seed },
          preprocessing: { missing, standardize },
        });
        let d: Dataset;
        try {
          d = prepareDataset(table, spec, { precision: float32 ? 'float32' : 'float64', shared });
        } catch {
          return; // no rows left, a single target value...: not about the matrix
        }
        const want = reference(table, d, missing, standardize, float32);
        assert.deepStrictEqual(d.featureNames, want.names);
        assert.ok(d.X instanceof (float32 ? Float32Array : Float64Array));
        assert.equal(d.X.buffer instanceof SharedArrayBuffer, shared);
        assert.deepStrictEqual(Array.from(d.X), Array.from(want.X));
        assert.deepStrictEqual(d.missingFill, want.fill);
        assert.deepStrictEqual(d.standardization.featureMean, want.mean);
        assert.deepStrictEqual(d.standardization.featureStd, want.scale);
      },
    ),
    { numRuns: 400, seed: 20261205 },
  );
});
