// The run panel's form as data: the experiment it writes (New Experiment's defaults, only the
// non-default hyperparameters), and every problem at its field's path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { experimentFileSchema } from '../../src/protocol/experiment';
import { draftExperiment } from '../../src/extension/experimentDraft';
import type { TableSummary } from '../../src/engine/data/inspect';
import {
  buildExperiment,
  defaultForm,
  hyperFields,
  modelPathFrom,
  optimizerForm,
  scheduleText,
  type DataFacts,
} from '../../webview/runPanel/experimentForm';

const at = (fileName: string | null, more: Partial<DataFacts> = {}): DataFacts => ({
  fileName,
  rows: 150,
  anyMissing: false,
  task: 'multiclass',
  ...more,
});

test('hyperparameters carry torch keyword names and defaults', () => {
  const adam = hyperFields('Adam');
  assert.deepEqual(
    adam.map((f) => f.key),
    ['lr', 'weight_decay', 'betas', 'eps', 'amsgrad', 'maximize'],
  );
  assert.deepEqual(adam.find((f) => f.key === 'betas')!.default, [0.9, 0.999]);
  assert.equal(hyperFields('AdamW').find((f) => f.key === 'weight_decay')!.default, 0.01);
  assert.equal(hyperFields('SGD').find((f) => f.key === 'lr')!.default, 0.001);
});

test('an untouched form writes what New Experiment writes for the same file and choices', () => {
  const form = { ...defaultForm(), target: 'species', name: 'iris' };
  const { experiment, issues } = buildExperiment(form, at('iris.csv'));
  assert.deepEqual(issues, []);
  assert.ok(experimentFileSchema.safeParse(experiment).success);
  const summary = {
    rows: 150,
    columns: [
      { name: 'x', kind: 'numeric', missing: 0, distinct: 40 },
      { name: 'species', kind: 'categorical', missing: 0, distinct: 3 },
    ],
  } as unknown as TableSummary;
  const draft = draftExperiment(summary, {
    dataPath: 'iris.csv',
    target: 'species',
    task: 'multiclass',
    model: { type: 'linear' },
    optimizers: experiment['optimizers'] as never,
    precision: 'float64',
  });
  assert.deepEqual(experiment['data'], draft['data']);
  assert.deepEqual(experiment['objective'], draft['objective']);
  const { precision: _, ...training } = draft['training'] as Record<string, unknown>;
  assert.deepEqual(experiment['training'], training);
  // New Experiment's preselected presets, with their learning rates.
  assert.deepEqual(experiment['optimizers'], [
    { name: 'SGD', lr: 0.05 },
    { name: 'SGD', lr: 0.02, momentum: 0.9 },
    { name: 'Adam', lr: 0.01 },
  ]);
  assert.deepEqual(experiment['objective'], { metric: 'val_accuracy', use: 'best' });
});

test('defaults follow the file: missing values dropped, minibatches above 256 rows, regression scaling', () => {
  const form = { ...defaultForm(), target: 'y' };
  const data = buildExperiment(form, at('d.csv', { anyMissing: true, rows: 1000, task: 'regression' }));
  assert.deepEqual(data.issues, []);
  assert.deepEqual((data.experiment['data'] as Record<string, unknown>)['preprocessing'], {
    standardize: true,
    standardize_target: true,
    missing: 'drop',
  });
  assert.equal((data.experiment['training'] as Record<string, unknown>)['batch_size'], 32);
  assert.deepEqual(data.experiment['objective'], { metric: 'val_loss', use: 'best' });
  // The user's choices win over the defaults.
  const chosen = buildExperiment(
    { ...form, missing: 'mean', batchSize: '', objectiveUse: 'final', standardize: false },
    at('d.csv', { anyMissing: true, rows: 1000, task: 'regression' }),
  );
  assert.deepEqual((chosen.experiment['data'] as Record<string, unknown>)['preprocessing'], {
    standardize: false,
    standardize_target: true,
    missing: 'mean',
  });
  assert.equal((chosen.experiment['training'] as Record<string, unknown>)['batch_size'], null);
  assert.deepEqual(chosen.experiment['objective'], { metric: 'val_loss', use: 'final' });
});

test('problems are reported at their field: not a number, out of torch range, schema rules', () => {
  const form = defaultForm();
  form.target = 'y';
  form.optimizers = [
    { ...optimizerForm('Adam'), values: { ...optimizerForm('Adam').values, lr: '-1', betas: '0.9' } },
    { ...optimizerForm('SGD'), values: { ...optimizerForm('SGD').values, momentum: 'abc' } },
  ];
  form.seeds = '0, 0';
  form.epochs = '0';
  const { issues } = buildExperiment(form, at('data.csv'));
  const msg = (p: string) => issues.find((i) => i.path === p)?.message;
  assert.match(msg('optimizers.0.lr')!, /Invalid learning rate: -1/);
  assert.match(msg('optimizers.0.betas')!, /two numbers/);
  assert.match(msg('optimizers.1.momentum')!, /must be a number, not "abc"/);
  assert.match(msg('training.seeds.1')!, /duplicate seed 0/);
  assert.match(msg('training.epochs')!, /must be >= 1, got 0/);
});

test('nesterov without momentum is the schema error torch gives; an mlp needs hidden widths', () => {
  const form = { ...defaultForm(), target: 'y', model: 'mlp' as const, hidden: '' };
  form.optimizers = [{ ...optimizerForm('SGD'), values: { ...optimizerForm('SGD').values, nesterov: true } }];
  const { issues } = buildExperiment(form, at('d.csv'));
  assert.ok(issues.some((i) => i.path === 'optimizers.0.nesterov' && /Nesterov/.test(i.message)));
  assert.ok(issues.some((i) => i.path === 'model.hidden'));
  const ok = buildExperiment({ ...form, hidden: '16, 8', optimizers: [optimizerForm('SGD')] }, at('d.csv'));
  assert.deepEqual(ok.issues, []);
  assert.deepEqual(ok.experiment['model'], { type: 'mlp', hidden: [16, 8], activation: 'relu' });
});

test('no data file or target is an issue; schedule lengths follow the epochs unless typed', () => {
  const { issues } = buildExperiment(defaultForm(), at(null));
  assert.deepEqual(issues.map((i) => i.path).sort(), ['data.path', 'data.target']);
  const form = { ...defaultForm(), target: 'y', epochs: '400', schedule: 'CosineAnnealingLR' as const };
  assert.equal(scheduleText(form, 'T_max'), '400');
  const built = buildExperiment(form, at('d.csv'));
  assert.deepEqual(built.issues, []);
  assert.deepEqual(built.experiment['schedule'], { name: 'CosineAnnealingLR', T_max: 400, eta_min: 0 });
  const step = buildExperiment(
    { ...form, schedule: 'StepLR' as const, scheduleValues: { step_size: '10' } },
    at('d.csv'),
  );
  assert.deepEqual(step.experiment['schedule'], { name: 'StepLR', step_size: 10, gamma: 0.1 });
});

test('"Your PyTorch model…": the model file relative to the data folder, the factory, and where it may lie', () => {
  const base = {
    ...defaultForm(),
    dataPath: '/ws/data/digits.csv',
    target: 'label',
    name: 'digits-lab',
    model: 'pytorch' as const,
  };
  const none = buildExperiment({ ...base, modelPath: null }, at('digits.csv'));
  assert.deepEqual(none.issues, [{ path: 'model.path', message: 'choose the Python file of your model' }]);
  const ok = buildExperiment(
    { ...base, modelPath: '/ws/data/nets/cnn.py', factory: 'make' },
    at('digits.csv'),
  );
  assert.deepEqual(ok.issues, []);
  assert.deepEqual(ok.experiment['model'], { type: 'pytorch', path: 'nets/cnn.py', factory: 'make' });
  const outside = buildExperiment({ ...base, modelPath: '/ws/model.py' }, at('digits.csv'));
  assert.match(outside.issues[0]!.message, /in the data file's folder or below it/);
  assert.equal(modelPathFrom('/ws/data/d.csv', '/ws/data2/m.py'), null);
  assert.equal(modelPathFrom('C:\\ws\\d.csv', 'C:\\ws\\m.py'), 'm.py');
});

test('a validation fraction that is not a number is reported in words', () => {
  const bad = buildExperiment({ ...defaultForm(), target: 'y', validation: 'abc' }, at('d.csv'));
  assert.deepEqual(bad.issues[0], { path: 'data.split.validation', message: 'must be a number, not "abc"' });
});
