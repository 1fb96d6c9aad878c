// New Experiment from Data File without VS Code: the options offered after the engine inspected a
// file, and the experiment written from the choices, which must validate and run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTable } from '../../src/engine/data/loadTable';
import { summarizeTable } from '../../src/engine/data/inspect';
import { loadExperiment, parseExperimentText } from '../../src/engine/experiment/loadExperiment';
import { runExperiment } from '../../src/engine/runs/runExperiment';
import {
  draftExperiment,
  experimentFileName,
  modelOptions,
  optimizerOptions,
  targetOptions,
  type DraftChoices,
} from '../../src/extension/experimentDraft';

const root = join(import.meta.dirname, '..', '..');
const samples = join(root, 'samples');
const customers = join(import.meta.dirname, '..', 'fixtures', 'extension', 'customers.csv');

async function summary(file: string, target?: string) {
  return summarizeTable(await loadTable(file), target);
}

test('targets list every column with values, the last column first', async () => {
  const options = targetOptions(await summary(join(samples, 'iris.csv')));
  assert.equal(options[0]!.label, 'species');
  assert.match(options[0]!.description!, /categorical, 3 levels/);
  assert.deepEqual(options.map((o) => o.value).sort(), [
    'petal_length_cm',
    'petal_width_cm',
    'sepal_length_cm',
    'sepal_width_cm',
    'species',
  ]);
});

test('models fit the inferred task', () => {
  assert.deepEqual(modelOptions('multiclass')[0]!.value, { type: 'softmax' });
  assert.deepEqual(modelOptions('binary')[0]!.value, { type: 'logistic' });
  assert.deepEqual(modelOptions('regression')[0]!.value, { type: 'linear' });
  assert.deepEqual(modelOptions('regression')[1]!.value, { type: 'mlp', hidden: [16] });
});

test('every optimizer preset is a valid torch.optim configuration, distinct, and three are preselected', () => {
  const options = optimizerOptions();
  const base = { data: { path: 'iris.csv', target: 'species' }, model: { type: 'softmax' } };
  const text = JSON.stringify({ ...base, optimizers: options.map((o) => o.value) });
  assert.doesNotThrow(() => parseExperimentText(text, 'x.optlab.json', samples));
  assert.deepEqual(
    options.filter((o) => o.picked).map((o) => o.label),
    ['SGD', 'SGD momentum', 'Adam'],
  );
  assert.equal(
    options.find((o) => o.label === 'SGD Nesterov')!.description,
    'lr=0.02 momentum=0.9 nesterov=true',
  );
});

function choices(over: Partial<DraftChoices>): DraftChoices {
  return {
    dataPath: 'iris.csv',
    target: 'species',
    task: 'multiclass',
    model: { type: 'softmax' },
    optimizers: [
      { name: 'SGD', lr: 0.05 },
      { name: 'Adam', lr: 0.01 },
    ],
    precision: 'float64',
    ...over,
  };
}

test('a classification draft stratifies, ranks by accuracy, and validates', async () => {
  const s = await summary(join(samples, 'iris.csv'), 'species');
  const e = draftExperiment(s, choices({ precision: 'float32' }));
  assert.deepEqual(e['data'], {
    path: 'iris.csv',
    target: 'species',
    split: { validation: 0.2, seed: 0, stratify: true },
    preprocessing: { standardize: true },
  });
  assert.deepEqual(e['objective'], { metric: 'val_accuracy', use: 'best' });
  assert.deepEqual(e['training'], { epochs: 100, batch_size: null, seeds: [0, 1, 2], precision: 'float32' });
  const resolved = parseExperimentText(JSON.stringify(e), 'iris.optlab.json', samples);
  assert.equal(resolved.kind, 'data');
  assert.equal(resolved.training.precision, 'float32');
});

test('a regression draft standardizes the target and uses minibatches on larger files', async () => {
  const s = await summary(join(samples, 'diabetes.csv'), 'progression');
  assert.equal(s.target!.task, 'regression');
  const e = draftExperiment(
    s,
    choices({
      dataPath: 'diabetes.csv',
      target: 'progression',
      task: 'regression',
      model: { type: 'mlp', hidden: [16] },
    }),
  );
  assert.deepEqual((e['data'] as Record<string, unknown>)['preprocessing'], {
    standardize: true,
    standardize_target: true,
  });
  assert.equal((e['training'] as Record<string, unknown>)['batch_size'], 32);
  assert.deepEqual(e['model'], { type: 'mlp', hidden: [16] });
  assert.doesNotThrow(() => parseExperimentText(JSON.stringify(e), 'diabetes.optlab.json', samples));
});

test('a draft leaves out high-cardinality text columns, drops rows with missing values, and runs', async (t) => {
  const s = await summary(customers, 'label');
  assert.equal(s.target!.task, 'binary');
  const e = draftExperiment(
    s,
    choices({ dataPath: 'customers.csv', target: 'label', task: 'binary', model: { type: 'logistic' } }),
  );
  const data = e['data'] as Record<string, unknown>;
  // id (40 levels) and city (30 levels) exceed max_categories; age has two missing values.
  assert.deepEqual(data['features'], ['age', 'score']);
  assert.deepEqual(data['preprocessing'], { standardize: true, missing: 'drop' });
  assert.match(
    String(e['description']),
    /Left out: id, city\. Rows with missing values in age are dropped\./,
  );

  const dir = mkdtempSync(join(tmpdir(), 'optlab-draft-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  copyFileSync(customers, join(dir, 'customers.csv'));
  const file = join(
    dir,
    experimentFileName('customers.csv', () => false),
  );
  writeFileSync(file, JSON.stringify({ ...e, training: { epochs: 3, seeds: [0] } }));
  const outcome = await runExperiment({
    experiment: loadExperiment(file),
    experimentFile: file,
    recordsRoot: join(dir, 'records'),
    workerPath: join(root, 'dist', 'worker.js'),
    poolSize: 1,
  });
  assert.equal(outcome.record.dataset!.rows, 38);
  assert.deepEqual(outcome.record.dataset!.features, ['age', 'score']);
  assert.deepEqual(
    outcome.record.runs.map((r) => r.status),
    ['done', 'done'],
  );
});

test('experiment file names do not overwrite existing files', () => {
  assert.equal(
    experimentFileName('data/iris.csv', () => false),
    'iris.optlab.json',
  );
  const taken = new Set(['iris.optlab.json', 'iris-2.optlab.json']);
  assert.equal(
    experimentFileName('/x/iris.csv', (n) => taken.has(n)),
    'iris-3.optlab.json',
  );
  assert.equal(
    experimentFileName('runs.parquet', () => false),
    'runs.optlab.json',
  );
});

test('"Your PyTorch model…" is offered for every task and drafts a valid pytorch model section', async () => {
  for (const task of ['regression', 'binary', 'multiclass'] as const)
    assert.equal(modelOptions(task).at(-1)!.value.type, 'pytorch');
  const s = await summary(join(samples, 'iris.csv'), 'species');
  const e = draftExperiment(s, choices({ model: { type: 'pytorch', path: 'nets/cnn.py', factory: 'make' } }));
  assert.deepEqual(e['model'], { type: 'pytorch', path: 'nets/cnn.py', factory: 'make' });
  const resolved = parseExperimentText(JSON.stringify(e), 'iris.optlab.json', samples);
  assert.equal(resolved.kind === 'data' && resolved.model.type, 'pytorch');
});
