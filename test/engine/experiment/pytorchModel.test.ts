// The `pytorch` model section: what it requires, what it excludes, and where its path may point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExperimentText } from '../../../src/engine/experiment/loadExperiment';
import { ExperimentError } from '../../../src/engine/errors';

const base = (model: object, extra: object = {}) =>
  JSON.stringify({
    data: { path: 'd.csv', target: 'y' },
    model,
    optimizers: [{ name: 'SGD', lr: 0.1 }],
    ...extra,
  });

function issuesOf(text: string): string[] {
  try {
    parseExperimentText(text, 'bad.optlab.json', '/home/user/exp');
  } catch (e) {
    assert.ok(e instanceof ExperimentError, String(e));
    return e.issues.map((i) => `${i.path}: ${i.message}`);
  }
  return assert.fail('the text was accepted');
}

test('a pytorch model resolves its file against the experiment folder, factory build_model by default', () => {
  const e = parseExperimentText(
    base({ type: 'pytorch', path: 'models/net.py' }),
    'x.optlab.json',
    '/home/user/exp',
  );
  assert.equal(e.kind, 'data');
  assert.deepEqual(e.kind === 'data' && e.model, {
    type: 'pytorch',
    path: '/home/user/exp/models/net.py',
    root: '/home/user/exp',
    factory: 'build_model',
    loss: null,
    init: 'torch_default',
  });
});

test('a pytorch model needs its path, inside the experiment folder, a .py file, and Python names', () => {
  assert.deepEqual(issuesOf(base({ type: 'pytorch' })), [
    'model.path: required for a pytorch model: the Python file that builds it, e.g. "model.py"',
  ]);
  assert.deepEqual(issuesOf(base({ type: 'pytorch', path: '../elsewhere/model.py' })), [
    `model.path: must stay inside the experiment file's folder, got "../elsewhere/model.py"`,
  ]);
  assert.deepEqual(issuesOf(base({ type: 'pytorch', path: '/etc/model.py' })), [
    'model.path: must be relative to the experiment file, got "/etc/model.py"',
  ]);
  assert.deepEqual(issuesOf(base({ type: 'pytorch', path: 'model.txt' })), [
    'model.path: must be a Python file (.py), got "model.txt"',
  ]);
  assert.deepEqual(issuesOf(base({ type: 'pytorch', path: 'model.py', factory: 'build-model' })), [
    'model.factory: must be a Python function name, e.g. "build_model"',
  ]);
});

test('pytorch-only keys on a built-in model, and mlp keys on a pytorch model, are errors', () => {
  assert.deepEqual(issuesOf(base({ type: 'linear', path: 'model.py' })), [
    'model.path: applies to pytorch models only, not "linear"',
  ]);
  assert.deepEqual(issuesOf(base({ type: 'pytorch', path: 'model.py', hidden: [4] })), [
    'model.hidden: applies to mlp models only, not "pytorch"',
  ]);
});

test("the model's own loss function and the experiment's loss exclude each other", () => {
  assert.deepEqual(
    issuesOf(base({ type: 'pytorch', path: 'model.py', loss: 'my_loss' }, { loss: { name: 'mse' } })),
    ['loss: the model\'s own loss function "my_loss" replaces this loss: keep one of them'],
  );
});
