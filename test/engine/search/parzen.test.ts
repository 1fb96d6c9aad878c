// The Parzen estimators behind TPE: proper densities, Optuna's bandwidth rule, the good/bad split.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CategoricalParzen,
  NumericalParzen,
  defaultGamma,
  defaultWeights,
  erfc,
} from '../../../src/engine/search/parzen';
import { splitObservations, type TpeObservation } from '../../../src/engine/search/tpe';
import { Rng } from '../../../src/engine/random';

test('erfc matches known values to 1.2e-7', () => {
  const cases: [number, number][] = [
    [0, 1],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028513],
    [2, 0.004677734981047266],
    [-1, 1.8427007929497148],
    [4, 1.541725790028002e-8],
  ];
  for (const [x, want] of cases) assert.ok(Math.abs(erfc(x) - want) <= 1.2e-7 * want + 1e-16, `erfc(${x})`);
});

test('a numerical estimator is a density on [low, high]; its samples stay inside and follow it', () => {
  const est = new NumericalParzen([0.2, 0.25, 0.8], [1, 1, 1], 0, 1, null);
  let integral = 0;
  const n = 20000;
  for (let i = 0; i < n; i++) integral += Math.exp(est.logPdf((i + 0.5) / n)) / n;
  assert.ok(Math.abs(integral - 1) < 1e-3, `integral ${integral}`);
  const rng = new Rng(2);
  const xs = Array.from({ length: 4000 }, () => est.sample(rng));
  assert.ok(xs.every((x) => x >= 0 && x <= 1));
  const near = xs.filter((x) => x < 0.4).length / xs.length;
  let mass = 0;
  for (let i = 0; i < n * 0.4; i++) mass += Math.exp(est.logPdf((i + 0.5) / n)) / n;
  assert.ok(Math.abs(near - mass) < 0.03, `sampled ${near}, density ${mass}`);
});

test('bandwidths follow Optuna: the larger neighbour gap, inner gaps at the ends, magic clip, prior kernel', () => {
  const est = new NumericalParzen([0.1, 0.3, 0.9], [1, 1, 1], 0, 1, null);
  // Sorted with the prior (0.5): 0.1 0.3 0.5 0.9, bounds 0 and 1.
  // 0.1: end → gap to 0.3 = 0.2; 0.3: max(0.2, 0.2); 0.9: end → 0.9 − 0.5 = 0.4; prior: range 1.
  // Magic clip: min sigma = 1 / min(100, 1 + 4) = 0.2.
  assert.deepEqual(est.mus, [0.1, 0.3, 0.9, 0.5]);
  assert.deepEqual(
    est.sigmas.map((s) => Number(s.toFixed(12))),
    [0.2, 0.2, 0.4, 1],
  );
  assert.deepEqual(est.weights, [0.25, 0.25, 0.25, 0.25]);
});

test('on a lattice the probabilities of the values sum to 1', () => {
  const est = new NumericalParzen([16, 24], [1, 1], 8, 64, 8);
  let total = 0;
  for (let v = 8; v <= 64; v += 8) total += Math.exp(est.logPdf(v));
  assert.ok(Math.abs(total - 1) < 1e-6, `total ${total}`);
  const rng = new Rng(1);
  for (let i = 0; i < 200; i++) assert.equal(est.sample(rng) % 8, 0);
});

test('a categorical estimator smooths the observed counts with the prior', () => {
  const est = new CategoricalParzen([0, 0, 2], [1, 1, 1], 3);
  const p = [0, 1, 2].map((c) => Math.exp(est.logPdf(c)));
  assert.ok(Math.abs(p[0]! + p[1]! + p[2]! - 1) < 1e-12);
  assert.ok(p[0]! > p[2]! && p[2]! > p[1]!);
});

test("Optuna's gamma and weights; the split puts running trials in the bad group", () => {
  assert.deepEqual([1, 10, 11, 100, 1000].map(defaultGamma), [1, 1, 2, 10, 25]);
  assert.deepEqual(defaultWeights(3), [1, 1, 1]);
  const w = defaultWeights(30);
  assert.equal(w.length, 30);
  assert.equal(w[0], 1 / 30);
  assert.equal(w[4], 1);
  assert.deepEqual(w.slice(5), new Array(25).fill(1));
  const obs: TpeObservation[] = [
    ...Array.from({ length: 10 }, (_, i): TpeObservation => ({
      index: i,
      params: {},
      state: 'complete',
      loss: 10 - i,
    })),
    { index: 10, params: {}, state: 'running' },
    { index: 11, params: {}, state: 'pruned', lastEpoch: 9, loss: -100 },
  ];
  const { below, above } = splitObservations(obs);
  // gamma(12) = 2: the two best complete trials (losses 1 and 2), not the pruned one.
  assert.deepEqual(
    below.map((o) => o.index),
    [8, 9],
  );
  assert.ok(above.some((o) => o.index === 10) && above.some((o) => o.index === 11));
});
