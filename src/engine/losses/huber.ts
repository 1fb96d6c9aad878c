// huberLoss: `nn.HuberLoss(delta)`.
import { ConfigError } from '../errors';
import type { FloatArray } from '../types';
import type { Loss } from './loss';

/**
 * `nn.HuberLoss(delta)`: per element, with d = out − y, ½d² where |d| < delta, else
 * delta·(|d| − ½delta); mean over every element. The gradient is d clipped to [−delta, delta].
 */
export function huberLoss(delta = 1.0): Loss {
  if (!(delta > 0)) throw new ConfigError('huber_loss does not support non-positive values for delta.');
  const halfDelta = 0.5 * delta;
  return {
    name: 'huber',
    targetWidth: (nOutputs) => nOutputs,
    count: (rows, nOutputs) => rows * nOutputs,
    value(out, y, yRow, rows, nOutputs, count) {
      const n = rows * nOutputs;
      const yOff = yRow * nOutputs;
      let sum = 0;
      for (let k = 0; k < n; k++) {
        const z = Math.abs(out[k]! - y[yOff + k]!);
        sum += z < delta ? 0.5 * z * z : delta * (z - halfDelta);
      }
      return sum / count;
    },
    valueAndGrad(out: FloatArray, y: FloatArray, yRow, rows, nOutputs, count, grad: FloatArray) {
      const n = rows * nOutputs;
      const yOff = yRow * nOutputs;
      const g = 1 / count;
      let sum = 0;
      for (let k = 0; k < n; k++) {
        const d = out[k]! - y[yOff + k]!;
        const z = Math.abs(d);
        sum += z < delta ? 0.5 * z * z : delta * (z - halfDelta);
        grad[k] = (d < -delta ? -delta : d > delta ? delta : d) * g;
      }
      return sum / count;
    },
  };
}
