// The LR range test's analysis: fastai's smoothing, stop rule and suggestions on constructed curves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { smoothLrCurve, suggestLr } from '../../../src/engine/search/lrCurve';

const lrsOf = (n: number) => Array.from({ length: n }, (_, i) => 1e-7 * (10 / 1e-7) ** (i / n));

test('smoothing is the debiased moving average; the curve stops at the first point above 4 × the best', () => {
  const losses = [1, 0.9, 0.8, 0.7, 0.6, 50, 60];
  const c = smoothLrCurve(lrsOf(7), losses, 0.5, 4);
  let avg = 0;
  const want: number[] = [];
  for (let i = 0; i < 6; i++) {
    avg = 0.5 * avg + 0.5 * losses[i]!;
    want.push(avg / (1 - 0.5 ** (i + 1)));
  }
  c.smoothed.forEach((v, i) => assert.ok(Math.abs(v - want[i]!) < 1e-12));
  assert.equal(c.divergedAt, 5);
  assert.equal(c.lrs.length, 6);
  const nan = smoothLrCurve(lrsOf(4), [1, 0.5, null, 0.3]);
  assert.equal(nan.divergedAt, 2);
});

test('suggestions on a bowl in log lr: steep on the way down, valley halfway along the descent, minimum a tenth of the bottom', () => {
  const n = 100;
  const lrs = lrsOf(n);
  // Flat, then falling fastest around lr 1e-3, bottom near 1e-1, then up.
  const losses = lrs.map((lr) => {
    const x = Math.log10(lr);
    return 2 - 1.5 / (1 + Math.exp(-3 * (x + 3))) + (x > -1 ? 3 * (x + 1) ** 2 : 0);
  });
  const curve = smoothLrCurve(lrs, losses, 0.0001, 4);
  const s = suggestLr(curve, n);
  assert.ok(s.steep! > 2e-4 && s.steep! < 5e-3, `steep ${s.steep}`);
  // The descent runs from the first kept point (index 10, lr 5e-6) to the bottom (~0.1): the
  // valley rule takes the point halfway along it, in index (= log lr) terms.
  const bottomIdx = losses.indexOf(Math.min(...losses.slice(10, -5)));
  const mid = Math.sqrt(lrs[10]! * lrs[bottomIdx]!);
  assert.ok(Math.abs(Math.log10(s.valley!) - Math.log10(mid)) < 0.2, `valley ${s.valley}, midpoint ${mid}`);
  const bottom = lrs[bottomIdx]!;
  assert.ok(Math.abs(Math.log10(s.minimum! * 10) - Math.log10(bottom)) < 0.15, `minimum ${s.minimum}`);
});

test('a curve too short to trim has no suggestion', () => {
  const c = smoothLrCurve(lrsOf(100).slice(0, 15), new Array(15).fill(1));
  assert.deepEqual(suggestLr(c, 100), { valley: null, steep: null, minimum: null });
});
