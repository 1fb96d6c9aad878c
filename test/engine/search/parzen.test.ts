// The Parzen estimators behind TPE: proper densities, parity with Optuna's own estimator
// (fixture written by test/fixtures/search/optunaParzen.py), the good/bad split.
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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

interface OptunaCase {
  name: string;
  obs: number[];
  xs: number[];
  weights: number[];
  log_pdf: number[];
  mus?: number[];
  sigmas?: number[];
}
const OPTUNA = JSON.parse(
  readFileSync(join(__dirname, '../../fixtures/search/optuna_parzen.json'), 'utf8'),
) as {
  optuna: string;
  cases: OptunaCase[];
};

interface Estimator {
  logPdf(x: number): number;
  mus?: number[];
  sigmas?: number[];
  weights?: number[];
}

/** Our estimator for each fixture case, in the internal space TPE uses for that kind of parameter. */
function ours(c: OptunaCase): Estimator {
  const w = defaultWeights(c.obs.length);
  const inLog = (est: NumericalParzen): Estimator => ({
    logPdf: (x) => est.logPdf(Math.log(x)),
    mus: est.mus,
    sigmas: est.sigmas,
    weights: est.weights,
  });
  switch (c.name) {
    case 'float':
      return new NumericalParzen(c.obs, w, 0, 1, null);
    case 'float-empty':
      return new NumericalParzen(c.obs, w, -2, 3, null);
    case 'float-ramp':
      return new NumericalParzen(c.obs, w, -5, 5, null);
    case 'log':
      return inLog(new NumericalParzen(c.obs.map(Math.log), w, Math.log(1e-5), 0, null));
    case 'int-step':
      return new NumericalParzen(c.obs, w, 8, 64, 8);
    case 'int-log':
      return inLog(
        new NumericalParzen(c.obs.map(Math.log), w, Math.log(0.5), Math.log(100.5), null, 1, true),
      );
    case 'categorical':
      return new CategoricalParzen(c.obs, w, 3);
    default:
      throw new Error(`no estimator for ${c.name}`);
  }
}

test('the estimators match Optuna 5 (TPESampler defaults): kernels, bandwidths, weights and log densities', () => {
  assert.equal(OPTUNA.cases.length, 7);
  const close = (a: readonly number[], b: readonly number[]) =>
    a.length === b.length && a.every((v, i) => Math.abs(v - b[i]!) < 1e-12);
  for (const c of OPTUNA.cases) {
    const est = ours(c);
    if (c.mus) {
      assert.ok(close(est.mus!, c.mus), `${c.name} mus ${est.mus} vs ${c.mus}`);
      assert.ok(close(est.sigmas!, c.sigmas!), `${c.name} sigmas ${est.sigmas} vs ${c.sigmas}`);
      assert.ok(close(est.weights!, c.weights), `${c.name} weights ${est.weights} vs ${c.weights}`);
    }
    c.xs.forEach((x, i) => {
      const got = est.logPdf(x);
      assert.ok(
        Math.abs(got - c.log_pdf[i]!) < 2e-6,
        `${c.name} log_pdf(${x}) = ${got}, Optuna ${c.log_pdf[i]}`,
      );
    });
  }
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
