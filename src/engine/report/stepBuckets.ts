// Per-step curves cut down to what a chart can show of a step range: min and max of each bucket of
// steps, bucket bounds the same for every run, every step once the range holds few enough.
import type { PackedCurves } from './labCurves';

/** A step range [lo, hi] (inclusive step indices) cut into buckets of `width` steps each. */
export interface StepGrid {
  lo: number;
  hi: number;
  /** Steps per bucket; 1 keeps every step. Bucket b holds the steps [b × width, (b + 1) × width). */
  width: number;
}

/**
 * The grid that shows steps [lo, hi] in about `buckets` buckets (the chart's pixel columns): width
 * 1 (every step) when the range holds no more than twice that many steps (two points a bucket would
 * hold as many), else the smallest width that fits. The grid depends only on the range and the
 * bucket count, never on a run, so every run of a request gets the same bucket bounds and seeds stay
 * aligned point by point.
 */
export function stepGrid(lo: number, hi: number, buckets: number): StepGrid {
  const from = Math.max(0, Math.floor(lo));
  const to = Math.max(from, Math.ceil(hi));
  const span = to - from + 1;
  const width = span <= 2 * buckets ? 1 : Math.ceil(span / buckets);
  return { lo: from, hi: to, width };
}

/** One series cut to a grid: the step of each point kept and its value (NaN: no value there). */
export interface BucketedSeries {
  at: Float64Array<ArrayBuffer>;
  values: Float64Array<ArrayBuffer>;
}

/** The buckets of `grid` a series of `n` steps has, with one bucket either side so lines reach the chart's edges. */
function bucketSpan(grid: StepGrid, n: number): [number, number] {
  const last = Math.floor((n - 1) / grid.width);
  const first = Math.max(0, Math.floor(grid.lo / grid.width) - 1);
  return [first, Math.min(last, Math.floor(grid.hi / grid.width) + 1)];
}

/**
 * The points of step-indexed `series` (null or NaN: no value) worth drawing on `grid`. With width 1,
 * every step in the range (and one either side). Otherwise two points a bucket, at the bucket's first
 * and last step: its extremes in the order they occur (the max first when the curve falls through
 * the bucket), so a spike or a divergence stays visible at any zoom and the line still runs the way
 * the curve runs. ±Infinity counts as an extreme (a blow-up stays the bucket's max); a bucket with no
 * value at all is NaN, a gap where the curve has one. Every series given the same grid gets the same
 * `at` (up to its own length), so several series of one run share it and seeds align.
 */
export function bucketSeries(series: ArrayLike<number | null>, grid: StepGrid): BucketedSeries {
  const n = series.length;
  if (n === 0) return { at: new Float64Array(0), values: new Float64Array(0) };
  const [first, last] = bucketSpan(grid, n);
  const w = grid.width;
  const count = last < first ? 0 : (last - first + 1) * (w === 1 ? 1 : 2);
  const at = new Float64Array(count);
  const values = new Float64Array(count);
  let k = 0;
  for (let b = first; b <= last; b++) {
    const start = b * w;
    const end = Math.min(start + w, n) - 1;
    if (w === 1) {
      at[k] = start;
      values[k++] = series[start] ?? Number.NaN;
      continue;
    }
    let lo = -1;
    let hi = -1;
    let loV = Number.POSITIVE_INFINITY;
    let hiV = Number.NEGATIVE_INFINITY;
    for (let i = start; i <= end; i++) {
      const v = series[i] ?? Number.NaN;
      if (Number.isNaN(v)) continue;
      if (lo < 0 || v < loV) [lo, loV] = [i, v];
      if (hi < 0 || v > hiV) [hi, hiV] = [i, v];
    }
    at[k] = start;
    at[k + 1] = end;
    if (lo < 0) {
      values[k] = Number.NaN;
      values[k + 1] = Number.NaN;
    } else {
      values[k] = lo <= hi ? loV : hiV;
      values[k + 1] = lo <= hi ? hiV : loV;
    }
    k += 2;
  }
  return { at, values };
}

/**
 * A run's curves as the lab draws them on `grid`: learning rate and gradient norm cut to the grid
 * (sharing one `stepAt`), the per-epoch series whole (one point an epoch: few, and the loss chart's
 * means, the doctor's markers and the first view read them). A data-parallel run is sent whole: its
 * x in bytes or communication time is a running sum over every step. Curves that fit are returned as
 * they are.
 */
export function cutCurves(full: PackedCurves, grid: StepGrid): PackedCurves {
  const n = full.stepLr.length;
  if (full.stepBytes || full.stepAt) return full;
  if (grid.width === 1 && grid.lo <= 1 && grid.hi >= n - 2) return full;
  const lr = bucketSeries(full.stepLr, grid);
  const grad = bucketSeries(full.stepGradNorm, grid);
  return {
    epochTrain: full.epochTrain,
    epochVal: full.epochVal,
    epochStep: full.epochStep,
    epochMs: full.epochMs,
    stepLr: lr.values,
    stepGradNorm:
      grad.values.length === lr.values.length ? grad.values : padded(grad.values, lr.values.length),
    stepAt: lr.at,
  };
}

/** `values` lengthened with NaN to `n` (a gradient-norm series shorter than its learning rates). */
function padded(values: Float64Array<ArrayBuffer>, n: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(n).fill(Number.NaN);
  out.set(values.subarray(0, n));
  return out;
}
