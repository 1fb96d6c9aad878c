/** The largest differences between the engine's values and a reference trajectory. */
export interface TrajectoryError {
  /** Values compared (a prefix when the case is only reliable early). */
  compared: number;
  maxAbsErr: number;
  /** max |a − b| / |b| (|a − b| where b is 0). */
  maxRelErr: number;
  /** Index of the largest relative error. */
  worstIndex: number;
}

/** Compares `actual` with `expected` element-wise over the first `count` entries. */
export function compareSeries(
  actual: ArrayLike<number | null>,
  expected: ArrayLike<number | null>,
  count = Math.min(actual.length, expected.length),
): TrajectoryError {
  let maxAbsErr = 0;
  let maxRelErr = 0;
  let worstIndex = -1;
  for (let i = 0; i < count; i++) {
    const a = actual[i] ?? NaN;
    const b = expected[i] ?? NaN;
    // Both non-finite (a run that diverged in torch too) agree; one alone is an infinite error.
    if (!Number.isFinite(a) || !Number.isFinite(b)) {
      if (Number.isNaN(a) && Number.isNaN(b)) continue;
      if (a === b) continue;
      maxAbsErr = Infinity;
      maxRelErr = Infinity;
      worstIndex = i;
      continue;
    }
    const abs = Math.abs(a - b);
    const rel = b === 0 ? abs : abs / Math.abs(b);
    if (abs > maxAbsErr) maxAbsErr = abs;
    if (rel > maxRelErr || worstIndex < 0) {
      if (rel >= maxRelErr) worstIndex = i;
      maxRelErr = Math.max(maxRelErr, rel);
    }
  }
  return { compared: count, maxAbsErr, maxRelErr, worstIndex };
}

/** Flattens nested arrays of numbers (a torch tensor's `tolist()`) in row-major order. */
export function flatten(v: unknown, out: number[] = []): number[] {
  if (Array.isArray(v)) for (const x of v) flatten(x, out);
  else out.push(typeof v === 'number' ? v : NaN);
  return out;
}
