import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOptimizer } from '../../../src/engine/optim/index';
import type { Optimizer } from '../../../src/engine/optim/optimizer';
import { allocFloat, type FloatArray, type Precision } from '../../../src/engine/types';
import type { OptimizerConfigInput } from '../../../src/protocol/optimizers';
import { LeastSquares, maxAbsError, maxRelError } from './problems';

/**
 * Every optimizer, many hyperparameter combinations, on a small least-squares problem, against
 * test/fixtures/optim/leastSquares.json (real torch 1.13; NAdam and RAdam's 2.x-only options from
 * record.py's re-implementation of torch 2.x). Cases with *_per_step lists write lr, betas[0] or
 * momentum into the param group before each step, as a scheduler does.
 */

interface LsCase {
  name: string;
  optimizer: OptimizerConfigInput;
  dtype: Precision;
  objective_sign: number;
  steps: number;
  lr_per_step?: number[];
  beta1_per_step?: number[];
  momentum_per_step?: number[];
  losses: number[];
  params: number[][];
  final_params: number[];
  source: string;
}

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/optim/leastSquares.json'), 'utf8'),
) as { problem: { A: number[][]; b: number[]; initial_params: number[] }; cases: LsCase[] };
const problem = new LeastSquares(fixture.problem.A, fixture.problem.b);

// The gradients are bit-identical to the fixture's; what is left is torch's fused multiply-adds
// and pow against V8's, a few ulps per step (7e-15 at worst when this was written).
const FLOAT64_REL = 1e-12;
// float32: torch rounds every intermediate tensor to float32, the engine only what it stores
// (5e-7 at worst when this was written).
const FLOAT32_REL = 1e-4;

function setGroup(opt: Optimizer, c: LsCase, k: number): void {
  const group = opt.group as Record<string, unknown> & { betas?: [number, number] };
  if (c.lr_per_step) group.lr = c.lr_per_step[k];
  if (c.momentum_per_step) group.momentum = c.momentum_per_step[k];
  if (c.beta1_per_step) {
    assert.ok(group.betas);
    group.betas[0] = c.beta1_per_step[k]!;
  }
}

/** Runs a case; returns losses (steps + 1) and the parameters after every step. */
function replay(c: LsCase): { losses: number[]; params: FloatArray[] } {
  const params = allocFloat(c.dtype, fixture.problem.initial_params.length);
  params.set(fixture.problem.initial_params);
  const grads = allocFloat(c.dtype, params.length);
  const opt = createOptimizer(c.optimizer, params.length, c.dtype);
  const losses: number[] = [];
  const after: FloatArray[] = [];
  for (let k = 0; k < c.steps; k++) {
    setGroup(opt, c, k);
    losses.push(c.objective_sign * problem.loss(params));
    problem.grad(params, grads, c.objective_sign);
    opt.step(params, grads);
    after.push(params.slice());
  }
  losses.push(c.objective_sign * problem.loss(params));
  return { losses, params: after };
}

/** ‖a − b‖∞ / ‖b‖∞: relative to the parameters' scale, so a parameter near zero is not singled out. */
function relToScale(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  return maxAbsError(a, b) / scale;
}

test('the least-squares fixture covers every optimizer in both precisions, with schedules', () => {
  const names = new Set(fixture.cases.map((c) => c.optimizer.name));
  assert.equal(names.size, 9);
  for (const name of names) {
    const of = fixture.cases.filter((c) => c.optimizer.name === name);
    assert.ok(
      of.some((c) => c.dtype === 'float32'),
      `${name} float32`,
    );
    assert.ok(
      of.some((c) => c.lr_per_step),
      `${name} lr schedule`,
    );
    assert.ok(
      of.some((c) => c.optimizer.maximize),
      `${name} maximize`,
    );
    if (name !== 'Adagrad' && name !== 'Adadelta') {
      assert.ok(
        of.some((c) => c.beta1_per_step ?? c.momentum_per_step),
        `${name} momentum schedule`,
      );
    }
  }
});

for (const c of fixture.cases) {
  test(`least squares ${c.name} (${c.dtype}) matches ${c.source}`, () => {
    const r = replay(c);
    const tol = c.dtype === 'float64' ? FLOAT64_REL : FLOAT32_REL;
    const lossErr = maxRelError(r.losses, c.losses);
    assert.ok(lossErr <= tol, `loss rel error ${lossErr}`);
    for (let k = 0; k < c.steps; k++) {
      const err = relToScale(r.params[k]!, c.params[k]!);
      assert.ok(err <= tol, `params after step ${k + 1}: rel error ${err}`);
    }
  });
}

test('maximize really maximizes: the objective rises along every maximize trajectory', () => {
  for (const c of fixture.cases.filter((c) => c.optimizer.maximize)) {
    const r = replay(c);
    assert.ok(r.losses.at(-1)! > r.losses[0]!, c.name);
  }
});
