import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOptimizer } from '../../../src/engine/optim/index';
import type { Optimizer } from '../../../src/engine/optim/optimizer';
import { ConfigError } from '../../../src/engine/errors';
import { allocFloat, type Precision } from '../../../src/engine/types';
import type { OptimizerConfigInput } from '../../../src/protocol/optimizers';
import { LeastSquares } from './problems';

/**
 * Saving an optimizer's state midway and restoring it into a fresh optimizer continues the run bit
 * for bit, for every algorithm with every buffer it can hold.
 */

const problem = new LeastSquares(
  [
    [1, 2, 0.5],
    [-1, 0.3, 2],
    [0.7, -1.2, 1],
    [2, 1, -0.4],
  ],
  [1, -2, 0.5, 3],
);

const configs: (OptimizerConfigInput & { lr: number })[] = [
  { name: 'SGD', lr: 0.05, momentum: 0.9, dampening: 0.2, weight_decay: 0.01 },
  { name: 'SGD', lr: 0.05, momentum: 0.9, nesterov: true },
  { name: 'Adagrad', lr: 0.1, lr_decay: 0.01, initial_accumulator_value: 0.1 },
  { name: 'RMSprop', lr: 0.01, centered: true, momentum: 0.8, weight_decay: 0.01 },
  { name: 'Adadelta', lr: 0.5, weight_decay: 0.01 },
  { name: 'Adam', lr: 0.05, amsgrad: true, weight_decay: 0.01 },
  { name: 'AdamW', lr: 0.05, amsgrad: true },
  { name: 'NAdam', lr: 0.02, weight_decay: 0.01, decoupled_weight_decay: true },
  { name: 'RAdam', lr: 0.02, weight_decay: 0.01 },
  { name: 'Adamax', lr: 0.05, maximize: true },
];

function run(opt: Optimizer, params: Float32Array | Float64Array, steps: number, lr0: number): void {
  const grads = allocFloat(params instanceof Float32Array ? 'float32' : 'float64', params.length);
  for (let k = 0; k < steps; k++) {
    // A schedule in the param group too, so the restored optimizer must read it as well.
    opt.group.lr = lr0 * (1 - k / 100);
    problem.grad(params, grads);
    opt.step(params, grads);
  }
}

for (const precision of ['float64', 'float32'] as Precision[]) {
  for (const config of configs) {
    test(`${config.name} ${JSON.stringify(config)} (${precision}): save at step 12, restore, continue identically`, () => {
      const lr0 = config.lr;
      const a = createOptimizer(config, 3, precision);
      const pa = allocFloat(precision, 3).fill(0.3);
      run(a, pa, 12, lr0);
      const saved = a.getState();
      const pb = pa.slice();
      const b = createOptimizer(config, 3, precision);
      b.setState(structuredClone(saved));
      b.group.lr = a.group.lr;

      // Continue both: the original and the restored one.
      const grads = allocFloat(precision, 3);
      for (let k = 12; k < 40; k++) {
        for (const [opt, p] of [
          [a, pa],
          [b, pb],
        ] as const) {
          opt.group.lr = lr0 * (1 - k / 100);
          problem.grad(p, grads);
          opt.step(p, grads);
        }
      }
      assert.deepEqual(Array.from(pb), Array.from(pa));
      assert.deepEqual(b.getState(), a.getState());
      assert.equal(a.getState().step, 40);
    });
  }
}

test('getState returns copies: stepping afterwards does not change a saved state', () => {
  const opt = createOptimizer({ name: 'Adam', lr: 0.1 }, 3, 'float64');
  const p = new Float64Array(3);
  run(opt, p, 3, 0.1);
  const saved = opt.getState();
  const before = Array.from(saved.buffers.exp_avg!);
  run(opt, p, 3, 0.1);
  assert.deepEqual(Array.from(saved.buffers.exp_avg!), before);
  assert.equal(saved.step, 3);
});

test('setState copies too, and converts the buffers to the optimizer precision', () => {
  const a = createOptimizer({ name: 'RMSprop', lr: 0.01, centered: true }, 3, 'float64');
  run(a, new Float64Array(3), 5, 0.01);
  const saved = a.getState();
  const b = createOptimizer({ name: 'RMSprop', lr: 0.01, centered: true }, 3, 'float32');
  b.setState(saved);
  saved.buffers.square_avg!.fill(123);
  const restored = b.getState();
  assert.ok(restored.buffers.square_avg instanceof Float32Array);
  assert.ok(restored.buffers.square_avg[0] !== 123);
  assert.ok(restored.buffers.grad_avg instanceof Float32Array);
});

test('SGD has no momentum buffer before its first momentum step, as in torch', () => {
  const opt = createOptimizer({ name: 'SGD', lr: 0.1 }, 3, 'float64');
  const p = Float64Array.from([1, 1, 1]);
  run(opt, p, 2, 0.1);
  assert.deepEqual(Object.keys(opt.getState().buffers), []);
  // OneCycleLR may switch momentum on later: the next step copies the gradient into the buffer.
  (opt.group as { momentum: number }).momentum = 0.9;
  const g = Float64Array.from([1, 2, 3]);
  opt.step(p, g);
  assert.deepEqual(Array.from(opt.getState().buffers.momentum_buffer!), [1, 2, 3]);
});

test('a state from another optimizer, or of the wrong size, is refused', () => {
  const adam = createOptimizer({ name: 'Adam' }, 3, 'float64');
  const nadam = createOptimizer({ name: 'NAdam' }, 3, 'float64');
  assert.throws(() => nadam.setState(adam.getState()), ConfigError);
  const small = createOptimizer({ name: 'Adam' }, 2, 'float64').getState();
  assert.throws(() => adam.setState(small), ConfigError);
  const noBuffers = { ...adam.getState(), buffers: {} };
  assert.throws(() => adam.setState(noBuffers), ConfigError);
  const noScalar = { ...nadam.getState(), scalars: {} };
  assert.throws(() => nadam.setState(noScalar), ConfigError);
});
