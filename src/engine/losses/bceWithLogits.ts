// bceWithLogitsLoss: `nn.BCEWithLogitsLoss()`.
import type { FloatArray } from '../types';
import type { Loss } from './loss';

/**
 * `nn.BCEWithLogitsLoss()`: per element, with logit x and target y in {0, 1} (soft targets work
 * too), max(x, 0) − x·y + log1p(exp(−|x|)), which never overflows however large |x| is; mean over
 * every element. The gradient is sigmoid(x) − y.
 */
export const bceWithLogitsLoss: Loss = {
  name: 'bce_with_logits',
  targetWidth: (nOutputs) => nOutputs,
  count: (rows, nOutputs) => rows * nOutputs,
  value(out, y, yRow, rows, nOutputs, count) {
    const n = rows * nOutputs;
    const yOff = yRow * nOutputs;
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const x = out[k]!;
      sum += (x > 0 ? x : 0) - x * y[yOff + k]! + Math.log1p(Math.exp(-Math.abs(x)));
    }
    return sum / count;
  },
  valueAndGrad(out: FloatArray, y: FloatArray, yRow, rows, nOutputs, count, grad: FloatArray) {
    const n = rows * nOutputs;
    const yOff = yRow * nOutputs;
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const x = out[k]!;
      const t = y[yOff + k]!;
      sum += (x > 0 ? x : 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
      // torch's sigmoid form: exp(−x) overflows to Infinity for very negative x, giving exactly 0.
      grad[k] = (1 / (1 + Math.exp(-x)) - t) / count;
    }
    return sum / count;
  },
};
