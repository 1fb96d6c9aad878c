import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bceWithLogitsLoss,
  createLoss,
  crossEntropyLoss,
  huberLoss,
  mseLoss,
} from '../../../src/engine/losses';
import type { Loss } from '../../../src/engine/losses';
import { ConfigError } from '../../../src/engine/errors';

/** Each loss against values worked out by hand, with its mean over the batch. */

function evaluate(
  loss: Loss,
  out: number[],
  y: number[],
  nOutputs: number,
): { value: number; grad: number[] } {
  const rows = out.length / nOutputs;
  const grad = new Float64Array(out.length);
  const o = Float64Array.from(out);
  const t = Float64Array.from(y);
  const count = loss.count(rows, nOutputs);
  const value = loss.valueAndGrad(o, t, 0, rows, nOutputs, count, grad);
  assert.equal(loss.value(o, t, 0, rows, nOutputs, count), value);
  return { value, grad: Array.from(grad) };
}

function close(a: number, b: number, tol = 1e-15): void {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
}

test('MSE is the mean over every element, gradient 2(out − y)/N', () => {
  const { value, grad } = evaluate(mseLoss, [1, 2, 3, 4], [0, 2, 5, 1], 2);
  close(value, (1 + 0 + 4 + 9) / 4);
  [2 / 4, 0, -4 / 4, 6 / 4].forEach((g, k) => close(grad[k]!, g));
});

test('Huber is quadratic inside delta and linear outside, gradient clipped at ±delta', () => {
  const unit = evaluate(huberLoss(), [0.5, -3], [0, 0], 1);
  close(unit.value, (0.125 + (3 - 0.5)) / 2);
  close(unit.grad[0]!, 0.5 / 2);
  close(unit.grad[1]!, -1 / 2);
  const two = evaluate(huberLoss(2), [3, 1, -2.5], [0, 0, 0], 1);
  close(two.value, (2 * (3 - 1) + 0.5 + 2 * (2.5 - 1)) / 3);
  [2 / 3, 1 / 3, -2 / 3].forEach((g, k) => close(two.grad[k]!, g));
});

test('Huber rejects a non-positive delta with torch message', () => {
  assert.throws(
    () => huberLoss(0),
    (e: unknown) => e instanceof ConfigError && /non-positive values for delta/.test(e.message),
  );
  assert.throws(() => createLoss({ name: 'huber', delta: -1 }), ConfigError);
});

test('BCE with logits is exact and finite for logits of any size', () => {
  const { value, grad } = evaluate(bceWithLogitsLoss, [0, 1000, -1000, 1000, -800], [1, 0, 1, 1, 0], 1);
  // log 2 for the zero logit, 1000 for each of the two confidently wrong ones, 0 for the right ones.
  close(value, (Math.LN2 + 1000 + 1000) / 5);
  [-0.5 / 5, 1 / 5, -1 / 5, 0, 0].forEach((g, k) => close(grad[k]!, g));
  const mild = evaluate(bceWithLogitsLoss, [2], [0], 1);
  close(mild.value, Math.log(1 + Math.exp(2)));
  close(mild.grad[0]!, 1 / (1 + Math.exp(-2)));
});

test('cross-entropy is log K for equal logits and stable for large ones', () => {
  const flat = evaluate(crossEntropyLoss, [7, 7, 7, -2, -2, -2], [2, 0], 3);
  close(flat.value, Math.log(3));
  [1 / 6, 1 / 6, -2 / 6, -2 / 6, 1 / 6, 1 / 6].forEach((g, k) => close(flat.grad[k]!, g));
  const big = evaluate(crossEntropyLoss, [1000, 0, -1000, 1000, 0, -1000], [0, 2], 3);
  close(big.value, (0 + 2000) / 2);
  [0, 0, 0, 1 / 2, 0, -1 / 2].forEach((g, k) => close(big.grad[k]!, g));
  const two = evaluate(crossEntropyLoss, [Math.log(3), 0], [1], 2);
  close(two.value, Math.log(4));
  close(two.grad[0]!, 0.75);
  close(two.grad[1]!, -0.75);
});

test('cross-entropy refuses a class index outside 0..K−1', () => {
  for (const bad of [3, -1, 0.5, NaN]) {
    assert.throws(() => evaluate(crossEntropyLoss, [0, 0, 0], [bad], 3), /Target .* is out of bounds/);
  }
});

test('chunks of a batch sum to the mean over the whole batch', () => {
  const out = Float64Array.from([0.3, -1.2, 2.5, 0.1, -0.7, 1.9]);
  const y = Float64Array.from([0, 1, 1, 0, 0, 1]);
  for (const loss of [mseLoss, huberLoss(0.5), bceWithLogitsLoss]) {
    const whole = loss.value(out, y, 0, 6, 1, 6);
    const parts = loss.value(out.subarray(0, 4), y, 0, 4, 1, 6) + loss.value(out.subarray(4), y, 4, 2, 1, 6);
    close(parts, whole, 1e-15);
  }
  const logits = Float64Array.from([0.3, -1.2, 2.5, 0.1, -0.7, 1.9]);
  const cls = Float64Array.from([2, 0]);
  const whole = crossEntropyLoss.value(logits, cls, 0, 2, 3, 2);
  const parts =
    crossEntropyLoss.value(logits, cls, 0, 1, 3, 2) +
    crossEntropyLoss.value(logits.subarray(3), cls, 1, 1, 3, 2);
  close(parts, whole, 1e-15);
});
