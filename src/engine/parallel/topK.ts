/** Choosing the k components of largest magnitude, deterministically, without sorting. */

/** Rearranges `a` so that `a[k]` is the k-th smallest value (0-based) — Hoare's quickselect. */
function selectInPlace(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    // Median of three keeps already ordered magnitudes (common after a ReLU zeroes many) linear.
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/** |v|, with NaN counted as the largest magnitude, so a diverging gradient still selects in finite time. */
const magnitude = (v: number): number => (v === v ? Math.abs(v) : Infinity);

/**
 * Writes into `out` the indices of the `k` entries of `x` with the largest |x|, ascending, and
 * returns how many were written (min(k, x.length)). Ties at the k-th magnitude go to the lower
 * indices, so the choice is deterministic; `scratch` holds at least x.length values.
 */
export function topKIndices(x: ArrayLike<number>, k: number, out: Int32Array, scratch: Float64Array): number {
  const n = x.length;
  if (k >= n) {
    for (let i = 0; i < n; i++) out[i] = i;
    return n;
  }
  if (k <= 0) return 0;
  const a = scratch.subarray(0, n);
  for (let i = 0; i < n; i++) a[i] = magnitude(x[i]!);
  // The k-th largest is the (n − k)-th smallest.
  const kth = selectInPlace(a, n - k);
  let above = 0;
  for (let i = 0; i < n; i++) if (magnitude(x[i]!) > kth) above++;
  let ties = k - above;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const m = magnitude(x[i]!);
    if (m > kth || (m === kth && ties-- > 0)) out[c++] = i;
  }
  return c;
}
