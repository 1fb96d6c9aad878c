// The lab's per-step curves cut to a step range (src/engine/report/stepBuckets.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketSeries, cutCurves, stepGrid } from '../../../src/engine/report/stepBuckets';
import { packCurves, type LabCurves } from '../../../src/engine/report/labCurves';

const series = (n: number, f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));

test('a range of no more than two steps a bucket keeps every step; a longer one the smallest width that fits', () => {
  assert.deepEqual(stepGrid(0, 199, 100), { lo: 0, hi: 199, width: 1 });
  assert.deepEqual(stepGrid(0, 200, 100), { lo: 0, hi: 200, width: 3 });
  assert.deepEqual(stepGrid(0, 9999, 400), { lo: 0, hi: 9999, width: 25 });
  assert.deepEqual(stepGrid(2.5, 7.2, 16), { lo: 2, hi: 8, width: 1 }, 'whole steps, widened');
});

test('bucket b holds steps [b·w, (b+1)·w): two points a bucket, at its first and last step, one bucket either side of the range', () => {
  const cut = bucketSeries(
    series(100, (i) => i),
    { lo: 30, hi: 59, width: 10 },
  );
  assert.deepEqual([...cut.at], [20, 29, 30, 39, 40, 49, 50, 59, 60, 69]);
  // A rising curve: each bucket's min comes first, then its max.
  assert.deepEqual([...cut.values], [20, 29, 30, 39, 40, 49, 50, 59, 60, 69]);
});

test('each bucket keeps its min and max in the order they occur, so a spike survives any zoom', () => {
  const y = series(40, (i) => (i === 13 ? 50 : i === 17 ? -5 : 1));
  const cut = bucketSeries(y, stepGrid(0, 39, 4));
  assert.equal(cut.at.length, 8);
  assert.deepEqual([...cut.values.subarray(2, 4)], [50, -5], 'the spike at 13 before the dip at 17');
  assert.deepEqual([...cut.values.subarray(0, 2)], [1, 1]);
  const falling = bucketSeries(
    series(40, (i) => 40 - i),
    stepGrid(0, 39, 4),
  );
  assert.deepEqual([...falling.values.subarray(0, 2)], [40, 31], 'max first when the curve falls');
});

test('every run cut to one grid gets the same steps, a shorter run a prefix of them: seeds stay aligned', () => {
  const grid = stepGrid(0, 9999, 400);
  const a = bucketSeries(
    series(10_000, (i) => Math.sin(i)),
    grid,
  );
  const b = bucketSeries(
    series(10_000, (i) => Math.cos(i / 7) * 3),
    grid,
  );
  const short = bucketSeries(
    series(6_010, (i) => i),
    grid,
  );
  assert.deepEqual([...a.at], [...b.at]);
  assert.deepEqual(
    [...short.at.subarray(0, short.at.length - 2)],
    [...a.at.subarray(0, short.at.length - 2)],
  );
  assert.equal(short.at[short.at.length - 1], 6_009, 'the last bucket ends at the run’s last step');
  assert.ok(a.at.length <= 2 * 402);
});

test('few enough steps come through whole, at full resolution, with one step either side of the range', () => {
  const y = series(10_000, (i) => i * 0.5);
  const cut = bucketSeries(y, stepGrid(5_000, 5_099, 400));
  assert.deepEqual(
    [...cut.at],
    Array.from({ length: 102 }, (_, i) => 4_999 + i),
  );
  assert.deepEqual(
    [...cut.values],
    [...cut.at].map((s) => s * 0.5),
  );
});

test('±Infinity stays a bucket’s extreme; a bucket with no value is a gap (NaN), one with some keeps them', () => {
  const y = new Float64Array([1, 2, Infinity, 3, NaN, NaN, NaN, NaN, 4, NaN, -Infinity, 5]);
  const cut = bucketSeries(y, { lo: 0, hi: 11, width: 4 });
  assert.deepEqual([...cut.values], [1, Infinity, NaN, NaN, -Infinity, 5]);
  const whole = bucketSeries(y, { lo: 0, hi: 11, width: 1 });
  assert.deepEqual([...whole.values], [...y], 'at full resolution every NaN and Infinity is where it was');
  const nulls = bucketSeries([null, null, 2, null], { lo: 0, hi: 3, width: 2 });
  assert.deepEqual([...nulls.values], [NaN, NaN, 2, 2]);
});

test('cutCurves cuts learning rate and gradient norm to one grid and sends epochs and data-parallel runs whole', () => {
  const steps = 1_000;
  const c: LabCurves = {
    epochTrain: [1, 0.5, 0.25],
    epochVal: [null, 0.6, 0.3],
    epochStep: [0, 500, 1000],
    epochMs: [0, 10, 20],
    stepLr: Array.from({ length: steps }, () => 0.1),
    stepGradNorm: Array.from({ length: steps }, (_, i) => (i === 700 ? 99 : 1)),
  };
  const packed = packCurves(c);
  const cut = cutCurves(packed, stepGrid(0, steps - 1, 50));
  assert.equal(cut.epochTrain, packed.epochTrain);
  assert.equal(cut.stepAt!.length, cut.stepGradNorm.length);
  assert.equal(cut.stepLr.length, cut.stepGradNorm.length);
  assert.ok(cut.stepGradNorm.includes(99), 'the spike is kept');
  assert.ok(cut.stepLr.length <= 100);
  assert.equal(
    cutCurves(packed, stepGrid(0, steps - 1, 500)),
    packed,
    'a whole run that fits is sent as it is',
  );
  const parallel = packCurves({ ...c, stepBytes: c.stepLr, stepDensity: c.stepLr, stepCommS: c.stepLr });
  assert.equal(cutCurves(parallel, stepGrid(0, steps - 1, 50)), parallel);
});
