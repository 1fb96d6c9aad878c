import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExperimentText } from '../../../src/engine/experiment/loadExperiment';
import type { OptimizerConfig } from '../../../src/protocol/optimizers';

function resolveOne(optimizer: string) {
  const text = `{"surface": {"name": "booth"}, "optimizers": [{"name": "${optimizer}"}]}`;
  return parseExperimentText(text, 'x.optlab.json', '/tmp').optimizers[0]!;
}

// Defaults as documented at https://pytorch.org/docs/stable/optim.html (torch 2.x signatures).
const TORCH_DEFAULTS: Record<string, OptimizerConfig> = {
  SGD: {
    name: 'SGD',
    lr: 1e-3,
    momentum: 0,
    dampening: 0,
    weight_decay: 0,
    nesterov: false,
    maximize: false,
  },
  Adagrad: {
    name: 'Adagrad',
    lr: 1e-2,
    lr_decay: 0,
    weight_decay: 0,
    initial_accumulator_value: 0,
    eps: 1e-10,
    maximize: false,
  },
  RMSprop: {
    name: 'RMSprop',
    lr: 1e-2,
    alpha: 0.99,
    eps: 1e-8,
    weight_decay: 0,
    momentum: 0,
    centered: false,
    maximize: false,
  },
  Adadelta: { name: 'Adadelta', lr: 1.0, rho: 0.9, eps: 1e-6, weight_decay: 0, maximize: false },
  Adam: {
    name: 'Adam',
    lr: 1e-3,
    betas: [0.9, 0.999],
    eps: 1e-8,
    weight_decay: 0,
    amsgrad: false,
    maximize: false,
  },
  AdamW: {
    name: 'AdamW',
    lr: 1e-3,
    betas: [0.9, 0.999],
    eps: 1e-8,
    weight_decay: 1e-2,
    amsgrad: false,
    maximize: false,
  },
  NAdam: {
    name: 'NAdam',
    lr: 2e-3,
    betas: [0.9, 0.999],
    eps: 1e-8,
    weight_decay: 0,
    momentum_decay: 4e-3,
    decoupled_weight_decay: false,
    maximize: false,
  },
  RAdam: {
    name: 'RAdam',
    lr: 1e-3,
    betas: [0.9, 0.999],
    eps: 1e-8,
    weight_decay: 0,
    decoupled_weight_decay: false,
    maximize: false,
  },
  Adamax: { name: 'Adamax', lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, maximize: false },
};

for (const [name, expected] of Object.entries(TORCH_DEFAULTS)) {
  test(`${name} resolves to torch's defaults`, () => {
    assert.deepEqual(resolveOne(name), expected);
  });
}

test('a data experiment gets every default filled and an absolute data path', () => {
  const text = '{"data": {"path": "sub/d.csv", "target": "y"}, "optimizers": [{"name": "Adam"}]}';
  const e = parseExperimentText(text, 'runs/my-study.optlab.json', '/home/u/project');
  assert.equal(e.kind, 'data');
  if (e.kind !== 'data' || !e.data) return;
  assert.equal(e.name, 'my-study');
  assert.equal(e.description, null);
  assert.equal(e.data.path, '/home/u/project/sub/d.csv');
  assert.deepEqual(e.data.split, { validation: 0.2, test: 0, seed: 0, stratify: false });
  assert.deepEqual(e.model, { type: 'linear', init: 'torch_default' });
  assert.equal(e.loss, null, 'the loss follows from the task, unknown before the data is read');
  assert.equal(e.l2, 0);
  assert.deepEqual(e.training, {
    epochs: 100,
    steps: null,
    batch_size: null,
    shuffle: true,
    seeds: [0],
    precision: 'float64',
    early_stopping: null,
    divergence_factor: 100,
  });
  assert.equal(e.schedule, null);
  assert.equal(e.grad_clip, null);
  assert.deepEqual(e.objective, { metric: 'val_loss', mode: 'min', use: 'final' });
});

test('a surface experiment gets steps 500, train_loss objective and the surface defaults', () => {
  const text =
    '{"name": "n", "surface": {"name": "ill_conditioned"}, "optimizers": [{"name": "SGD", "lr": 0.1}]}';
  const e = parseExperimentText(text, 'x.optlab.json', '/tmp');
  assert.equal(e.kind, 'surface');
  if (e.kind !== 'surface') return;
  assert.equal(e.name, 'n');
  assert.deepEqual(e.surface, {
    name: 'ill_conditioned',
    start: null,
    condition_number: 100,
    perturbation: null,
    restarts: 0,
  });
  assert.deepEqual(e.training, { steps: 500, seeds: [0], precision: 'float64', divergence_factor: 100 });
  assert.deepEqual(e.objective, { metric: 'train_loss', mode: 'min', use: 'final' });
});

test('dependent defaults: mlp activation, huber delta, grad-clip norm, modes from the metric', () => {
  const text = JSON.stringify({
    data: { path: '/abs/d.csv', target: 'y' },
    model: { type: 'mlp', hidden: [8, 4] },
    loss: { name: 'huber' },
    grad_clip: { max_norm: 1 },
    training: { early_stopping: { monitor: 'val_r2' } },
    objective: { metric: 'val_r2' },
    optimizers: [{ name: 'SGD' }],
  });
  const e = parseExperimentText(text, 'x.optlab.json', '/tmp');
  if (e.kind !== 'data') return assert.fail('expected a data experiment');
  assert.equal(e.data?.path, '/abs/d.csv');
  assert.deepEqual(e.model, { type: 'mlp', hidden: [8, 4], activation: 'relu', init: 'torch_default' });
  assert.deepEqual(e.loss, { name: 'huber', delta: 1.0 });
  assert.deepEqual(e.grad_clip, { max_norm: 1, norm_type: 2 });
  assert.deepEqual(e.training.early_stopping, {
    monitor: 'val_r2',
    patience: 10,
    min_delta: 0,
    mode: 'max',
    restore_best: true,
  });
  assert.deepEqual(e.objective, { metric: 'val_r2', mode: 'max', use: 'final' });
});

test('the loss follows from a logistic or softmax model, or from an explicit task', () => {
  const loss = (extra: object) => {
    const e = parseExperimentText(
      JSON.stringify({ data: { path: 'd.csv', target: 'y' }, optimizers: [{ name: 'SGD' }], ...extra }),
      'x.optlab.json',
      '/tmp',
    );
    return e.kind === 'data' ? e.loss : undefined;
  };
  assert.deepEqual(loss({ model: { type: 'logistic' } }), { name: 'bce_with_logits' });
  assert.deepEqual(loss({ model: { type: 'softmax' } }), { name: 'cross_entropy' });
  assert.deepEqual(loss({ data: { path: 'd.csv', target: 'y', task: 'regression' } }), { name: 'mse' });
  assert.deepEqual(loss({ data: { path: 'd.csv', target: 'y', task: 'multiclass' } }), {
    name: 'cross_entropy',
  });
});

test('without a validation split the default objective is train_loss', () => {
  const text =
    '{"data": {"path": "d.csv", "target": "y", "split": {"validation": 0}}, "optimizers": [{"name": "SGD"}]}';
  const e = parseExperimentText(text, 'x.optlab.json', '/tmp');
  assert.deepEqual(e.objective, { metric: 'train_loss', mode: 'min', use: 'final' });
});
