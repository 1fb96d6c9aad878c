import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accuracy, metricsForLoss, r2, rmse } from '../../src/engine/metrics';

const f = (xs: number[]): Float64Array => Float64Array.from(xs);

test('RMSE is the root of the mean squared error over every output', () => {
  assert.equal(rmse(f([1, 2, 3, 4]), f([1, 1, 1, 1]), 4), Math.sqrt(14 / 4));
  assert.equal(rmse(f([1, 2, 3, 4]), f([1, 1, 1, 1]), 2, 2), Math.sqrt(14 / 4));
  assert.equal(rmse(f([5, 5]), f([5, 5]), 2), 0);
});

test('R² is 1 − SS_res/SS_tot, averaged over outputs', () => {
  // y mean 2.5, SS_tot 5; one miss by 1: SS_res 1.
  assert.ok(Math.abs(r2(f([1, 2, 3, 5]), f([1, 2, 3, 4]), 4) - 0.8) < 1e-15);
  // Second output: y [0, 0, 2, 2] (SS_tot 4) predicted [0, 1, 2, 2] (SS_res 1): 0.75.
  const out = f([1, 0, 2, 1, 3, 2, 5, 2]);
  const y = f([1, 0, 2, 0, 3, 2, 4, 2]);
  assert.ok(Math.abs(r2(out, y, 4, 2) - (0.8 + 0.75) / 2) < 1e-15);
  // Predicting the mean scores 0; worse than the mean is negative.
  assert.equal(r2(f([2.5, 2.5, 2.5, 2.5]), f([1, 2, 3, 4]), 4), 0);
  assert.ok(Math.abs(r2(f([4, 3, 2, 1]), f([1, 2, 3, 4]), 4) - (1 - 20 / 5)) < 1e-15);
});

test('R² of a constant target is 1 when predicted exactly, else 0', () => {
  assert.equal(r2(f([3, 3]), f([3, 3]), 2), 1);
  assert.equal(r2(f([3, 4]), f([3, 3]), 2), 0);
});

test('accuracy thresholds one logit at 0 and takes the first argmax of several', () => {
  // Logit 0 means p = 0.5, which torch-style (logit > 0) counts as class 0.
  assert.equal(accuracy(f([2, -1, 0, 0.5]), f([1, 0, 0, 0]), 4), 3 / 4);
  const logits = f([0.1, 0.9, 0.3, 5, 5, 1, -1, -2, -0.5]);
  assert.equal(accuracy(logits, f([1, 0, 2]), 3, 3), 3 / 3);
  assert.equal(accuracy(logits, f([1, 1, 0]), 3, 3), 1 / 3);
});

test('metricsForLoss picks regression or classification metrics', () => {
  assert.deepEqual(metricsForLoss('mse', 1)(f([1, 2, 3, 5]), f([1, 2, 3, 4]), 4), {
    rmse: Math.sqrt(1 / 4),
    r2: 1 - 1 / 5,
  });
  assert.deepEqual(Object.keys(metricsForLoss('huber', 2)(f([0, 0, 1, 1]), f([0, 1, 1, 0]), 2)), [
    'rmse',
    'r2',
  ]);
  assert.deepEqual(metricsForLoss('bce_with_logits', 1)(f([1, -1, 1]), f([1, 1, 1]), 3), { accuracy: 2 / 3 });
  // Multi-label BCE: each of the 2 × 2 outputs is its own decision.
  assert.deepEqual(metricsForLoss('bce_with_logits', 2)(f([1, -1, 1, 1]), f([1, 0, 0, 1]), 2), {
    accuracy: 3 / 4,
  });
  assert.deepEqual(metricsForLoss('cross_entropy', 2)(f([1, 0, 0, 1]), f([0, 0]), 2), { accuracy: 1 / 2 });
});
