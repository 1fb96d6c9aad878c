// The one rule for "best": configurations ranked over their seeds (docs/records.md).
import type { RunSummary } from '../../protocol/record';
import type { Best, ConfigurationVerdict } from '../../protocol/verdict';
import { confidenceInterval95, meanAndStd, pairedTTestP } from './tStatistics';

/** The verdict of a set of runs: configurations in rank order (unranked last) and the best run. */
export interface Verdict {
  configurations: ConfigurationVerdict[];
  best: Best | null;
}

/** What a verdict needs of the objective: its metric (for the test score) and its direction. */
export interface VerdictObjective {
  metric: string;
  mode: 'min' | 'max';
}

/** Significance level of the tie test: p ≥ 0.05 means "cannot be told apart from the leader". */
export const TIE_ALPHA = 0.05;

/** A run that counts towards its configuration's mean: it finished with a finite objective. */
export function finished(r: RunSummary): boolean {
  return (r.status === 'done' || r.status === 'early-stopped') && r.objective !== null;
}

/** Runs of two configurations are paired when they share seed, fold and restart (same split, init, batches). */
function pairKey(r: RunSummary): string {
  return `${r.seed}|${r.fold ?? ''}|${r.restart ?? ''}`;
}

/** The objective's metric measured on the test rows, or null when the run was not scored there. */
export function testMetricOf(metric: string, r: RunSummary): number | null {
  if (metric === 'train_loss' || metric === 'val_loss') return r.test_loss ?? null;
  return r.test_metrics?.[metric.replace(/^val_/, '')] ?? null;
}

/** Equal up to rounding, so that the same numbers summed in another order still tie. */
function same(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
}

interface Standing {
  v: ConfigurationVerdict;
  /** Runs that did not finish (diverged, failed, pruned, cancelled, or still going). */
  unfinished: number;
  values: Map<string, number>;
}

/**
 * The median finished run of a configuration: its finished runs ordered best objective first (then
 * by seed, fold, restart), and the middle one; with an even count, the better of the two middle
 * ones. A median seed is what the configuration typically gives, not its luckiest draw.
 */
export function representativeRun(runs: readonly RunSummary[], mode: 'min' | 'max'): RunSummary | null {
  const done = runs.filter(finished).sort((a, b) => {
    const d = mode === 'min' ? a.objective! - b.objective! : b.objective! - a.objective!;
    return (
      d ||
      a.seed - b.seed ||
      (a.fold ?? 0) - (b.fold ?? 0) ||
      (a.restart ?? 0) - (b.restart ?? 0) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
    );
  });
  return done[Math.floor((done.length - 1) / 2)] ?? null;
}

/**
 * Ranks the configurations of a record. The rule, everywhere "best" is said:
 *
 * 1. A configuration's score is the mean objective over its finished runs (done or early-stopped).
 * 2. Runs that did not finish count against it: configurations are ordered first by how many of
 *    their runs did not finish (diverged, failed, pruned, cancelled, still going), so one with a
 *    diverged seed ranks below every configuration whose seeds all finished.
 * 3. Then by the mean in the objective's direction, then by the smaller standard deviation, then
 *    by the lower configuration index: deterministic, never by time. Configurations equal in all
 *    of the first three share a rank.
 * 4. `tied_with_leader`: a paired t-test over the seeds both ran (same split, initialisation and
 *    batch order) finds no difference at the 5% level; with fewer than two pairs only a shared
 *    rank is a tie. Only configurations with as many finished runs as the leader are compared.
 *
 * The best run is the representative (median) run of the rank-1 configuration.
 */
export function rankConfigurations(runs: readonly RunSummary[], objective: VerdictObjective): Verdict {
  const { mode } = objective;
  const groups = new Map<number, RunSummary[]>();
  for (const r of runs) {
    const g = groups.get(r.configIndex);
    if (g) g.push(r);
    else groups.set(r.configIndex, [r]);
  }
  const standings: Standing[] = [...groups.entries()].map(([index, rs]) => {
    const done = rs.filter(finished);
    const statuses: Record<string, number> = {};
    for (const r of rs) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const values = done.map((r) => r.objective!);
    const stats = values.length ? meanAndStd(values) : null;
    const rep = representativeRun(rs, mode);
    return {
      unfinished: rs.length - done.length,
      values: new Map(done.map((r) => [pairKey(r), r.objective!])),
      v: {
        index,
        label: rs[0]!.label,
        runs: rs.length,
        statuses,
        mean: stats?.mean ?? null,
        std: stats?.std ?? null,
        ci95: confidenceInterval95(values),
        rank: null,
        tied_with_leader: false,
        test_metric: rep ? testMetricOf(objective.metric, rep) : null,
        representative_run: rep?.id ?? null,
      },
    };
  });
  const sign = mode === 'min' ? 1 : -1;
  const ranked = standings
    .filter((s) => s.v.mean !== null)
    .sort(
      (a, b) =>
        a.unfinished - b.unfinished ||
        sign * (a.v.mean! - b.v.mean!) ||
        (a.v.std ?? Infinity) - (b.v.std ?? Infinity) ||
        a.v.index - b.v.index,
    );
  ranked.forEach((s, i) => {
    const prev = ranked[i - 1];
    const tie =
      prev !== undefined &&
      prev.unfinished === s.unfinished &&
      same(prev.v.mean, s.v.mean) &&
      same(prev.v.std, s.v.std);
    s.v.rank = tie ? prev.v.rank : i + 1;
  });
  const leader = ranked[0];
  if (leader) {
    for (const s of ranked.slice(1)) {
      if (s.unfinished !== leader.unfinished) continue;
      const d: number[] = [];
      for (const [key, v] of s.values) {
        const l = leader.values.get(key);
        if (l !== undefined) d.push(v - l);
      }
      const p = pairedTTestP(d);
      s.v.tied_with_leader = s.v.rank === 1 || (p !== null && p >= TIE_ALPHA);
    }
  }
  const unranked = standings.filter((s) => s.v.mean === null).sort((a, b) => a.v.index - b.v.index);
  return {
    configurations: [...ranked, ...unranked].map((s) => s.v),
    best: leader ? { configuration: leader.v.index, run: leader.v.representative_run! } : null,
  };
}

/**
 * Sets each run's `rank` to its configuration's rank (null for runs that did not finish), so
 * views listing runs order them by the same rule.
 */
export function applyRanks(runs: RunSummary[], verdict: Verdict): void {
  const rankOf = new Map(verdict.configurations.map((c) => [c.index, c.rank]));
  for (const r of runs) r.rank = finished(r) ? (rankOf.get(r.configIndex) ?? null) : null;
}
