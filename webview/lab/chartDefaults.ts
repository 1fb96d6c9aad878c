// The lab's first view of a record chosen from its data, as TensorBoard users set by hand: a log y
// axis when the losses span more than two decades, and smoothing only when the curves are noisy.
// After the first view the user's choices are kept.
import { spansDecades } from './series';

/** Log y when the losses' positive values span more than this many decades. */
export const LOG_Y_DECADES = 2;
/** A curve is noisy when it travels more than this many times its range (roughness below). */
export const NOISY_ROUGHNESS = 3;

/**
 * How much a curve goes up and down: the sum of its step-to-step changes over its range (max − min),
 * on the scale it is drawn on (log10 when `log`). A monotone curve scores 1; a curve whose noise is
 * as large as its trend scores about its number of points. Null with fewer than 3 finite values or
 * a flat curve.
 */
export function roughness(values: readonly (number | null)[], log: boolean): number | null {
  const v: number[] = [];
  for (const y of values) {
    if (y === null || !Number.isFinite(y) || (log && y <= 0)) continue;
    v.push(log ? Math.log10(y) : y);
  }
  if (v.length < 3) return null;
  let lo = Infinity;
  let hi = -Infinity;
  let travel = 0;
  for (let i = 0; i < v.length; i++) {
    lo = Math.min(lo, v[i]!);
    hi = Math.max(hi, v[i]!);
    if (i > 0) travel += Math.abs(v[i]! - v[i - 1]!);
  }
  return hi > lo ? travel / (hi - lo) : null;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * The first view's log-y and smoothing. Log y when the loss curves' values are all positive and
 * span more than LOG_Y_DECADES decades. Smoothing at the `optimizerLab.smoothing` weight when the
 * curves the slider smooths are noisy: the median roughness of the loss curves, or that of the
 * per-step gradient norms (mini-batch norms are noisy while the epoch losses look calm), measured
 * on the y scale chosen, exceeds NOISY_ROUGHNESS; otherwise 0, since a smooth curve is best read
 * as it is (a smoothed one lags).
 */
export function initialView(
  losses: readonly (readonly (number | null)[])[],
  gradNorms: readonly (readonly (number | null)[])[],
  smoothingSetting: number,
): { logY: boolean; smoothing: number } {
  const logY = spansDecades(losses, LOG_Y_DECADES);
  const medianRoughness = (curves: readonly (readonly (number | null)[])[]) =>
    median(curves.map((c) => roughness(c, logY)).filter((r): r is number => r !== null)) ?? 0;
  const noisy = Math.max(medianRoughness(losses), medianRoughness(gradNorms)) > NOISY_ROUGHNESS;
  return { logY, smoothing: noisy ? smoothingSetting : 0 };
}
