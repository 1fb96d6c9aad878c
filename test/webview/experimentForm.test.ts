import { test } from 'node:test';
import assert from 'node:assert/strict';
import { experimentFileSchema } from '../../src/protocol/experiment';
import {
  buildExperiment,
  defaultForm,
  hyperFields,
  modelPathFrom,
  optimizerForm,
} from '../../webview/runPanel/experimentForm';

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

test('a complete form gives a valid experiment with only the non-default hyperparameters', () => {
  const form = { ...defaultForm(), target: 'species', name: 'iris-lab' };
  const { experiment, issues } = buildExperiment(form, 'iris.csv');
  assert.deepEqual(issues, []);
  assert.ok(experimentFileSchema.safeParse(experiment).success);
  assert.deepEqual(experiment['optimizers'], [{ name: 'SGD' }, { name: 'Adam', lr: 0.01 }]);
  assert.deepEqual(experiment['training'], { epochs: 100, batch_size: 32, seeds: [0, 1, 2] });
  assert.deepEqual(experiment['data'], { path: 'iris.csv', target: 'species' });
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
  const { issues } = buildExperiment(form, 'data.csv');
  const at = (p: string) => issues.find((i) => i.path === p)?.message;
  assert.match(at('optimizers.0.lr')!, /Invalid learning rate: -1/);
  assert.match(at('optimizers.0.betas')!, /two numbers/);
  assert.match(at('optimizers.1.momentum')!, /expected a number, got "abc"/);
  assert.match(at('training.seeds.1')!, /duplicate seed 0/);
  assert.ok(at('training.epochs'));
});

test('nesterov without momentum is the schema error torch gives; an mlp needs hidden widths', () => {
  const form = { ...defaultForm(), target: 'y', model: 'mlp' as const, hidden: '' };
  form.optimizers = [{ ...optimizerForm('SGD'), values: { ...optimizerForm('SGD').values, nesterov: true } }];
  const { issues } = buildExperiment(form, 'd.csv');
  assert.ok(issues.some((i) => i.path === 'optimizers.0.nesterov' && /Nesterov/.test(i.message)));
  assert.ok(issues.some((i) => i.path === 'model.hidden'));
  const ok = buildExperiment({ ...form, hidden: '16, 8', optimizers: [optimizerForm('SGD')] }, 'd.csv');
  assert.deepEqual(ok.issues, []);
  assert.deepEqual(ok.experiment['model'], { type: 'mlp', hidden: [16, 8], activation: 'relu' });
});

test('no data file or target is an issue, and a schedule is written with its parameters', () => {
  const { issues } = buildExperiment(defaultForm(), null);
  assert.deepEqual(issues.map((i) => i.path).sort(), ['data.path', 'data.target']);
  const form = {
    ...defaultForm(),
    target: 'y',
    schedule: 'StepLR' as const,
    scheduleValues: { step_size: '10' },
  };
  const built = buildExperiment(form, 'd.csv');
  assert.deepEqual(built.issues, []);
  assert.deepEqual(built.experiment['schedule'], { name: 'StepLR', step_size: 10, gamma: 0.1 });
});

test('"Your PyTorch model…": the model file relative to the data folder, the factory, and where it may lie', () => {
  const base = {
    ...defaultForm(),
    dataPath: '/ws/data/digits.csv',
    target: 'label',
    name: 'digits-lab',
    model: 'pytorch' as const,
  };
  const none = buildExperiment({ ...base, modelPath: null }, 'digits.csv');
  assert.deepEqual(none.issues, [{ path: 'model.path', message: 'choose the Python file of your model' }]);
  const ok = buildExperiment({ ...base, modelPath: '/ws/data/nets/cnn.py', factory: 'make' }, 'digits.csv');
  assert.deepEqual(ok.issues, []);
  assert.deepEqual(ok.experiment['model'], { type: 'pytorch', path: 'nets/cnn.py', factory: 'make' });
  const outside = buildExperiment({ ...base, modelPath: '/ws/model.py' }, 'digits.csv');
  assert.match(outside.issues[0]!.message, /in the data file's folder or below it/);
  assert.equal(modelPathFrom('/ws/data/d.csv', '/ws/data2/m.py'), null);
  assert.equal(modelPathFrom('C:\\ws\\d.csv', 'C:\\ws\\m.py'), 'm.py');
});

test('the data options: missing-value policy, validation fraction and standardisation reach the experiment', () => {
  const form = {
    ...defaultForm(),
    target: 'y',
    missing: 'mean' as const,
    validation: '0.3',
    standardize: false,
  };
  const { experiment, issues } = buildExperiment(form, 'd.csv');
  assert.deepEqual(issues, []);
  assert.deepEqual(experiment['data'], {
    path: 'd.csv',
    target: 'y',
    split: { validation: 0.3 },
    preprocessing: { missing: 'mean', standardize: false },
  });
  // Defaults are not written.
  assert.deepEqual(buildExperiment({ ...defaultForm(), target: 'y' }, 'd.csv').experiment['data'], {
    path: 'd.csv',
    target: 'y',
  });
  const bad = buildExperiment({ ...defaultForm(), target: 'y', validation: 'abc' }, 'd.csv');
  assert.deepEqual(bad.issues[0], { path: 'data.split.validation', message: 'expected a number, got "abc"' });
});
