// crossEntropyLoss: `nn.CrossEntropyLoss()` with integer class targets.
import type { FloatArray } from '../types';
import type { Loss } from './loss';

/**
 * `nn.CrossEntropyLoss()` with integer class targets: per row, logsumexp(out) − out[y], with the
 * row's maximum subtracted before exponentiating so large logits cannot overflow; mean over rows.
 * The gradient is softmax(out) − onehot(y).
 */
export const crossEntropyLoss: Loss = {
  name: 'cross_entropy',
  targetWidth: () => 1,
  count: (rows) => rows,
  value(out, y, yRow, rows, nOutputs, count) {
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      const o = r * nOutputs;
      const t = target(y[yRow + r]!, nOutputs);
      let m = out[o]!;
      for (let k = 1; k < nOutputs; k++) if (out[o + k]! > m) m = out[o + k]!;
      let s = 0;
      for (let k = 0; k < nOutputs; k++) s += Math.exp(out[o + k]! - m);
      sum += m + Math.log(s) - out[o + t]!;
    }
    return sum / count;
  },
  valueAndGrad(out: FloatArray, y: FloatArray, yRow, rows, nOutputs, count, grad: FloatArray) {
    const g = 1 / count;
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      const o = r * nOutputs;
      const t = target(y[yRow + r]!, nOutputs);
      let m = out[o]!;
      for (let k = 1; k < nOutputs; k++) if (out[o + k]! > m) m = out[o + k]!;
      let s = 0;
      for (let k = 0; k < nOutputs; k++) s += Math.exp(out[o + k]! - m);
      const logS = Math.log(s);
      sum += m + logS - out[o + t]!;
      const shift = m + logS;
      for (let k = 0; k < nOutputs; k++) grad[o + k] = Math.exp(out[o + k]! - shift) * g;
      grad[o + t] = grad[o + t]! - g;
    }
    return sum / count;
  },
};

function target(v: number, nClasses: number): number {
  // The data layer encodes classes as 0..K−1; anything else is a bug upstream, so fail loudly
  // (torch's wording) rather than read another row's logits.
  if (!(v >= 0 && v < nClasses && Number.isInteger(v))) throw new RangeError(`Target ${v} is out of bounds.`);
  return v;
}
