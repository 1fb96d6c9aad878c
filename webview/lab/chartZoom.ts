// Pure helpers of the lab's chart zoom: the y range that fits the visible x range, and log-axis tick labels.

/**
 * The smallest and largest y among points whose x lies in [xMin, xMax], with a 5% margin, so a zoom
 * on x shows the plateau it selected instead of the whole run's range. On a log axis only positive
 * values count and the margin is taken in logs. Null when no point is visible.
 */
export function visibleYRange(
  datasets: readonly { data: readonly { x: number; y: number | null }[] }[],
  xMin: number,
  xMax: number,
  log: boolean,
): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const d of datasets) {
    for (const p of d.data) {
      if (p.x < xMin || p.x > xMax || p.y === null || !Number.isFinite(p.y)) continue;
      if (log && p.y <= 0) continue;
      if (p.y < lo) lo = p.y;
      if (p.y > hi) hi = p.y;
    }
  }
  if (lo === Infinity) return null;
  if (log) {
    const [a, b] = [Math.log10(lo), Math.log10(hi)];
    const m = b > a ? (b - a) * 0.05 : 0.1;
    return [10 ** (a - m), 10 ** (b + m)];
  }
  const m = hi > lo ? (hi - lo) * 0.05 : Math.abs(hi) * 0.05 || 1;
  return [lo - m, hi + m];
}

/**
 * The label of a log-axis tick, or '' to leave it unlabelled: chart.js puts a tick at every
 * 1–9 × 10^k, whose labels run together ("5006007008009001000"). Over many decades only powers of
 * ten are labelled; over a few, 1, 2 and 5 of each decade; within about one decade every tick.
 */
export function logTickLabel(value: number, min: number, max: number, format: (v: number) => string): string {
  if (!(value > 0)) return '';
  const decades = Math.log10(max / min);
  const mantissa = Math.round(value / 10 ** Math.floor(Math.log10(value) + 1e-9));
  const keep = decades > 3 ? [1] : decades > 1.2 ? [1, 2, 5] : [1, 2, 3, 4, 5, 6, 7, 8, 9];
  return keep.includes(mantissa) ? format(value) : '';
}
