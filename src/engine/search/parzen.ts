// erfc: Complementary error function, fractional error below 1.2e-7 everywhere (Numerical Recipes' erfcc).
import type { Rng } from '../random';

/**
 * Parzen estimators of Optuna's TPE sampler (optuna/samplers/_tpe/parzen_estimator.py, univariate
 * case): a weighted mixture of truncated normal kernels, one per observation plus a prior kernel,
 * for a numerical dimension; a mixture of smoothed categorical distributions for a choice.
 */

const SQRT2 = Math.SQRT2;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const EPS = 1e-12;

/** Complementary error function, fractional error below 1.2e-7 everywhere (Numerical Recipes' erfcc). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / SQRT2);
}

/** Mass of N(mu, sigma) on [a, b], computed on the side of the mean where it does not cancel. */
function mass(a: number, b: number, mu: number, sigma: number): number {
  const za = (a - mu) / sigma;
  const zb = (b - mu) / sigma;
  if (za > 0) return normalCdf(-za) - normalCdf(-zb);
  return normalCdf(zb) - normalCdf(za);
}

function logSumExp(xs: readonly number[]): number {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (const x of xs) s += Math.exp(x - m);
  return m + Math.log(s);
}

/** Optuna's default_weights: equal for the 25 most recent observations, a ramp from 1/n up for older ones. */
export function defaultWeights(n: number): number[] {
  if (n < 25) return new Array<number>(n).fill(1);
  const ramp = Array.from({ length: n - 25 }, (_, i) =>
    n - 25 === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (n - 26),
  );
  return [...ramp, ...new Array<number>(25).fill(1)];
}

/** Optuna's default_gamma: how many of n trials form the "good" group. */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

function normalized(ws: number[]): number[] {
  const total = ws.reduce((a, b) => a + b, 0);
  return ws.map((w) => w / total);
}

/**
 * A numerical dimension's estimator over [low, high] (already in log space for log parameters).
 * With `step`, values lie on the lattice low, low + step, ... and each kernel's probability of a
 * value is its mass over [v - step/2, v + step/2], as Optuna's discrete truncated normal.
 */
export class NumericalParzen {
  readonly mus: number[];
  readonly sigmas: number[];
  readonly weights: number[];
  private readonly lo: number;
  private readonly hi: number;

  constructor(
    observations: readonly number[],
    obsWeights: readonly number[],
    private readonly low: number,
    private readonly high: number,
    private readonly step: number | null,
    priorWeight = 1.0,
    /** A log-scaled int: x = log v, and v's cell is [log(v − ½), log(v + ½)] (Optuna's discrete log). */
    private readonly logInt = false,
  ) {
    const half = step === null ? 0 : step / 2;
    this.lo = low - half;
    this.hi = high + half;
    const range = this.hi - this.lo;
    const n = observations.length;
    // Bandwidth of each observation: the larger gap to a neighbour in sorted order (the bounds
    // count as neighbours), the two ends using their inner neighbour only (consider_endpoints
    // False), clipped to [range / min(100, n + 2), range] (the magic clip). The prior kernel, at
    // the centre with the whole range as bandwidth, is added after and takes no part in the gaps.
    const order = observations.map((_, i) => i).sort((a, b) => observations[a]! - observations[b]!);
    const withEnds = [this.lo, ...order.map((i) => observations[i]!), this.hi];
    const sortedSigmas = order.map((_, k) =>
      Math.max(withEnds[k + 1]! - withEnds[k]!, withEnds[k + 2]! - withEnds[k + 1]!),
    );
    if (withEnds.length >= 4) {
      sortedSigmas[0] = withEnds[2]! - withEnds[1]!;
      sortedSigmas[n - 1] = withEnds[n]! - withEnds[n - 1]!;
    }
    const minSigma = range / Math.min(100, 2 + n);
    const sigmas = new Array<number>(n);
    order.forEach((orig, k) => (sigmas[orig] = Math.min(Math.max(sortedSigmas[k]!, minSigma), range)));
    this.mus = [...observations, 0.5 * (this.lo + this.hi)];
    this.sigmas = [...sigmas, range];
    this.weights = n === 0 ? [1] : normalized([...obsWeights, priorWeight]);
  }

  /** Draws from the mixture: a kernel by weight, then its truncated normal by rejection (mass >= 1/2, mu is inside). */
  sample(rng: Rng): number {
    let u = rng.uniform();
    let k = 0;
    while (k < this.weights.length - 1 && u >= this.weights[k]!) u -= this.weights[k++]!;
    const mu = this.mus[k]!;
    const sigma = this.sigmas[k]!;
    let x: number;
    do x = mu + sigma * rng.normal();
    while (x < this.lo || x > this.hi);
    if (this.step === null) return Math.min(Math.max(x, this.low), this.high);
    const v = this.low + Math.round((x - this.low) / this.step) * this.step;
    return Math.min(Math.max(v, this.low), this.high);
  }

  /** Log density (or log probability on a lattice) of x under the mixture. */
  logPdf(x: number): number {
    const terms = this.mus.map((mu, k) => {
      const sigma = this.sigmas[k]!;
      const z = mass(this.lo, this.hi, mu, sigma);
      const w = Math.log(this.weights[k]!);
      if (this.logInt) {
        const v = Math.round(Math.exp(x));
        const cell = mass(Math.log(v - 0.5), Math.log(v + 0.5), mu, sigma);
        return w + Math.log(Math.max(cell, EPS)) - Math.log(Math.max(z, EPS));
      }
      if (this.step !== null) {
        const h = this.step / 2;
        return w + Math.log(Math.max(mass(x - h, x + h, mu, sigma), EPS)) - Math.log(Math.max(z, EPS));
      }
      const d = (x - mu) / sigma;
      return w - 0.5 * d * d - LOG_SQRT_2PI - Math.log(sigma) - Math.log(Math.max(z, EPS));
    });
    return logSumExp(terms);
  }
}

/**
 * A choice dimension's estimator: each observation's kernel puts weight 1 on its own category plus
 * priorWeight / (n + 1) on every category; the prior kernel is uniform.
 */
export class CategoricalParzen {
  private readonly probs: number[];

  constructor(
    observations: readonly number[],
    obsWeights: readonly number[],
    nChoices: number,
    priorWeight = 1.0,
  ) {
    const n = observations.length;
    const fill = priorWeight / (n + 1);
    const weights = normalized([...obsWeights, priorWeight]);
    this.probs = new Array<number>(nChoices).fill(0);
    for (let k = 0; k <= n; k++) {
      const row = new Array<number>(nChoices).fill(fill);
      if (k < n) row[observations[k]!]! += 1;
      const total = row.reduce((a, b) => a + b, 0);
      for (let c = 0; c < nChoices; c++) this.probs[c]! += (weights[k]! * row[c]!) / total;
    }
  }

  sample(rng: Rng): number {
    let u = rng.uniform();
    for (let c = 0; c < this.probs.length - 1; c++) {
      if (u < this.probs[c]!) return c;
      u -= this.probs[c]!;
    }
    return this.probs.length - 1;
  }

  logPdf(c: number): number {
    return Math.log(Math.max(this.probs[c]!, EPS));
  }
}
