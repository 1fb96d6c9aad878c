// SeriesStats: Mean ± population std of one curve over the runs of a configuration, index by index.
import type { CurvesFile, RunSummary } from '../../protocol/record';

/**
 * Mean ± population std of one curve over the runs of a configuration, index by index. A run
 * takes part at an index when its curve reaches it; its value there counts in `count` when finite
 * and in `nonFinite` otherwise (a diverged run's last loss), and only finite values enter the
 * statistics. `mean` and `std` are null where no run had a finite value.
 */
export interface SeriesStats {
  mean: (number | null)[];
  std: (number | null)[];
  count: number[];
  nonFinite: number[];
}

/** One optimizer configuration's curves over its seeds (and folds and restarts). */
export interface ConfigAggregate {
  configIndex: number;
  label: string;
  runs: number;
  /** Distinct seeds among the runs. */
  seeds: number;
  /** Runs per status, e.g. `{ done: 2, diverged: 1 }`. */
  statuses: Record<string, number>;
  /** Full training loss per epoch; index 0 is before training. */
  trainLoss: SeriesStats;
  /** Validation loss per epoch; null when no run of the configuration has a validation split. */
  valLoss: SeriesStats | null;
  /** Each validation metric per epoch (`accuracy`, or `rmse` and `r2`). */
  valMetrics: Record<string, SeriesStats>;
  /** Loss of the batch before each update. */
  stepLoss: SeriesStats;
  /** Learning rate of each update. */
  stepLr: SeriesStats;
}

/**
 * Index-wise mean ± population std of curves of possibly different lengths; `null`, `undefined`
 * and non-finite entries are excluded from the statistics and counted in `nonFinite`.
 */
export function aggregateSeries(series: readonly (readonly (number | null | undefined)[])[]): SeriesStats {
  const length = series.reduce((m, s) => Math.max(m, s.length), 0);
  const out: SeriesStats = { mean: [], std: [], count: [], nonFinite: [] };
  for (let i = 0; i < length; i++) {
    let n = 0;
    let bad = 0;
    let sum = 0;
    for (const s of series) {
      if (i >= s.length) continue;
      const v = s[i];
      if (typeof v === 'number' && Number.isFinite(v)) {
        n++;
        sum += v;
      } else bad++;
    }
    const mean = n > 0 ? sum / n : null;
    let std: number | null = null;
    if (mean !== null) {
      // Two passes: the textbook one-pass formula loses every digit when the spread is tiny.
      let ss = 0;
      for (const s of series) {
        const v = i < s.length ? s[i] : null;
        if (typeof v === 'number' && Number.isFinite(v)) ss += (v - mean) * (v - mean);
      }
      std = Math.sqrt(ss / n);
    }
    out.mean.push(mean);
    out.std.push(std);
    out.count.push(n);
    out.nonFinite.push(bad);
  }
  return out;
}

/** The configuration's validation losses per run, or null when none of its runs was validated. */
function validationSeries(curves: CurvesFile[]): (number | null)[][] | null {
  const validated = curves.some((c) => c.epochValidation.some((v) => v !== null));
  // A null evaluation in a validated configuration is a non-finite loss (divergence); in one that
  // never validated it only means there is no validation split.
  return validated ? curves.map((c) => c.epochValidation.map((v) => v?.loss ?? null)) : null;
}

/**
 * Groups the runs of a record by configuration, in configuration order, and aggregates their
 * curves over seeds. Runs without a curves file (queued, failed before starting) count in
 * `runs` and `statuses` but add no curve.
 */
export function aggregateConfigurations(
  runs: readonly RunSummary[],
  curves: ReadonlyMap<string, CurvesFile>,
): ConfigAggregate[] {
  const byConfig = new Map<number, RunSummary[]>();
  for (const r of runs) {
    const group = byConfig.get(r.configIndex);
    if (group) group.push(r);
    else byConfig.set(r.configIndex, [r]);
  }
  return [...byConfig.entries()]
    .sort(([a], [b]) => a - b)
    .map(([configIndex, rs]) => {
      const statuses: Record<string, number> = {};
      for (const r of rs) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      const cs = rs.map((r) => curves.get(r.id)).filter((c): c is CurvesFile => c !== undefined);
      const metricNames = new Set<string>();
      for (const c of cs)
        for (const v of c.epochValidation) for (const k of Object.keys(v?.metrics ?? {})) metricNames.add(k);
      const valMetrics: Record<string, SeriesStats> = {};
      for (const k of [...metricNames].sort()) {
        valMetrics[k] = aggregateSeries(cs.map((c) => c.epochValidation.map((v) => v?.metrics[k] ?? null)));
      }
      const val = validationSeries(cs);
      return {
        configIndex,
        label: rs[0]!.label,
        runs: rs.length,
        seeds: new Set(rs.map((r) => r.seed)).size,
        statuses,
        trainLoss: aggregateSeries(cs.map((c) => c.epochTrainLoss)),
        valLoss: val ? aggregateSeries(val) : null,
        valMetrics,
        stepLoss: aggregateSeries(cs.map((c) => c.stepLoss)),
        stepLr: aggregateSeries(cs.map((c) => c.stepLr)),
      };
    });
}
