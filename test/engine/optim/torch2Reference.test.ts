import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOptimizer } from '../../../src/engine/optim/index';
import type { OptimizerConfigInput } from '../../../src/protocol/optimizers';
import { maxAbsError, maxRelError, rosenbrock, rosenbrockGrad } from './problems';

/**
 * NAdam and the decoupled-weight-decay variants of NAdam and RAdam on the golden Rosenbrock setup,
 * against test/fixtures/optim/rosenbrockTorch2.json: torch 1.13 cannot run these with torch 2.x
 * semantics, so record.py re-implements 2.x's single-tensor kernels (checked there against 1.13
 * where the two agree). Plain RAdam is real torch 1.13.
 */

interface Torch2Case {
  name: string;
  optimizer: OptimizerConfigInput;
  steps: number;
  initial_params: [number, number];
  losses: number[];
  final_params: [number, number];
  source: string;
}

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/optim/rosenbrockTorch2.json'), 'utf8'),
) as { cases: Torch2Case[] };

// Rosenbrock's valley amplifies last-bit differences (torch's fused multiply-adds, pow), as in the
// golden cases, whose measured tolerance is the same.
const LOSS_REL = 1e-10;
const PARAMS_ABS = 1e-10;

test('the torch 2.x Rosenbrock fixture covers NAdam and both decoupled variants', () => {
  const names = fixture.cases.map((c) => c.name);
  for (const n of [
    'nadam',
    'nadam_weight_decay',
    'nadam_decoupled_weight_decay',
    'radam_decoupled_weight_decay',
  ]) {
    assert.ok(names.includes(n), n);
  }
});

for (const c of fixture.cases) {
  test(`Rosenbrock ${c.name} matches ${c.source}`, () => {
    const params = Float64Array.from(c.initial_params);
    const grads = new Float64Array(2);
    const opt = createOptimizer(c.optimizer, 2, 'float64');
    const losses: number[] = [];
    for (let k = 0; k < c.steps; k++) {
      losses.push(rosenbrock(params));
      rosenbrockGrad(params, grads);
      opt.step(params, grads);
    }
    losses.push(rosenbrock(params));
    const lossErr = maxRelError(losses, c.losses);
    const paramErr = maxAbsError(params, c.final_params);
    assert.ok(lossErr <= LOSS_REL, `loss rel error ${lossErr}`);
    assert.ok(paramErr <= PARAMS_ABS, `param abs error ${paramErr}`);
  });
}
