// mseLoss: `nn.MSELoss()`.
import type { FloatArray } from '../types';
import type { Loss } from './loss';

/** `nn.MSELoss()`: mean over every element of (out − y)²; multi-output targets are row-major. */
export const mseLoss: Loss = {
  name: 'mse',
  targetWidth: (nOutputs) => nOutputs,
  count: (rows, nOutputs) => rows * nOutputs,
  value(out, y, yRow, rows, nOutputs, count) {
    const n = rows * nOutputs;
    const yOff = yRow * nOutputs;
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const d = out[k]! - y[yOff + k]!;
      sum += d * d;
    }
    return sum / count;
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
