import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareDataset } from '../../../src/engine/data/dataset';
import { selectRows } from '../../../src/engine/data/selectRows';
import { dataSpecSchema, type DataSpecInput } from '../../../src/protocol/data';
import { parseText, rejectsWith } from './helpers';

const spec = (s: Partial<DataSpecInput> & { target: string }) =>
  dataSpecSchema.parse({ path: 'data.csv', ...s });

/** 20 rows: x rises 0..19, c cycles red/green/blue, y = x / 2 + 0.25 (fractions: regression). */
const regressionCsv =
  'x,c,y\n' +
  Array.from({ length: 20 }, (_, i) => `${i},${['red', 'green', 'blue'][i % 3]},${i / 2 + 0.25}`).join('\n') +
  '\n';

function meanStd(values: number[]): [number, number] {
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  return [m, Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / values.length)];
}

test('features are one-hot encoded and standardized with training statistics only', async () => {
  const table = await parseText(regressionCsv, 'csv');
  const d = prepareDataset(table, spec({ target: 'y', split: { validation: 0.25, seed: 4 } }), {
    precision: 'float64',
  });
  assert.deepEqual(d.featureNames, ['x', 'c=blue', 'c=green', 'c=red']);
  assert.equal(d.task, 'regression');
  assert.equal(d.nRows, 20);
  assert.equal(d.X.length, 80);
  assert.deepEqual([d.splits.train.length, d.splits.validation.length], [15, 5]);
  // The stored statistics are the raw training rows' mean and population std.
  const trainX = Array.from(d.splits.train, (r) => r);
  const [m, s] = meanStd(trainX);
  assert.ok(Math.abs(d.standardization.featureMean![0]! - m) < 1e-12);
  assert.ok(Math.abs(d.standardization.featureStd![0]! - s) < 1e-12);
  // Train rows are mean 0 / std 1 per feature; validation rows are not centred.
  const col = (rows: Int32Array, j: number) => Array.from(rows, (r) => d.X[r * d.nFeatures + j]!);
  for (let j = 0; j < d.nFeatures; j++) {
    const [tm, ts] = meanStd(col(d.splits.train, j));
    assert.ok(Math.abs(tm) < 1e-12, `train mean of ${d.featureNames[j]}`);
    assert.ok(Math.abs(ts - 1) < 1e-12);
  }
  assert.ok(Math.abs(meanStd(col(d.splits.validation, 0))[0]) > 1e-3);
  // Every row, validation included, uses the training statistics.
  for (let r = 0; r < 20; r++) assert.ok(Math.abs(d.X[r * 4]! - (r - m) / s) < 1e-12);
  assert.deepEqual(
    Array.from(d.y),
    Array.from({ length: 20 }, (_, i) => i / 2 + 0.25),
  );
});

test('the target can be standardized for regression', async () => {
  const table = await parseText(regressionCsv, 'csv');
  const d = prepareDataset(
    table,
    spec({ target: 'y', preprocessing: { standardize: false, standardize_target: true } }),
    { precision: 'float64' },
  );
  const trainY = Array.from(d.splits.train, (r) => r / 2 + 0.25);
  const [m, s] = meanStd(trainY);
  assert.ok(Math.abs(d.standardization.targetMean! - m) < 1e-12);
  assert.ok(Math.abs(d.standardization.targetStd! - s) < 1e-12);
  assert.ok(Math.abs(d.y[3]! - (1.75 - m) / s) < 1e-12);
  assert.equal(d.standardization.featureMean, null);
  assert.equal(d.X[3 * 4]!, 3);
});

test('float32 output is standardized in float64, then cast; shared output uses a SharedArrayBuffer', async () => {
  const table = await parseText(regressionCsv, 'csv');
  const s = spec({ target: 'y' });
  const d64 = prepareDataset(table, s, { precision: 'float64' });
  const d32 = prepareDataset(table, s, { precision: 'float32', shared: true });
  assert.ok(d32.X instanceof Float32Array);
  assert.ok(d32.X.buffer instanceof SharedArrayBuffer);
  assert.ok(d32.y.buffer instanceof SharedArrayBuffer);
  assert.deepEqual(Array.from(d32.X), Array.from(Float32Array.from(d64.X)));
  assert.ok(!(d64.X.buffer instanceof SharedArrayBuffer));
  const shared64 = prepareDataset(table, s, { precision: 'float64', shared: true });
  assert.ok(shared64.X instanceof Float64Array && shared64.X.buffer instanceof SharedArrayBuffer);
  assert.deepEqual(Array.from(shared64.X), Array.from(d64.X));
  const train = selectRows(d32, d32.splits.train);
  assert.equal(train.rows, d32.splits.train.length);
  assert.ok(train.X instanceof Float32Array);
  assert.equal(train.X[5], d32.X[d32.splits.train[1]! * 4 + 1]);
});

test('booleans become 0/1 and a categorical column over the cap is an error', async () => {
  const table = await parseText('flag,city,y\ntrue,a,1\nfalse,b,0\nTRUE,c,1\nfalse,d,0\n', 'csv');
  const d = prepareDataset(
    table,
    spec({
      target: 'y',
      features: ['flag'],
      split: { validation: 0 },
      preprocessing: { standardize: false },
    }),
    { precision: 'float64' },
  );
  assert.deepEqual(Array.from(d.X), [1, 0, 1, 0]);
  assert.equal(d.task, 'binary');
  assert.deepEqual(d.classes, [0, 1]);
  await rejectsWith(
    () =>
      prepareDataset(table, spec({ target: 'y', preprocessing: { max_categories: 3 } }), {
        precision: 'float64',
      }),
    'data.csv:1:2: categorical column "city" has 4 distinct values, more than preprocessing.max_categories (3); leave it out of "features" or raise max_categories',
  );
});

test('a missing target column lists the columns and suggests a close name', async () => {
  const table = await parseText(regressionCsv, 'csv');
  await rejectsWith(
    () => prepareDataset(table, spec({ target: 'Y' }), { precision: 'float64' }),
    'data.csv: no target column "Y" in the file (did you mean "y"?); its columns are "x", "c", "y"',
  );
  await rejectsWith(
    () => prepareDataset(table, spec({ target: 'xx', features: ['x'] }), { precision: 'float64' }),
    'data.csv: no target column "xx" in the file (did you mean "x"?); its columns are "x", "c", "y"',
  );
  await rejectsWith(
    () => prepareDataset(table, spec({ target: 'progression' }), { precision: 'float64' }),
    'data.csv: no target column "progression" in the file; its columns are "x", "c", "y"',
  );
  await rejectsWith(
    () => prepareDataset(table, spec({ target: 'y', features: ['x', 'colour'] }), { precision: 'float64' }),
    /no feature column "colour" in the file/,
  );
});

const withGaps = 'a,b,y\n1,x,1\n,x,2\n3,,3\n5,z,\n7,x,5\n9,z,6\n';

test('missing values: "error" fails at the first one, with its location', async () => {
  const table = await parseText(withGaps, 'csv');
  await rejectsWith(
    () => prepareDataset(table, spec({ target: 'y' }), { precision: 'float64' }),
    'data.csv:3:1: missing value in column "a" (set preprocessing.missing to "drop" or "mean" to allow missing values)',
  );
});

test('missing values: "drop" removes rows and says how many', async () => {
  const table = await parseText(withGaps, 'csv');
  const d = prepareDataset(
    table,
    spec({
      target: 'y',
      task: 'regression',
      split: { validation: 0 },
      preprocessing: { missing: 'drop', standardize: false },
    }),
    { precision: 'float64' },
  );
  assert.deepEqual(Array.from(d.sourceRows), [0, 4, 5]);
  assert.deepEqual(Array.from(d.y), [1, 5, 6]);
  assert.ok(
    d.warnings.includes('dropped 3 of 6 rows with a missing value (in "a", "b", "y")'),
    d.warnings.join('\n'),
  );
});

test('missing values: "mean" fills features with the training mean and drops missing targets', async () => {
  const table = await parseText(withGaps, 'csv');
  const d = prepareDataset(
    table,
    spec({
      target: 'y',
      split: { validation: 0.4, seed: 1 },
      preprocessing: { missing: 'mean', standardize: false },
    }),
    { precision: 'float64' },
  );
  assert.deepEqual(Array.from(d.sourceRows), [0, 1, 2, 4, 5]);
  const aValues = [1, NaN, 3, 7, 9];
  const present = Array.from(d.splits.train)
    .map((r) => aValues[r]!)
    .filter((v) => !Number.isNaN(v));
  const trainMean = present.reduce((x, y) => x + y, 0) / present.length;
  assert.equal(d.missingFill![0], trainMean);
  assert.equal(d.X[1 * d.nFeatures]!, trainMean);
  // A missing category is all zeros.
  assert.deepEqual(d.featureNames, ['a', 'b=x', 'b=z']);
  assert.deepEqual(Array.from(d.X.subarray(2 * 3 + 1, 2 * 3 + 3)), [0, 0]);
  assert.ok(d.warnings.some((w) => w.startsWith('dropped 1 of 6 rows with a missing target')));
});

test('constant and all-missing features are warnings; all-missing ones are left out', async () => {
  const table = await parseText('k,e,x,y\n1,,1,a\n1,NA,2,b\n1,,3,a\n1,,4,b\n', 'csv');
  const d = prepareDataset(table, spec({ target: 'y', split: { validation: 0.25 } }), {
    precision: 'float64',
  });
  assert.deepEqual(d.featureNames, ['k', 'x']);
  assert.deepEqual(d.warnings, [
    'feature "e" has no values (every value is missing); it is left out',
    'feature "k" is constant (1 in every row); it cannot help the model',
  ]);
  // A zero std divides by 1: the constant feature is centred to 0.
  assert.equal(d.standardization.featureStd![0], 1);
  assert.deepEqual(
    Array.from(d.X).filter((_, i) => i % 2 === 0),
    [0, 0, 0, 0],
  );
});

test('a one-class target after dropping rows is an error', async () => {
  const table = await parseText('x,y\n1,a\n2,\n3,a\n', 'csv');
  await rejectsWith(
    () =>
      prepareDataset(table, spec({ target: 'y', preprocessing: { missing: 'drop' } }), {
        precision: 'float64',
      }),
    'data.csv:1:2: target column "y" has the same value ("a") in every row; there is nothing to learn',
  );
});

test('a stratified split of a classification target', async () => {
  const rows = Array.from({ length: 40 }, (_, i) => `${i},${i < 30 ? 'a' : 'b'}`);
  const table = await parseText(`x,y\n${rows.join('\n')}\n`, 'csv');
  const d = prepareDataset(
    table,
    spec({ target: 'y', split: { validation: 0.2, stratify: true, seed: 5 } }),
    {
      precision: 'float64',
    },
  );
  const inB = Array.from(d.splits.validation).filter((r) => d.y[r] === 1).length;
  assert.deepEqual([d.splits.validation.length, inB], [8, 2]);
});
