import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emaSmooth } from '../../webview/shared/ema';

/** The debiased EMA written out as its defining sum: Σ w^(n−k)(1−w)v_k / (1 − w^n) over finite points. */
function reference(values: (number | null)[], w: number): (number | null)[] {
  const finite: number[] = [];
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return v;
    finite.push(v);
    const n = finite.length;
    let s = 0;
    finite.forEach((x, k) => (s += Math.pow(w, n - 1 - k) * (1 - w) * x));
    return s / (1 - Math.pow(w, n));
  });
}

test('EMA is debiased: the first point is the value itself, later points match the defining sum', () => {
  const values = [4, 2, 7, 1, 3, 8, 5, 0.5];
  for (const w of [0.3, 0.6, 0.9, 0.99]) {
    const got = emaSmooth(values, w);
    assert.equal(got[0], 4);
    reference(values, w).forEach((r, i) =>
      assert.ok(Math.abs(got[i]! - r!) < 1e-12, `w=${w} i=${i}: ${got[i]} vs ${r}`),
    );
  }
});

test('EMA matches TensorBoard on a worked example (w = 0.6)', () => {
  // last = 0.4·1 = 0.4 → /0.4 = 1; last = 0.24 + 0.8 = 1.04 → /0.64 = 1.625; last = 0.624 + 1.2 = 1.824 → /0.784
  const got = emaSmooth([1, 2, 3], 0.6);
  assert.deepEqual(
    got.map((v) => Number(v!.toFixed(12))),
    [1, 1.625, Number((1.824 / 0.784).toFixed(12))],
  );
});

test('EMA passes non-finite points through without letting them into the average', () => {
  const got = emaSmooth([1, null, 3, Number.NaN, 5], 0.5);
  assert.equal(got[1], null);
  assert.ok(Number.isNaN(got[3]));
  const compact = emaSmooth([1, 3, 5], 0.5);
  assert.equal(got[2], compact[1]);
  assert.equal(got[4], compact[2]);
});

test('EMA leaves a constant series and weight 0 unchanged, and rejects a weight outside [0, 1)', () => {
  assert.deepEqual(emaSmooth([2, 2, 2], 0.9), [2, 2, 2]);
  assert.deepEqual(emaSmooth([3, 1, 2], 0), [3, 1, 2]);
  assert.throws(() => emaSmooth([1], 1), /\[0, 1\)/);
  assert.throws(() => emaSmooth([1], -0.1), /\[0, 1\)/);
});
