// Student t statistics for the verdict: a confidence interval of a mean and a paired t-test.
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** Mean and sample standard deviation (n − 1); the std is null with fewer than two values. */
export function meanAndStd(values: readonly number[]): { mean: number; std: number | null } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, std: null };
  // Two passes: the one-pass formula loses every digit when the spread is tiny.
  const ss = values.reduce((a, v) => a + (v - mean) * (v - mean), 0);
  return { mean, std: Math.sqrt(ss / (n - 1)) };
}

/**
 * The 95% confidence interval of the mean of `values`, mean ± t(0.975, n − 1) · s / √n, treating
 * the seeds as a sample of the seeds one could have drawn. Null with fewer than two values: one
 * seed says nothing about the spread.
 */
export function confidenceInterval95(values: readonly number[]): [number, number] | null {
  const { mean, std } = meanAndStd(values);
  if (std === null) return null;
  const half = tQuantile(0.975, values.length - 1) * (std / Math.sqrt(values.length));
  return [mean - half, mean + half];
}

/**
 * Two-sided p-value of a paired t-test on the differences `d` (one per shared seed): the chance
 * of a mean difference at least this large if the two configurations were equally good. Pairing
 * removes what the two runs of a seed share (split, initialisation, batch order). Null when it
 * cannot be computed (fewer than two pairs); 1 when every difference is 0, 0 when they are all
 * equal and not 0 (no noise, a certain difference).
 */
export function pairedTTestP(d: readonly number[]): number | null {
  if (d.length < 2) return null;
  const { mean, std } = meanAndStd(d);
  if (std === 0 || std === null) return mean === 0 ? 1 : 0;
  const t = mean / (std / Math.sqrt(d.length));
  return 2 * (1 - tCdf(Math.abs(t), d.length - 1));
}
