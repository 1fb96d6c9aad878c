/**
 * Contour levels spaced logarithmically above the grid's minimum, so the narrow floor of a valley
 * (Rosenbrock's banana, an ill-conditioned bowl) gets as many lines as the steep walls: level k
 * is `min + δ·(range/δ)^(k/(n−1))` with δ a small fraction of the range. Non-finite samples are
 * ignored; a flat grid has no levels.
 */
export function logLevels(values: ArrayLike<number | null>, count: number, floorFraction = 1e-4): number[] {
  if (!(Number.isInteger(count) && count >= 2))
    throw new RangeError(`contour level count must be ≥ 2, got ${count}`);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min;
  if (!(range > 0) || !Number.isFinite(range)) return [];
  const delta = range * floorFraction;
  const ratio = range / delta;
  const levels: number[] = [];
  for (let k = 0; k < count; k++) levels.push(min + delta * Math.pow(ratio, k / (count - 1)));
  return levels;
}

/**
 * Contour levels for a surface that is unbounded below (a saddle, a monkey saddle), whose grid
 * spans both signs: log-spaced in |f| on each side of 0 (a "symlog" scale), from a small floor
 * to each side's extreme, plus 0 itself, so the neighbourhood of the stationary point at f = 0
 * gets lines instead of all of them crowding the grid's deepest corner. Falls back to logLevels
 * when the grid does not change sign.
 */
export function symlogLevels(
  values: ArrayLike<number | null>,
  count: number,
  floorFraction = 1e-3,
): number[] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(min < 0 && max > 0)) return logLevels(values, count);
  const floor = Math.max(-min, max) * floorFraction;
  const side = (extreme: number, n: number) =>
    n < 1
      ? []
      : Array.from({ length: n }, (_, k) => floor * Math.pow(extreme / floor, n === 1 ? 1 : k / (n - 1)));
  // Each side gets levels in proportion to the decades it spans.
  const decades = (e: number) => Math.max(0, Math.log10(e / floor));
  const total = decades(-min) + decades(max) || 1;
  const below = Math.round(((count - 1) * decades(-min)) / total);
  const negative = side(-min, below)
    .map((v) => -v)
    .reverse();
  const positive = side(max, count - 1 - below);
  return [...negative.filter((v) => v < 0 && v > min), 0, ...positive.filter((v) => v > 0 && v <= max)];
}

/**
 * The grid with non-finite samples replaced by a value above every level, so d3-contour (which
 * needs numbers) closes the contours around them instead of drawing through them.
 */
export function contourInput(values: ArrayLike<number | null>, levels: readonly number[]): number[] {
  const top = levels.length ? levels[levels.length - 1]! * 2 + 1 : 0;
  return Array.from({ length: values.length }, (_, i) => {
    const v = values[i];
    return v === null || v === undefined || !Number.isFinite(v) ? top : v;
  });
}
