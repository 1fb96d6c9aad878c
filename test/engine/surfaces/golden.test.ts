import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getSurface } from '../../../src/engine/surfaces';

interface GoldenCase {
  name: string;
  problem: { type: string; function?: string };
  initial_params: { xy: [number, number] };
  optimizer: { name: string; param_group_hyperparams: Record<string, unknown> };
  scheduler: unknown;
  grad_clip: unknown;
  steps: number;
  losses: number[];
  trajectory: [number, number][];
  final_params: { xy: [number, number] };
  tolerance: { loss_rel: number; params_abs: number };
}

const casesDir = join(__dirname, '../../fixtures/golden/cases');
const load = (file: string): GoldenCase =>
  JSON.parse(readFileSync(join(casesDir, file), 'utf8')) as GoldenCase;

test('rosenbrock__sgd: plain gradient descent on this surface replays torch', () => {
  const c = load('rosenbrock__sgd.json');
  const hp = c.optimizer.param_group_hyperparams;
  // Plain descent is only torch's SGD when nothing else is switched on.
  assert.equal(c.optimizer.name, 'SGD');
  assert.deepEqual([hp.momentum, hp.weight_decay, hp.nesterov, hp.maximize], [0, 0, false, false]);
  assert.equal(c.scheduler, null);
  assert.equal(c.grad_clip, null);
  const lr = hp.lr as number;
  const s = getSurface(c.problem.function!);
  const p = new Float64Array(c.initial_params.xy);
  const g = new Float64Array(2);
  const lossAt = (k: number, loss: number): void => {
    const err = Math.abs(loss - c.losses[k]!) / Math.abs(c.losses[k]!);
    assert.ok(err <= c.tolerance.loss_rel, `loss ${k}: ${loss} vs ${c.losses[k]} (rel ${err})`);
    for (let i = 0; i < 2; i++) {
      const d = Math.abs(p[i]! - c.trajectory[k]![i]!);
      assert.ok(d <= c.tolerance.params_abs, `trajectory ${k}[${i}]: ${p[i]} vs ${c.trajectory[k]![i]}`);
    }
  };
  for (let k = 0; k < c.steps; k++) {
    lossAt(k, s.valueAndGrad(p, g));
    for (let i = 0; i < 2; i++) p[i] = p[i]! - lr * g[i]!;
  }
  lossAt(c.steps, s.valueAndGrad(p, g));
  assert.equal(c.losses.length, c.steps + 1);
  for (let i = 0; i < 2; i++) {
    const d = Math.abs(p[i]! - c.final_params.xy[i]!);
    assert.ok(d <= c.tolerance.params_abs, `final xy[${i}]: ${p[i]} vs ${c.final_params.xy[i]}`);
  }
});

test('every 2-D golden case: the surface value at each recorded point is the recorded loss', () => {
  // Independent of the optimizer: thousands of points along torch's own trajectories.
  const files = readdirSync(casesDir).filter((f) => f.endsWith('.json'));
  let checked = 0;
  for (const file of files) {
    const c = load(file);
    if (c.problem.type !== 'function2d') continue;
    const s = getSurface(c.problem.function!);
    assert.equal(c.trajectory.length, c.losses.length, file);
    c.trajectory.forEach(([x, y], k) => {
      const want = c.losses[k]!;
      const err = Math.abs(s.value(x, y) - want) / Math.abs(want);
      assert.ok(err <= c.tolerance.loss_rel, `${file} step ${k}: ${s.value(x, y)} vs ${want}`);
      checked++;
    });
  }
  assert.ok(checked > 5000, `only ${checked} points checked`);
});
