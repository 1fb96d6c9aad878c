import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadTable } from '../../../src/engine/data/loadTable';
import { prepareDataset } from '../../../src/engine/data/dataset';
import { dataSpecSchema } from '../../../src/protocol/data';

const samples = join(__dirname, '../../../samples');

const expected = [
  {
    file: 'iris.csv',
    target: 'species',
    rows: 150,
    features: 4,
    task: 'multiclass',
    classes: ['setosa', 'versicolor', 'virginica'],
  },
  {
    file: 'iris.jsonl',
    target: 'species',
    rows: 150,
    features: 4,
    task: 'multiclass',
    classes: ['setosa', 'versicolor', 'virginica'],
  },
  { file: 'diabetes.csv', target: 'progression', rows: 442, features: 10, task: 'regression', classes: null },
  { file: 'wine.csv', target: 'class', rows: 178, features: 13, task: 'multiclass', classes: [0, 1, 2] },
  {
    file: 'breast_cancer.csv',
    target: 'diagnosis',
    rows: 569,
    features: 30,
    task: 'binary',
    classes: ['benign', 'malignant'],
  },
];

for (const e of expected) {
  test(`sample ${e.file} loads as ${e.rows} × ${e.features}, ${e.task}`, async () => {
    const table = await loadTable(join(samples, e.file), { displayName: e.file });
    const d = prepareDataset(table, dataSpecSchema.parse({ path: e.file, target: e.target }), {
      precision: 'float64',
    });
    assert.deepEqual([d.nRows, d.nFeatures, d.task, d.classes], [e.rows, e.features, e.task, e.classes]);
    assert.deepEqual(d.warnings, []);
    assert.ok(table.columns.every((c) => c.missing === 0));
  });
}
