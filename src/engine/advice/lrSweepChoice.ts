/**
 * The analysis of a learning-rate sweep: K log-spaced rates, each trained for a short horizon,
 * and the rule that picks one of them and the edge of stability.
 */
import { maxOf, minOf } from '../extremes';

/** One rate of the sweep and how its short run ended. */
export interface SweepPoint {
  lr: number;
  /** The training loss at the end of the short run (null when it diverged or did not finish). */
  objective: number | null;
  status: 'done' | 'diverged' | 'failed' | 'cancelled';
}

/**
 * How the sweep picks its rate:
 * - `best`: the lowest objective;
 * - `smoothed`: the lowest objective after averaging each rate with its two neighbours on a
 *   normalised scale (a diverged neighbour counts as worse than the worst finished rate), so a rate
 *   next to a cliff loses to one in a flat valley;
 * - `largest-within`: the largest rate whose objective is within `tolerance` (relative to the
 *   spread between the best and the worst finished rate) of the best.
 */
export type SweepRule = 'best' | 'smoothed' | 'largest-within';

export interface SweepChoice {
  /** The picked rate, or null when no rate finished. */
  lr: number | null;
  index: number | null;
  /** The smallest rate that diverged (every larger rate is assumed unsafe), or null. */
  edgeOfStability: number | null;
}

/**
 * `k` rates log-spaced from `low` to `high`, both ends exact (1e-5 … 10 in 13 points is every
 * half decade). Throws when the range or the count makes no sense.
 */
export function logSpacedRates(low: number, high: number, k: number): number[] {
  if (!(low > 0 && high > low))
    throw new RangeError(`the sweep needs 0 < low < high, got ${low} and ${high}`);
  if (!Number.isInteger(k) || k < 3) throw new RangeError(`the sweep needs at least 3 rates, got ${k}`);
  const a = Math.log10(low);
  const b = Math.log10(high);
  return Array.from({ length: k }, (_, i) =>
    i === 0 ? low : i === k - 1 ? high : Number((10 ** (a + ((b - a) * i) / (k - 1))).toPrecision(6)),
  );
}

const finished = (p: SweepPoint): p is SweepPoint & { objective: number } =>
  p.status === 'done' && p.objective !== null && Number.isFinite(p.objective);

/**
 * Picks a rate from sweep points (in increasing lr order) by `rule`, and reports the edge of
 * stability. Failed or cancelled rates are neither picked nor counted as diverged.
 */
export function chooseSweepRate(
  points: readonly SweepPoint[],
  rule: SweepRule = 'best',
  tolerance = 0.01,
): SweepChoice {
  const diverged = points.filter((p) => p.status === 'diverged').map((p) => p.lr);
  const edgeOfStability = minOf(diverged);
  const ok = points.map((p, i) => ({ p, i })).filter(({ p }) => finished(p));
  if (ok.length === 0) return { lr: null, index: null, edgeOfStability };
  const objs = ok.map(({ p }) => p.objective!);
  const best = minOf(objs)!;
  const worst = maxOf(objs)!;
  const spread = worst - best;

  let index: number;
  if (rule === 'best' || spread === 0) {
    index = ok.find(({ p }) => p.objective === best)!.i;
  } else if (rule === 'largest-within') {
    index = maxOf(ok.filter(({ p }) => p.objective! - best <= tolerance * spread).map(({ i }) => i))!;
  } else {
    // 0 for the best finished rate, 1 for the worst, 2 for one that diverged: a neighbour that
    // blew up pulls a rate's score down harder than any slow one.
    const score = (p: SweepPoint): number | null =>
      finished(p) ? (p.objective - best) / spread : p.status === 'diverged' ? 2 : null;
    let bestScore = Infinity;
    index = ok[0]!.i;
    for (const { i } of ok) {
      const neighbours = [points[i - 1], points[i], points[i + 1]]
        .filter((q): q is SweepPoint => q !== undefined)
        .map(score)
        .filter((s): s is number => s !== null);
      const s = neighbours.reduce((a, b) => a + b, 0) / neighbours.length;
      if (s < bestScore) [bestScore, index] = [s, i];
    }
  }
  return { lr: points[index]!.lr, index, edgeOfStability };
}
