// The LR sweep's rate rules, the edge of stability and how a short run counts as diverged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseSweepRate, logSpacedRates, type SweepPoint } from '../../../src/engine/advice/lrSweepChoice';
import { sweepPointOf } from '../../../src/engine/search/lrSweep';
import type { RunResult } from '../../../src/protocol/runs';

const pts = (objs: (number | 'x')[]): SweepPoint[] =>
  objs.map((o, i) => ({
    lr: 10 ** (i - 3),
    objective: o === 'x' ? null : o,
    status: o === 'x' ? 'diverged' : 'done',
  }));

test('13 rates from 1e-5 to 10 are every half decade, ends exact', () => {
  const r = logSpacedRates(1e-5, 10, 13);
  assert.equal(r.length, 13);
  assert.equal(r[0], 1e-5);
  assert.equal(r[12], 10);
  assert.equal(r[6], 0.01);
  assert.ok(Math.abs(r[1]! - 3.16228e-5) < 1e-10);
  assert.throws(() => logSpacedRates(0, 1, 5), /0 < low < high/);
  assert.throws(() => logSpacedRates(1e-3, 1, 2), /at least 3 rates/);
});

test('best picks the lowest loss; the edge of stability is the smallest rate that diverged', () => {
  const c = chooseSweepRate(pts([1, 0.8, 0.3, 0.1, 0.09, 'x', 'x']));
  assert.equal(c.lr, 10);
  assert.equal(c.edgeOfStability, 100);
});

test('smoothed prefers a rate in a flat valley to a lower one beside a diverged rate', () => {
  const p = pts([1, 0.2, 0.21, 0.22, 0.5, 0.15, 'x']);
  assert.equal(chooseSweepRate(p, 'best').lr, 100);
  assert.equal(chooseSweepRate(p, 'smoothed').lr, 0.1);
});

test('largest-within takes the largest rate within the tolerance of the spread', () => {
  const p = pts([1, 0.105, 0.1, 0.104, 0.5]);
  assert.equal(chooseSweepRate(p, 'largest-within', 0.01).lr, 1);
  assert.equal(chooseSweepRate(p, 'largest-within', 0.001).lr, 0.1);
});

test('no finished rate: no pick; failed and cancelled rates are not the edge of stability', () => {
  const p: SweepPoint[] = [
    { lr: 0.1, objective: null, status: 'failed' },
    { lr: 1, objective: null, status: 'cancelled' },
  ];
  assert.deepEqual(chooseSweepRate(p), { lr: null, index: null, edgeOfStability: null });
});

test('a sweep run is diverged when the engine stopped it, its loss is not finite, or it ended >10% above its start', () => {
  const result = (status: RunResult['status'], final: number | null, initial = 1): RunResult =>
    ({
      status,
      finalTrainLoss: final,
      curves: { epochTrainLoss: [initial] },
    }) as unknown as RunResult;
  assert.deepEqual(sweepPointOf(0.1, result('done', 0.5)), { lr: 0.1, objective: 0.5, status: 'done' });
  assert.equal(sweepPointOf(0.1, result('done', 1.05)).status, 'done');
  assert.deepEqual(sweepPointOf(1, result('done', 1.2)), { lr: 1, objective: 1.2, status: 'diverged' });
  assert.deepEqual(sweepPointOf(10, result('diverged', null)), {
    lr: 10,
    objective: null,
    status: 'diverged',
  });
  assert.equal(sweepPointOf(10, result('done', Number.POSITIVE_INFINITY)).status, 'diverged');
  // A surface whose start is below zero: worse means higher, by 10% of the start's size.
  assert.equal(sweepPointOf(0.01, result('done', -0.5, -1)).status, 'diverged');
  assert.equal(sweepPointOf(0.01, result('cancelled', 0.3)).status, 'cancelled');
});
