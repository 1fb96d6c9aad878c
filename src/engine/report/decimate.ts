/** Points per series in the report; the record keeps every point. */
export const MAX_REPORT_POINTS = 2000;

/**
 * The indices of a long curve worth drawing: the first and the last, and in each of equal buckets
 * between them the smallest and the largest finite value, so spikes and the best value survive,
 * and the first non-finite one, so a gap (a diverged run) stays a gap. At most `maxPoints`
 * indices, ascending; a curve that fits keeps every index.
 */
export function decimateIndices(values: readonly (number | null)[], maxPoints = MAX_REPORT_POINTS): number[] {
  const n = values.length;
  if (maxPoints < 5) throw new RangeError(`decimateIndices needs at least 5 points, got ${maxPoints}`);
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  // Two points a bucket fill the budget; buckets with a gap keep a third, so a curve with gaps gets
  // fewer buckets. A bucket never keeps more than three, so (maxPoints - 2) / 3 always fits.
  let buckets = Math.floor((maxPoints - 2) / 2);
  for (;;) {
    const kept = bucketExtremes(values, buckets);
    if (kept.length <= maxPoints) return kept;
    buckets -= Math.max(1, Math.ceil((kept.length - maxPoints) / 2));
  }
}

function bucketExtremes(values: readonly (number | null)[], buckets: number): number[] {
  const n = values.length;
  const inner = n - 2;
  const keep = new Set<number>([0, n - 1]);
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor((b * inner) / buckets);
    const to = 1 + Math.floor(((b + 1) * inner) / buckets);
    let lo = -1;
    let hi = -1;
    let gap = -1;
    for (let i = from; i < to; i++) {
      const v = values[i];
      if (v === null || v === undefined || !Number.isFinite(v)) {
        if (gap < 0) gap = i;
        continue;
      }
      if (lo < 0 || v < values[lo]!) lo = i;
      if (hi < 0 || v > values[hi]!) hi = i;
    }
    if (gap >= 0) keep.add(gap);
    if (lo >= 0) {
      keep.add(lo);
      keep.add(hi);
    }
  }
  return [...keep].sort((a, b) => a - b);
}

/** The entries of `values` at `indices`. */
export function pick<T>(values: readonly T[], indices: readonly number[]): T[] {
  return indices.map((i) => values[i]!);
}
