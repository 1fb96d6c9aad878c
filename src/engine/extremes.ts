// Smallest and largest of long arrays by a loop: spreading a curve into Math.min overflows the stack.

/** The smallest of `values`, or null when there are none. Safe for arrays of any length. */
export function minOf(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  let m = values[0]!;
  for (let i = 1; i < values.length; i++) if (values[i]! < m) m = values[i]!;
  return m;
}

/** The largest of `values`, or null when there are none. Safe for arrays of any length. */
export function maxOf(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  let m = values[0]!;
  for (let i = 1; i < values.length; i++) if (values[i]! > m) m = values[i]!;
  return m;
}

/** Appends every element of `source` to `target` without spreading it into arguments. */
export function appendAll<T>(target: T[], source: Iterable<T>): void {
  for (const x of source) target.push(x);
}
