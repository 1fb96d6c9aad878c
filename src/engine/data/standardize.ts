/** Per-column mean and population standard deviation (ddof = 0), in float64. */
export interface ColumnStats {
  mean: Float64Array;
  std: Float64Array;
}

/**
 * Mean and population std of each column of a row-major `rows × nCols` matrix, over the given
 * rows only (the training split), skipping NaN (missing) values. Two passes (mean first, then the
 * squared deviations) for accuracy, in float64 whatever the output precision. A column with no
 * value on those rows gets mean 0 and std 0.
 */
export function columnStats(X: Float64Array, nCols: number, rows: ArrayLike<number>): ColumnStats {
  const mean = new Float64Array(nCols);
  const std = new Float64Array(nCols);
  const count = new Float64Array(nCols);
  for (let i = 0; i < rows.length; i++) {
    const base = rows[i]! * nCols;
    for (let j = 0; j < nCols; j++) {
      const v = X[base + j]!;
      if (v === v) {
        mean[j]! += v;
        count[j]!++;
      }
    }
  }
  for (let j = 0; j < nCols; j++) mean[j] = count[j]! > 0 ? mean[j]! / count[j]! : 0;
  for (let i = 0; i < rows.length; i++) {
    const base = rows[i]! * nCols;
    for (let j = 0; j < nCols; j++) {
      const v = X[base + j]!;
      if (v === v) {
        const d = v - mean[j]!;
        std[j]! += d * d;
      }
    }
  }
  for (let j = 0; j < nCols; j++) std[j] = count[j]! > 0 ? Math.sqrt(std[j]! / count[j]!) : 0;
  return { mean, std };
}

/**
 * The divisor used for each column: its std, or 1 where the std is 0 (a constant column is then
 * only centred, as scikit-learn's StandardScaler does). Returns the indices of such columns.
 */
export function safeScale(std: Float64Array): { scale: Float64Array; zero: number[] } {
  const zero: number[] = [];
  const scale = std.map((s, j) => {
    if (s === 0) zero.push(j);
    return s === 0 ? 1 : s;
  });
  return { scale, zero };
}

/** `X[i, j] = (X[i, j] - mean[j]) / scale[j]` for every row, in place. */
export function applyStandardization(
  X: Float64Array,
  nCols: number,
  mean: Float64Array,
  scale: Float64Array,
): void {
  for (let base = 0; base < X.length; base += nCols) {
    for (let j = 0; j < nCols; j++) X[base + j] = (X[base + j]! - mean[j]!) / scale[j]!;
  }
}
