/**
 * The two objectives the optimizer fixtures use, computed operation by operation in the order of
 * test/fixtures/optim/record.py, so a fixture's gradients and the test's are the same bits and
 * only the optimizer can make them differ.
 */
import type { FloatArray } from '../../../src/engine/types';

/** (1 − x)² + 100·(y − x²)². */
export function rosenbrock(p: ArrayLike<number>): number {
  const x = p[0]!;
  const y = p[1]!;
  const a = 1 - x;
  const r = y - x * x;
  return a * a + 100 * (r * r);
}

/** The analytic gradient of {@link rosenbrock}, written into `out`. */
export function rosenbrockGrad(p: ArrayLike<number>, out: FloatArray): void {
  const x = p[0]!;
  const y = p[1]!;
  const r = y - x * x;
  out[0] = -2 * (1 - x) - 400 * x * r;
  out[1] = 200 * r;
}

/** 0.5/n·‖Ap − b‖² with A given as n rows. */
export class LeastSquares {
  private readonly residuals: Float64Array;

  constructor(
    private readonly a: number[][],
    private readonly b: number[],
  ) {
    this.residuals = new Float64Array(b.length);
  }

  private fillResiduals(p: ArrayLike<number>): void {
    for (let i = 0; i < this.b.length; i++) {
      const row = this.a[i]!;
      let acc = 0;
      for (let j = 0; j < row.length; j++) acc += row[j]! * p[j]!;
      this.residuals[i] = acc - this.b[i]!;
    }
  }

  loss(p: ArrayLike<number>): number {
    this.fillResiduals(p);
    let s = 0;
    for (const r of this.residuals) s += r * r;
    return (0.5 * s) / this.b.length;
  }

  /** (1/n)·Aᵀ(Ap − b), multiplied by `sign`, written into `out`. */
  grad(p: ArrayLike<number>, out: FloatArray, sign = 1): void {
    this.fillResiduals(p);
    const n = this.b.length;
    for (let j = 0; j < out.length; j++) {
      let acc = 0;
      for (let i = 0; i < n; i++) acc += this.a[i]![j]! * this.residuals[i]!;
      out[j] = sign * (acc / n);
    }
  }
}

/** Largest |a − b| / |b| over two equally long sequences (b the reference). */
export function maxRelError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) {
    const err = Math.abs(a[i]! - b[i]!) / Math.abs(b[i]!);
    worst = Math.max(worst, Number.isNaN(err) ? Infinity : err);
  }
  return worst;
}

/** Largest |a − b| over two equally long sequences. */
export function maxAbsError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) {
    const err = Math.abs(a[i]! - b[i]!);
    worst = Math.max(worst, Number.isNaN(err) ? Infinity : err);
  }
  return worst;
}
