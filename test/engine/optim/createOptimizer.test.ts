import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOptimizer } from '../../../src/engine/optim/index';
import { ConfigError } from '../../../src/engine/errors';
import type { OptimizerConfigInput } from '../../../src/protocol/optimizers';

/** Validation with torch's messages, defaults, and a param group the caller cannot alias. */

function configError(config: unknown): ConfigError {
  try {
    createOptimizer(config as OptimizerConfigInput, 3, 'float64');
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e;
  }
  assert.fail(`accepted ${JSON.stringify(config)}`);
}

test('a negative learning rate fails with torch message', () => {
  assert.match(configError({ name: 'SGD', lr: -1 }).message, /Invalid learning rate: -1/);
  assert.match(configError({ name: 'Adam', lr: -0.5 }).message, /Invalid learning rate: -0.5/);
});

test('betas outside [0, 1) fail with the index torch names', () => {
  assert.match(
    configError({ name: 'Adam', betas: [1, 0.999] }).message,
    /Invalid beta parameter at index 0: 1/,
  );
  assert.match(
    configError({ name: 'NAdam', betas: [0.9, -0.1] }).message,
    /Invalid beta parameter at index 1: -0.1/,
  );
});

test('other ranges carry their torch messages too', () => {
  assert.match(configError({ name: 'RMSprop', alpha: -0.1 }).message, /Invalid alpha value: -0.1/);
  assert.match(configError({ name: 'Adadelta', rho: 1.5 }).message, /Invalid rho value: 1.5/);
  assert.match(configError({ name: 'Adagrad', lr_decay: -1 }).message, /Invalid lr_decay value: -1/);
  assert.match(configError({ name: 'AdamW', weight_decay: -1 }).message, /Invalid weight_decay value: -1/);
  assert.match(configError({ name: 'Adamax', eps: -1 }).message, /Invalid epsilon value: -1/);
  assert.match(configError({ name: 'SGD', momentum: -0.9 }).message, /Invalid momentum value: -0.9/);
});

test('nesterov needs momentum and zero dampening', () => {
  assert.match(configError({ name: 'SGD', lr: 0.1, nesterov: true }).message, /Nesterov momentum requires/);
  assert.match(
    configError({ name: 'SGD', lr: 0.1, nesterov: true, momentum: 0.9, dampening: 0.1 }).message,
    /Nesterov momentum requires/,
  );
  assert.doesNotThrow(() =>
    createOptimizer({ name: 'SGD', lr: 0.1, nesterov: true, momentum: 0.9 }, 3, 'float64'),
  );
});

test('an unknown key or optimizer is refused by name', () => {
  assert.match(configError({ name: 'Adam', lr: 0.1, momentum: 0.9 }).message, /momentum/);
  assert.match(configError({ name: 'LBFGS' }).message, /unknown optimizer "LBFGS".*SGD/);
  assert.match(configError({ lr: 0.1 }).message, /unknown optimizer/);
});

test('torch defaults fill the param group', () => {
  assert.deepEqual(createOptimizer({ name: 'AdamW' }, 3, 'float64').group, {
    name: 'AdamW',
    lr: 1e-3,
    betas: [0.9, 0.999],
    eps: 1e-8,
    weight_decay: 1e-2,
    amsgrad: false,
    maximize: false,
  });
  assert.deepEqual(createOptimizer({ name: 'SGD' }, 3, 'float64').group, {
    name: 'SGD',
    lr: 1e-3,
    momentum: 0,
    dampening: 0,
    weight_decay: 0,
    nesterov: false,
    maximize: false,
  });
});

test('the param group is the optimizer own: writing betas[0] reaches neither the config nor the next optimizer', () => {
  const config: OptimizerConfigInput = { name: 'Adam', betas: [0.8, 0.99] };
  const a = createOptimizer(config, 3, 'float64');
  (a.group as { betas: number[] }).betas[0] = 0.5;
  assert.deepEqual(config.betas, [0.8, 0.99]);
  const b = createOptimizer({ name: 'Adam' }, 3, 'float64');
  (b.group as { betas: number[] }).betas[0] = 0.1;
  assert.deepEqual(createOptimizer({ name: 'Adam' }, 3, 'float64').group, {
    ...b.group,
    betas: [0.9, 0.999],
  });
});

test('buffers follow the precision, and a step with the wrong length is refused', () => {
  const opt = createOptimizer({ name: 'Adam' }, 3, 'float32');
  opt.step(new Float32Array(3), Float32Array.from([1, 2, 3]));
  assert.ok(opt.getState().buffers.exp_avg instanceof Float32Array);
  assert.throws(() => opt.step(new Float32Array(2), new Float32Array(2)), RangeError);
  assert.throws(() => createOptimizer({ name: 'SGD' }, -1, 'float64'), ConfigError);
});
