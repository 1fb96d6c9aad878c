import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/engine/errors';
import { Rng } from '../../../src/engine/random';
import { GradientPerturbation } from '../../../src/engine/surfaces';

/** Applies `p` for steps 0..n−1 to a fresh copy of `grad`; returns the steps it fired and the results. */
function run(
  p: GradientPerturbation,
  n: number,
  grad: (k: number) => number[],
): { fired: number[]; out: number[][] } {
  const fired: number[] = [];
  const out: number[][] = [];
  const g = new Float64Array(2);
  for (let k = 0; k < n; k++) {
    g.set(grad(k));
    if (p.apply(k, g)) fired.push(k);
    out.push(Array.from(g));
  }
  return { fired, out };
}

test('every: fires on the every-th, 2·every-th, ... step and leaves the others untouched', () => {
  const p = new GradientPerturbation({ sigma: 0.5, every: 4, seed: 1 });
  const grad = (k: number): number[] => [k, -k];
  const { fired, out } = run(p, 20, grad);
  assert.deepEqual(fired, [3, 7, 11, 15, 19]);
  assert.equal(p.fired, 5);
  out.forEach((g, k) => {
    if (fired.includes(k)) assert.ok(g[0] !== k && g[1] !== -k, `step ${k} not perturbed`);
    else assert.deepEqual(g, grad(k));
  });
  const everyStep = run(new GradientPerturbation({ sigma: 1, every: 1, seed: 1 }), 6, () => [0, 0]);
  assert.deepEqual(everyStep.fired, [0, 1, 2, 3, 4, 5]);
});

test('when_grad_norm_below: fires exactly when the gradient norm is under the threshold', () => {
  const p = new GradientPerturbation({ sigma: 0.1, when_grad_norm_below: 1, seed: 2 });
  // Norms 5, 1 (not below), 0.6, 0 , 2.
  const grads = [
    [3, 4],
    [0.6, 0.8],
    [0.36, 0.48],
    [0, 0],
    [0, -2],
  ];
  assert.deepEqual(run(p, grads.length, (k) => grads[k]!).fired, [2, 3]);
  const both = new GradientPerturbation({ sigma: 0.1, every: 5, when_grad_norm_below: 1, seed: 2 });
  assert.deepEqual(run(both, grads.length, (k) => grads[k]!).fired, [2, 3, 4]);
});

test('the same seed gives the same noise, another seed different noise', () => {
  const make = (seed: number) => new GradientPerturbation({ sigma: 0.3, every: 2, seed });
  const a = run(make(9), 50, () => [1, 2]).out;
  assert.deepEqual(run(make(9), 50, () => [1, 2]).out, a);
  assert.notDeepEqual(run(make(10), 50, () => [1, 2]).out, a);
  // The noise is sigma times the seed's own normal stream, component by component.
  const rng = new Rng(9);
  const first = run(make(9), 2, () => [1, 2]).out[1]!;
  assert.deepEqual(first, [1 + 0.3 * rng.normal(), 2 + 0.3 * rng.normal()]);
});

test('the noise has mean 0 and variance sigma², independently per component', () => {
  const sigma = 0.7;
  const p = new GradientPerturbation({ sigma, every: 1, seed: 3 });
  const g = new Float64Array(2);
  const n = 40_000;
  let s0 = 0;
  let s1 = 0;
  let q0 = 0;
  let q1 = 0;
  let c = 0;
  for (let k = 0; k < n; k++) {
    g.fill(0);
    p.apply(k, g);
    s0 += g[0]!;
    s1 += g[1]!;
    q0 += g[0]! ** 2;
    q1 += g[1]! ** 2;
    c += g[0]! * g[1]!;
  }
  // Standard errors: mean σ/√n ≈ 0.0035, variance σ²·√(2/n) ≈ 0.0035.
  assert.ok(Math.abs(s0 / n) < 0.015 && Math.abs(s1 / n) < 0.015);
  assert.ok(Math.abs(q0 / n - sigma ** 2) < 0.015 && Math.abs(q1 / n - sigma ** 2) < 0.015);
  assert.ok(Math.abs(c / n) < 0.015);
});

test('float32 gradient buffers are perturbed in place', () => {
  const g = new Float32Array([0.25, -0.5]);
  new GradientPerturbation({ sigma: 1, every: 1, seed: 4 }).apply(0, g);
  assert.ok(g[0] !== 0.25 && g[1] !== -0.5);
  assert.equal(g[0], Math.fround(g[0]!));
});

test('invalid settings are ConfigErrors', () => {
  const bad = [
    { sigma: -1, every: 1, seed: 0 },
    { sigma: NaN, every: 1, seed: 0 },
    { sigma: 1, every: 0, seed: 0 },
    { sigma: 1, every: 2.5, seed: 0 },
    { sigma: 1, when_grad_norm_below: 0, seed: 0 },
    { sigma: 1, seed: 0 },
    { sigma: 1, every: 1, seed: Infinity },
  ];
  for (const config of bad)
    assert.throws(() => new GradientPerturbation(config), ConfigError, JSON.stringify(config));
});
