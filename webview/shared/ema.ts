/**
 * Exponential moving average as TensorBoard's scalar dashboard computes it: debiased, so the
 * first points are not pulled towards zero (the average is divided by 1 − w^n after n finite
 * points), non-finite points are passed through unsmoothed without entering the average, and a
 * constant series is returned as it is. `weight` is the slider's value in [0, 1).
 */
export function emaSmooth(values: readonly (number | null)[], weight: number): (number | null)[] {
  if (!(weight >= 0 && weight < 1)) throw new RangeError(`smoothing weight must be in [0, 1), got ${weight}`);
  const first = values[0];
  const constant = values.every((v) => v === first);
  if (weight === 0 || constant) return values.slice();
  let last = 0;
  let n = 0;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return v;
    last = last * weight + (1 - weight) * v;
    n++;
    return last / (1 - Math.pow(weight, n));
  });
}
