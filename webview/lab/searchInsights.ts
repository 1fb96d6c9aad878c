// What a search says beyond its trials: optimization history, parameter importance, brushing, hover.
import type { ChoiceValue, SearchState, TrialState } from '../../src/protocol/search';
import { formatSignificant } from '../shared/format';
import { axisPosition, finishedTrials, type SearchAxis } from './searchModel';

/** A number in three significant digits, in exponent form when tiny or huge: never a raw float. */
export function formatValue(v: ChoiceValue | undefined): string {
  if (v === undefined) return 'n/a';
  if (typeof v !== 'number') return String(v);
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e5) return String(v);
  return formatSignificant(v, 3, 2);
}

/** `Adam, lr 0.0123` for a trial: its parameters in file order, numbers formatted. */
export function trialDescription(axes: readonly SearchAxis[], t: TrialState): string {
  return axes
    .filter((a) => t.params[a.name] !== undefined)
    .map((a) =>
      a.name === 'optimizer' ? String(t.params[a.name]) : `${a.name} ${formatValue(t.params[a.name])}`,
    )
    .join(', ');
}

/** One point of the optimization history: a trial's objective and the best value up to it. */
export interface HistoryPoint {
  trial: number;
  value: number;
  bestSoFar: number;
}

/**
 * The optimization history, as Optuna Dashboard draws it: each finished trial's objective in trial
 * order, with the best value found so far (the running minimum, or maximum for a maximized objective).
 */
export function optimizationHistory(state: SearchState): HistoryPoint[] {
  const out: HistoryPoint[] = [];
  let best: number | null = null;
  const better = (a: number, b: number) => (state.objective.mode === 'min' ? a < b : a > b);
  for (const t of [...finishedTrials(state)].sort((a, b) => a.index - b.index)) {
    const v = t.value!;
    if (best === null || better(v, best)) best = v;
    out.push({ trial: t.index, value: v, bestSoFar: best });
  }
  return out;
}

/** The value a trial shows in the scatter: its objective, or for a pruned trial its last reported value. */
export function scatterValue(t: TrialState): { y: number; pruned: boolean; epoch: number | null } | null {
  if (t.status === 'done' && t.value !== null) return { y: t.value, pruned: false, epoch: null };
  if (t.status !== 'pruned') return null;
  const last = [...t.intermediate].reverse().find(([, v]) => v !== null && Number.isFinite(v));
  return last ? { y: last[1]!, pruned: true, epoch: t.pruned_at_epoch ?? last[0] } : null;
}

/** A parameter's importance: the bias-corrected share of the objective's variance its levels explain. */
export interface Importance {
  name: string;
  /** Epsilon-squared of a one-way ANOVA of the objective over the parameter's levels, at least 0. */
  epsilonSquared: number;
  /** Share of the sum over parameters (the bars sum to 1, as Optuna's importances do); 0 when all are 0. */
  share: number;
  levels: number;
}

/**
 * The level of a trial on a parameter: its category, "n/a" when the trial lacks the parameter, or
 * for a numeric parameter its quantile bin among the trials (on the axis's scale, so log-spaced
 * parameters bin by decade share).
 */
function levelsOf(axis: SearchAxis, trials: readonly TrialState[], bins: number): string[] {
  const positions = trials.map((t) =>
    t.params[axis.name] === undefined ? null : axisPosition(axis, t.params[axis.name]),
  );
  if (axis.kind === 'category')
    return trials.map((t) =>
      t.params[axis.name] === undefined ? 'n/a' : JSON.stringify(t.params[axis.name]),
    );
  const sorted = positions.filter((p): p is number => p !== null).sort((a, b) => a - b);
  const edges = Array.from(
    { length: bins - 1 },
    (_, i) => sorted[Math.floor(((i + 1) * sorted.length) / bins)] ?? Infinity,
  );
  return positions.map((p) => (p === null ? 'n/a' : `bin ${edges.filter((e) => p >= e).length}`));
}

/**
 * Parameter importance by a one-way ANOVA on binned parameters: for each parameter, the finished
 * trials are grouped by its level (categories as they are, numbers in about √n quantile bins, at
 * most 8, a missing conditional parameter as its own level) and the objective's variance between
 * groups is compared with the total. Epsilon-squared, (SS_between − (k−1)·MS_within) / SS_total,
 * corrects the share for the levels a parameter has, so a parameter with more bins does not gain
 * importance by chance. It is a marginal measure (each parameter alone, no interactions), like the
 * PED-ANOVA Optuna offers, and needs no random forest; objectives on a log axis are compared in logs.
 */
export function parameterImportance(axes: readonly SearchAxis[], state: SearchState): Importance[] {
  const trials = finishedTrials(state);
  const objectiveAxis = axes[axes.length - 1];
  const useLog = objectiveAxis?.kind === 'log';
  const y = trials.map((t) => (useLog ? Math.log(t.value!) : t.value!));
  const n = y.length;
  const mean = y.reduce((a, b) => a + b, 0) / Math.max(1, n);
  const ssTotal = y.reduce((a, v) => a + (v - mean) ** 2, 0);
  const bins = Math.min(8, Math.max(2, Math.round(Math.sqrt(n))));
  const raw = axes.slice(0, -1).map((axis) => {
    const levels = levelsOf(axis, trials, bins);
    const groups = new Map<string, number[]>();
    levels.forEach((l, i) => groups.set(l, [...(groups.get(l) ?? []), y[i]!]));
    const k = groups.size;
    let ssBetween = 0;
    for (const g of groups.values()) {
      const m = g.reduce((a, b) => a + b, 0) / g.length;
      ssBetween += g.length * (m - mean) ** 2;
    }
    const msWithin = n > k ? (ssTotal - ssBetween) / (n - k) : 0;
    const eps = ssTotal > 0 && k > 1 && n > k ? Math.max(0, (ssBetween - (k - 1) * msWithin) / ssTotal) : 0;
    return { name: axis.name, epsilonSquared: eps, share: 0, levels: k };
  });
  const sum = raw.reduce((a, r) => a + r.epsilonSquared, 0);
  for (const r of raw) r.share = sum > 0 ? r.epsilonSquared / sum : 0;
  return raw.sort((a, b) => b.share - a.share);
}

/** Brushes on axes: axis index → [low, high] in axis position (0 bottom … 1 top). */
export type Brushes = ReadonlyMap<number, readonly [number, number]>;

/** Whether a trial passes every brush (a trial without a place on a brushed axis does not). */
export function passesBrushes(positions: readonly (number | null)[], brushes: Brushes): boolean {
  for (const [axis, [lo, hi]] of brushes) {
    const p = positions[axis];
    if (p === null || p === undefined || p < Math.min(lo, hi) || p > Math.max(lo, hi)) return false;
  }
  return true;
}

/** Distance from (px, py) to the segment a–b. */
function segmentDistance(
  px: number,
  py: number,
  a: readonly [number, number],
  b: readonly [number, number],
): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - a[0]) * dx + (py - a[1]) * dy) / len));
  return Math.hypot(px - (a[0] + t * dx), py - (a[1] + t * dy));
}

/** The polyline nearest to a point (hover), if within `maxDistance` pixels; polylines may have gaps (null). */
export function nearestLine(
  lines: readonly { id: number; points: readonly ([number, number] | null)[] }[],
  px: number,
  py: number,
  maxDistance: number,
): number | null {
  let best: number | null = null;
  let bestD = maxDistance;
  for (const line of lines) {
    for (let i = 1; i < line.points.length; i++) {
      const a = line.points[i - 1];
      const b = line.points[i];
      if (!a || !b) continue;
      const d = segmentDistance(px, py, a, b);
      if (d <= bestD) {
        bestD = d;
        best = line.id;
      }
    }
  }
  return best;
}
