// mseLoss: `nn.MSELoss()`.
import type { FloatArray } from '../types';
import type { Loss } from './loss';

/**
 * Σ (out[k] − y[yOff + k])² over k < n, in order. Its own function because a full-data loss runs
 * the loop over thousands of rows in one call: V8 compiles it on the stack during the first call,
 * before the division after it has run, and that compiled loop deoptimized at the division on
 * every later call that entered it; here nothing but the return follows the loop.
 */
function squaredErrorSum(out: FloatArray, y: FloatArray, yOff: number, n: number): number {
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const d = out[k]! - y[yOff + k]!;
    sum += d * d;
  }
  return sum;
}

/** `nn.MSELoss()`: mean over every element of (out − y)²; multi-output targets are row-major. */
export const mseLoss: Loss = {
  name: 'mse',
  targetWidth: (nOutputs) => nOutputs,
  count: (rows, nOutputs) => rows * nOutputs,
  value(out, y, yRow, rows, nOutputs, count) {
    return squaredErrorSum(out, y, yRow * nOutputs, rows * nOutputs) / count;
  },
  valueAndGrad(out: FloatArray, y: FloatArray, yRow, rows, nOutputs, count, grad: FloatArray) {
    const n = rows * nOutputs;
    const yOff = yRow * nOutputs;
    // torch's backward scales by the precomputed factor 2/N, which rounds as we do here.
    const g = 2 / count;
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const d = out[k]! - y[yOff + k]!;
      sum += d * d;
      grad[k] = d * g;
    }
    return sum / count;
  },
};
