// The lab's chart series: curves on the chosen x axis (step, epoch, time, bytes), means over seeds,
// envelopes, and the point budget.
import { decimateIndices } from '../../src/engine/report/decimate';
import type { ReportSeries } from '../../src/engine/report/reportData';
import { aggregateSeries, type SeriesStats } from '../../src/engine/runs/aggregate';
import { emaSmooth } from '../shared/ema';
import { stepEpochs, stepTimes, type LabCurves } from '../../src/engine/report/labCurves';
import { epochTrafficX, stepTrafficX } from './trafficSeries';

/** The x axis: optimizer steps, epochs, wall time, or (data-parallel runs) bytes sent and simulated comm time. */
export type XMode = 'step' | 'epoch' | 'time' | 'bytes' | 'commTime';

/** A drawn curve: the report's mean ± std series plus the unsmoothed mean drawn faint behind it. */
export interface DrawnSeries extends ReportSeries {
  raw: (number | null)[];
  /**
   * With `envelope`: the smallest and largest unsmoothed value between each drawn point and the
   * previous one, so a smoothed line keeps the spread its decimated, smoothed points hide.
   */
  low?: (number | null)[];
  high?: (number | null)[];
}

export interface SeriesOptions {
  xMode: XMode;
  /** EMA weight in [0, 1); 0 draws the raw curve only. */
  smoothing: number;
  /** Points kept per series. */
  cap: number;
  /** Visible x range after a zoom: only points inside (and one either side) are decimated. */
  range: [number, number] | null;
  /** Also compute the min/max envelope of the unsmoothed values (gradient norms). */
  envelope?: boolean;
}

/**
 * For each chosen index, the min and max of `values` from the previous chosen index through it (the
 * first covers itself only): the span of the raw line between two drawn points, so the band stays
 * as wide as the raw curve even when every point is drawn (curves the host already cut to the
 * chart's width, two extremes a bucket). Non-finite values are skipped, null where none is finite.
 */
export function minMaxEnvelope(
  values: readonly (number | null)[],
  chosen: readonly number[],
): { low: (number | null)[]; high: (number | null)[] } {
  const low: (number | null)[] = [];
  const high: (number | null)[] = [];
  let from = chosen[0] ?? 0;
  for (const at of chosen) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = from; i <= at; i++) {
      const v = values[i];
      if (v === null || v === undefined || !Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    low.push(lo === Infinity ? null : lo);
    high.push(hi === -Infinity ? null : hi);
    from = at;
  }
  return { low, high };
}

/** Points the lab draws in all, over every series of a chart, so many runs stay fluid. */
export const CHART_POINT_BUDGET = 120_000;

/** The cap of one series when `series` share a chart: the budget split, within [64, pointCap]. */
export function perSeriesCap(series: number, pointCap: number): number {
  return Math.max(64, Math.min(pointCap, Math.floor(CHART_POINT_BUDGET / Math.max(1, series))));
}

/** Indices whose x lies in `range`, with one neighbour either side so lines reach the edges. */
export function indicesInRange(x: readonly (number | null)[], range: [number, number] | null): number[] {
  const all: number[] = [];
  for (let i = 0; i < x.length; i++) if (x[i] !== null && x[i] !== undefined) all.push(i);
  if (!range) return all;
  const [lo, hi] = range;
  const inside = all.filter((i) => x[i]! >= lo && x[i]! <= hi);
  if (inside.length === 0) return inside;
  const first = all.indexOf(inside[0]!);
  const last = all.indexOf(inside[inside.length - 1]!);
  return all.slice(Math.max(0, first - 1), last + 2);
}

/**
 * Mean ± population std over runs of curves `ys` against `xs` (index-wise, like the report),
 * each run EMA-smoothed first (smoothing is linear, so the mean of smoothed runs is the smoothed
 * mean), then decimated to `cap` points picked on the raw mean so spikes survive. Null when no
 * run has a finite value.
 */
export function meanSeries(
  ys: readonly (readonly (number | null)[])[],
  xs: readonly (readonly (number | null)[])[],
  o: SeriesOptions,
): DrawnSeries | null {
  if (!ys.some((y) => y.some((v) => v !== null && Number.isFinite(v)))) return null;
  const smoothed = o.smoothing > 0 ? ys.map((y) => emaSmooth(y, o.smoothing)) : ys;
  // One run (a single seed, a per-run chart) is its own mean: skip the aggregation passes.
  const stats = ys.length === 1 ? single(smoothed[0]!) : aggregateSeries(smoothed);
  const raw =
    o.smoothing > 0 ? (ys.length === 1 ? single(ys[0]!).mean : aggregateSeries(ys).mean) : stats.mean;
  const x = (xs.length === 1 ? xs[0]! : aggregateSeries(xs).mean).slice(0, stats.mean.length);
  const candidates = indicesInRange(x, o.range);
  const cap = Math.max(5, o.cap);
  // Curves the host cut to the chart's width usually fit: no second pass over them.
  const chosen =
    candidates.length <= cap
      ? candidates
      : decimateIndices(
          candidates.map((i) => raw[i] ?? null),
          cap,
        ).map((j) => candidates[j]!);
  return {
    x: chosen.map((i) => x[i]!),
    mean: chosen.map((i) => stats.mean[i] ?? null),
    std: chosen.map((i) => stats.std[i] ?? null),
    count: chosen.map((i) => stats.count[i] ?? 0),
    nonFinite: chosen.map((i) => stats.nonFinite[i] ?? 0),
    raw: chosen.map((i) => raw[i] ?? null),
    ...(o.envelope ? minMaxEnvelope(raw, chosen) : {}),
  };
}

/** aggregateSeries of one series, without its passes: the finite values, std 0. */
function single(y: readonly (number | null)[]): SeriesStats {
  const n = y.length;
  const out: SeriesStats = {
    mean: new Array(n),
    std: new Array(n),
    count: new Array(n),
    nonFinite: new Array(n),
  };
  for (let i = 0; i < n; i++) {
    const v = y[i];
    const ok = v !== null && v !== undefined && Number.isFinite(v);
    out.mean[i] = ok ? v : null;
    out.std[i] = ok ? 0 : null;
    out.count[i] = ok ? 1 : 0;
    out.nonFinite[i] = ok ? 0 : 1;
  }
  return out;
}

/** x of each epoch point of a run in the chosen unit (time in seconds). */
export function epochX(c: LabCurves, mode: XMode, n: number): (number | null)[] {
  if (mode === 'epoch') return Array.from({ length: n }, (_, i) => i);
  if (mode === 'step') return c.epochStep.slice(0, n);
  if (mode === 'bytes' || mode === 'commTime') return epochTrafficX(c, mode, n);
  return c.epochMs.slice(0, n).map((t) => (t === null ? null : t / 1000));
}

/** x of each step point of a run in the chosen unit (epochs fractional, time in seconds). */
export function stepX(c: LabCurves, mode: XMode): (number | null)[] {
  const n = c.stepLr.length;
  // Curves cut to a step range carry the step of each point.
  if (mode === 'step') return c.stepAt ? c.stepAt.slice() : Array.from({ length: n }, (_, i) => i);
  if (mode === 'epoch') return stepEpochs(c);
  if (mode === 'bytes' || mode === 'commTime') return stepTrafficX(c, mode);
  return stepTimes(c).map((t) => (t === null ? null : t / 1000));
}

/** A configuration's training or validation loss per epoch, over its runs. */
export function epochLossSeries(
  runs: readonly LabCurves[],
  which: 'train' | 'val',
  o: SeriesOptions,
): DrawnSeries | null {
  const ys = runs.map((c) => (which === 'train' ? c.epochTrain : c.epochVal));
  return meanSeries(
    ys,
    runs.map((c, i) => epochX(c, o.xMode, ys[i]!.length)),
    o,
  );
}

/** One run's learning rate, gradient norm or (data-parallel runs) density of what the workers sent, per step. */
export function stepSeries(
  c: LabCurves,
  which: 'lr' | 'gradNorm' | 'density',
  o: SeriesOptions,
): DrawnSeries | null {
  const y = which === 'lr' ? c.stepLr : which === 'gradNorm' ? c.stepGradNorm : (c.stepDensity ?? []);
  return meanSeries([y], [stepX(c, o.xMode)], o);
}

/**
 * Whether curves read better on a log axis: every finite value positive and spanning at least
 * three decades (a Rosenbrock run going from 100 to 1e-20). Used only for a panel's first view;
 * after that the user's choice is kept.
 */
export function spansDecades(curves: readonly (readonly (number | null)[])[], decades = 3): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of curves) {
    for (const v of c) {
      if (v === null || !Number.isFinite(v)) continue;
      if (v <= 0) return false;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return hi >= lo * 10 ** decades;
}
