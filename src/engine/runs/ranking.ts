import type { ResolvedObjective } from '../../protocol/experiment';
import type { RunResult } from '../../protocol/runs';
import type { RunSummary } from '../../protocol/record';

/** The monitored value of one evaluation point: the loss, or a metric such as `val_accuracy`. */
function valueAt(metric: string, r: RunResult, epoch: number | 'final'): number | null {
  if (metric === 'train_loss') {
    return epoch === 'final' ? r.finalTrainLoss : (r.curves.epochTrainLoss[epoch] ?? null);
  }
  const v = epoch === 'final' ? r.finalValidation : (r.curves.epochValidation[epoch] ?? null);
  if (!v) return null;
  if (metric === 'val_loss') return v.loss;
  return v.metrics[metric.replace(/^val_/, '')] ?? null;
}

/**
 * The objective of a finished run: the metric at the end (after early stopping restored the best
 * parameters, if it did) or its best value over the evaluated epochs. Null when the run did not
 * produce a finite value.
 */
export function objectiveOf(objective: ResolvedObjective, r: RunResult): number | null {
  if (objective.use === 'final') {
    const v = valueAt(objective.metric, r, 'final');
    return v !== null && Number.isFinite(v) ? v : null;
  }
  let best: number | null = null;
  const n = r.curves.epochTrainLoss.length;
  for (let e = 0; e < n; e++) {
    const v = valueAt(objective.metric, r, e);
    if (v === null || !Number.isFinite(v)) continue;
    if (best === null || (objective.mode === 'min' ? v < best : v > best)) best = v;
  }
  return best;
}

/** Runs whose objective can be compared: those that finished, normally or by early stopping. */
function rankable(s: RunSummary): boolean {
  return (s.status === 'done' || s.status === 'early-stopped') && s.objective !== null;
}

/**
 * Ranks runs in place by their objective in its direction; ties go to the faster run. Runs that
 * diverged, failed, were cancelled or are still going get no rank.
 */
export function rankRuns(runs: RunSummary[], mode: 'min' | 'max'): void {
  const sorted = runs.filter(rankable).sort((a, b) => {
    const d = mode === 'min' ? a.objective! - b.objective! : b.objective! - a.objective!;
    return d !== 0 ? d : a.elapsed_ms - b.elapsed_ms;
  });
  for (const r of runs) r.rank = null;
  sorted.forEach((r, i) => (r.rank = i + 1));
}

/** One optimizer configuration's standing over its seeds. */
export interface ConfigStanding {
  configIndex: number;
  label: string;
  runs: number;
  /** Runs per status, e.g. `{ done: 2, diverged: 1 }`. */
  statuses: Record<string, number>;
  /** Mean and population std of the objective over the runs that have one. */
  mean: number | null;
  std: number | null;
  meanElapsedMs: number;
  /** 1 = best; configurations without a finished run come last, unranked. */
  rank: number | null;
}

/**
 * Ranks configurations by the mean objective of their finished runs (ties to the faster mean
 * time); a configuration with any run that diverged is ranked after every one without.
 */
export function rankConfigurations(runs: RunSummary[], mode: 'min' | 'max'): ConfigStanding[] {
  const byConfig = new Map<number, RunSummary[]>();
  for (const r of runs) byConfig.set(r.configIndex, [...(byConfig.get(r.configIndex) ?? []), r]);
  const standings: ConfigStanding[] = [...byConfig.entries()].map(([configIndex, rs]) => {
    const values = rs.filter(rankable).map((r) => r.objective!);
    const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
    const std =
      mean === null
        ? null
        : Math.sqrt(values.reduce((a, v) => a + (v - mean) * (v - mean), 0) / values.length);
    const statuses: Record<string, number> = {};
    for (const r of rs) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    return {
      configIndex,
      label: rs[0]!.label,
      runs: rs.length,
      statuses,
      mean,
      std,
      meanElapsedMs: rs.reduce((a, r) => a + r.elapsed_ms, 0) / rs.length,
      rank: null,
    };
  });
  const ranked = standings
    .filter((s) => s.mean !== null)
    .sort((a, b) => {
      const da = (a.statuses['diverged'] ?? 0) > 0 ? 1 : 0;
      const db = (b.statuses['diverged'] ?? 0) > 0 ? 1 : 0;
      if (da !== db) return da - db;
      const d = mode === 'min' ? a.mean! - b.mean! : b.mean! - a.mean!;
      return d !== 0 ? d : a.meanElapsedMs - b.meanElapsedMs;
    });
  ranked.forEach((s, i) => (s.rank = i + 1));
  const unranked = standings.filter((s) => s.mean === null).sort((a, b) => a.configIndex - b.configIndex);
  return [...ranked, ...unranked];
}
