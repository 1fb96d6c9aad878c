import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateConfigurations, aggregateSeries } from '../../../src/engine/runs/aggregate';
import type { CurvesFile, RunSummary } from '../../../src/protocol/record';

const close = (a: number | null | undefined, b: number, what: string) =>
  assert.ok(typeof a === 'number' && Math.abs(a - b) < 1e-12, `${what}: ${a} !== ${b}`);

test('aggregateSeries: index-wise mean and population std over the runs that reach the index', () => {
  const s = aggregateSeries([
    [1, 2, 3],
    [3, null, 5, 7],
    [2, NaN],
  ]);
  // index 0: 1, 3, 2 -> mean 2, variance (1 + 1 + 0) / 3
  close(s.mean[0], 2, 'mean[0]');
  close(s.std[0], Math.sqrt(2 / 3), 'std[0]');
  // index 1: only 2 is finite; null and NaN are counted apart
  close(s.mean[1], 2, 'mean[1]');
  close(s.std[1], 0, 'std[1]');
  // index 2: 3 and 5 (the third run ended)
  close(s.mean[2], 4, 'mean[2]');
  close(s.std[2], 1, 'std[2]');
  close(s.mean[3], 7, 'mean[3]');
  assert.deepEqual(s.count, [3, 1, 2, 1]);
  assert.deepEqual(s.nonFinite, [0, 2, 0, 0]);
});

test('aggregateSeries: an index where no run is finite has null statistics; no runs, no points', () => {
  const s = aggregateSeries([
    [1, Infinity],
    [3, null],
  ]);
  assert.equal(s.mean[1], null);
  assert.equal(s.std[1], null);
  assert.deepEqual(s.count, [2, 0]);
  assert.deepEqual(s.nonFinite, [0, 2]);
  assert.deepEqual(aggregateSeries([]), { mean: [], std: [], count: [], nonFinite: [] });
});

test('aggregateSeries: the std of nearly equal large values is not lost to cancellation', () => {
  const s = aggregateSeries([[1e9 + 1], [1e9 + 3]]);
  close(s.mean[0], 1e9 + 2, 'mean');
  close(s.std[0], 1, 'std');
});

function summary(id: string, configIndex: number, seed: number, status: RunSummary['status']): RunSummary {
  return {
    id,
    configIndex,
    label: `cfg${configIndex}`,
    config: {},
    seed,
    fold: null,
    restart: null,
    status,
    steps: 0,
    epochs: 0,
    final_train_loss: null,
    final_val_loss: null,
    best_val_loss: null,
    best_epoch: null,
    objective: null,
    metrics: {},
    diverged_at_step: null,
    message: null,
    elapsed_ms: 0,
    rank: null,
    curves: null,
  };
}

function curvesOf(
  runId: string,
  train: (number | null)[],
  val: CurvesFile['epochValidation'],
  stepLoss: (number | null)[],
  stepLr: number[],
): CurvesFile {
  return {
    runId,
    stepLoss,
    stepLr,
    stepGradNorm: stepLoss,
    epochTrainLoss: train,
    epochValidation: val,
    epochElapsedMs: train.map(() => 0),
    trajectory: null,
    layout: null,
    initialParams: [],
    finalParams: [],
  };
}

const ev = (loss: number, accuracy: number) => ({ loss, metrics: { accuracy } });

test('aggregateConfigurations: groups by configuration, counts seeds and statuses, aggregates every curve', () => {
  const runs = [
    summary('c1-s0', 1, 0, 'diverged'),
    summary('c0-s0', 0, 0, 'done'),
    summary('c0-s1', 0, 1, 'early-stopped'),
    summary('c1-s1', 1, 1, 'failed'),
  ];
  const curves = new Map<string, CurvesFile>([
    [
      'c0-s0',
      curvesOf(
        'c0-s0',
        [4, 2, 1],
        [ev(5, 0.5), ev(3, 0.6), ev(2, 0.8)],
        [4, 3, 2, 1],
        [0.1, 0.1, 0.05, 0.05],
      ),
    ],
    ['c0-s1', curvesOf('c0-s1', [6, 4], [ev(7, 0.3), ev(5, 0.7)], [6, 5], [0.1, 0.1])],
    ['c1-s0', curvesOf('c1-s0', [4, 9, null], [ev(5, 0.5), ev(10, 0.4), null], [4, 8, null], [1, 1, 1])],
    // c1-s1 failed before it started: no curves file.
  ]);
  const [a, b] = aggregateConfigurations(runs, curves);
  assert.ok(a && b);
  assert.equal(a.configIndex, 0);
  assert.equal(a.label, 'cfg0');
  assert.equal(a.runs, 2);
  assert.equal(a.seeds, 2);
  assert.deepEqual(a.statuses, { done: 1, 'early-stopped': 1 });
  // train: (4, 6) -> 5 ± 1; (2, 4) -> 3 ± 1; (1) -> 1 ± 0 once the early-stopped run has ended
  assert.deepEqual(a.trainLoss.mean, [5, 3, 1]);
  assert.deepEqual(a.trainLoss.std, [1, 1, 0]);
  assert.deepEqual(a.trainLoss.count, [2, 2, 1]);
  assert.deepEqual(a.valLoss?.mean, [6, 4, 2]);
  assert.deepEqual(a.valLoss?.std, [1, 1, 0]);
  assert.deepEqual(Object.keys(a.valMetrics), ['accuracy']);
  close(a.valMetrics['accuracy']?.mean[0], 0.4, 'accuracy[0]');
  close(a.valMetrics['accuracy']?.std[0], 0.1, 'accuracy std[0]');
  close(a.valMetrics['accuracy']?.mean[1], 0.65, 'accuracy[1]');
  assert.deepEqual(a.stepLoss.mean, [5, 4, 2, 1]);
  assert.deepEqual(a.stepLoss.count, [2, 2, 1, 1]);
  assert.deepEqual(a.stepLr.mean, [0.1, 0.1, 0.05, 0.05]);

  assert.equal(b.configIndex, 1);
  assert.equal(b.runs, 2);
  assert.equal(b.seeds, 2);
  assert.deepEqual(b.statuses, { diverged: 1, failed: 1 });
  // The diverged run's last epoch is non-finite: excluded from the mean, counted apart.
  assert.deepEqual(b.trainLoss.mean, [4, 9, null]);
  assert.deepEqual(b.trainLoss.count, [1, 1, 0]);
  assert.deepEqual(b.trainLoss.nonFinite, [0, 0, 1]);
  assert.deepEqual(b.valLoss?.mean, [5, 10, null]);
  assert.deepEqual(b.valLoss?.nonFinite, [0, 0, 1]);
  assert.deepEqual(b.valMetrics['accuracy']?.nonFinite, [0, 0, 1]);
  assert.deepEqual(b.stepLoss.nonFinite, [0, 0, 1]);
});

test('aggregateConfigurations: a configuration never validated (a surface) has no validation curve', () => {
  const runs = [summary('c0-s0', 0, 0, 'done'), summary('c0-s1', 0, 1, 'done')];
  const curves = new Map<string, CurvesFile>([
    ['c0-s0', curvesOf('c0-s0', [3, 1], [null, null], [3], [0.1])],
    ['c0-s1', curvesOf('c0-s1', [5, 3], [null, null], [5], [0.1])],
  ]);
  const [a] = aggregateConfigurations(runs, curves);
  assert.equal(a?.valLoss, null);
  assert.deepEqual(a?.valMetrics, {});
  assert.deepEqual(a?.trainLoss.mean, [4, 2]);
  assert.deepEqual(a?.trainLoss.std, [1, 1]);
});
