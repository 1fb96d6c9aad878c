import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emaSmooth } from '../../webview/shared/ema';
import {
  indicesInRange,
  minMaxEnvelope,
  meanSeries,
  perSeriesCap,
  spansDecades,
  CHART_POINT_BUDGET,
} from '../../webview/lab/series';

const opts = { xMode: 'epoch' as const, smoothing: 0, cap: 2000, range: null };
const idx = (n: number) => Array.from({ length: n }, (_, i) => i);

test('mean ± population std over seeds, index by index, with the x of each point', () => {
  const s = meanSeries(
    [
      [1, 2, 3],
      [3, 4, 5],
    ],
    [idx(3), idx(3)],
    opts,
  )!;
  assert.deepEqual(s.x, [0, 1, 2]);
  assert.deepEqual(s.mean, [2, 3, 4]);
  assert.deepEqual(s.std, [1, 1, 1]);
  assert.deepEqual(s.count, [2, 2, 2]);
});

test('smoothing each run then averaging equals smoothing the mean (EMA is linear); raw keeps the unsmoothed mean', () => {
  const a = [5, 1, 4, 2, 6, 3];
  const b = [3, 3, 0, 4, 2, 5];
  const s = meanSeries([a, b], [idx(6), idx(6)], { ...opts, smoothing: 0.7 })!;
  const mean = a.map((v, i) => (v + b[i]!) / 2);
  emaSmooth(mean, 0.7).forEach((v, i) => assert.ok(Math.abs(s.mean[i]! - v!) < 1e-12));
  assert.deepEqual(s.raw, mean);
});

test('a long curve is decimated to the cap and keeps its spike; a curve without finite values is null', () => {
  const y = Array.from({ length: 10_000 }, (_, i) => 1 / (1 + i));
  y[7_777] = 50;
  const s = meanSeries([y], [idx(10_000)], { ...opts, cap: 500 })!;
  assert.ok(s.x.length <= 500);
  assert.ok(s.x.includes(7_777), 'the spike survives');
  assert.equal(s.x[0], 0);
  assert.equal(s.x.at(-1), 9_999);
  assert.equal(meanSeries([[null, null]], [idx(2)], opts), null);
});

test('after a zoom only the visible range (and one point either side) is decimated', () => {
  assert.deepEqual(indicesInRange([0, 1, 2, 3, 4, 5], [1.5, 3.2]), [1, 2, 3, 4]);
  assert.deepEqual(indicesInRange([0, null, 2], null), [0, 2]);
  assert.deepEqual(indicesInRange([0, 1], [5, 6]), []);
  const y = Array.from({ length: 10_000 }, (_, i) => Math.sin(i));
  const s = meanSeries([y], [idx(10_000)], { ...opts, cap: 400, range: [1000, 1100] })!;
  assert.ok(s.x[0]! >= 999 && s.x.at(-1)! <= 1101);
  assert.equal(
    s.x.length,
    103,
    'the zoomed window (101 points and 2 neighbours) fits the cap, so all are drawn',
  );
});

test('64 runs × 10k points stay within the chart budget', (t) => {
  const cap = perSeriesCap(64 * 2, 2000);
  assert.ok(cap * 64 * 2 <= CHART_POINT_BUDGET);
  assert.equal(perSeriesCap(2, 2000), 2000);
  assert.equal(perSeriesCap(100_000, 2000), 64);
  const runs = Array.from({ length: 64 }, (_, r) =>
    Array.from({ length: 10_000 }, (_, i) => 1 / (1 + i) + r * 1e-3),
  );
  const t0 = performance.now();
  const s = meanSeries(
    runs,
    runs.map(() => idx(10_000)),
    { ...opts, smoothing: 0.6, cap },
  )!;
  const ms = performance.now() - t0;
  assert.ok(s.x.length <= cap);
  // How fast is the bench's business (timings under load are not a test); reported only.
  t.diagnostic(`aggregating 64 × 10k points took ${ms.toFixed(0)} ms`);
});

test('a first view goes log only for positive curves spanning three decades', () => {
  assert.equal(spansDecades([[100, 1, 1e-20]]), true);
  assert.equal(
    spansDecades([
      [1.5, 0.2],
      [0.9, null],
    ]),
    false,
  );
  assert.equal(spansDecades([[100, -1, 1e-20]]), false, 'a negative loss has no log');
  assert.equal(spansDecades([[]]), false);
});

test('the min/max envelope covers the raw values from the previous drawn point through each one, skipping non-finite ones', () => {
  const values = [5, 1, 9, null, 2, Number.NaN, 3, 4];
  assert.deepEqual(minMaxEnvelope(values, [0, 2, 5, 7]), {
    low: [5, 1, 2, 3],
    high: [5, 9, 9, 4],
  });
  // Every point drawn (a curve the host cut, two extremes a bucket): the band still spans each step of the line.
  assert.deepEqual(minMaxEnvelope([1, 3, 2, 5], [0, 1, 2, 3]), { low: [1, 1, 2, 2], high: [1, 3, 3, 5] });
  assert.deepEqual(minMaxEnvelope([null, null], [0, 1]), { low: [null, null], high: [null, null] });
});

test('a smoothed gradient norm keeps its spikes in the envelope', () => {
  const y = Array.from({ length: 200 }, (_, i) => (i === 100 ? 50 : 1));
  const x = y.map((_, i) => i);
  const s = meanSeries([y], [x], { xMode: 'step', smoothing: 0.9, cap: 40, range: null, envelope: true })!;
  assert.ok(Math.max(...s.mean.map((v) => v ?? 0)) < 50, 'the smoothed line flattens the spike');
  assert.equal(Math.max(...s.high!.map((v) => v ?? 0)), 50, 'the envelope keeps it');
  assert.equal(Math.min(...s.low!.map((v) => v ?? Infinity)), 1);
});
