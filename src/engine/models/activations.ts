// activateInPlace: Applies `act` to `buf[0, n)` in place, with torch's formulas.
import type { FloatArray } from '../types';
import type { Activation } from './spec';

const leakySlope = 0.01;

/** Applies `act` to `buf[0, n)` in place, with torch's formulas. */
export function activateInPlace(act: Activation, buf: FloatArray, n: number): void {
  // One loop per activation, chosen once: a call or a switch per element would cost more than the math.
  switch (act) {
    case 'relu':
      for (let k = 0; k < n; k++) if (buf[k]! < 0) buf[k] = 0;
      return;
    case 'leaky_relu':
      for (let k = 0; k < n; k++) {
        const z = buf[k]!;
        if (!(z > 0)) buf[k] = z * leakySlope;
      }
      return;
    case 'tanh':
      for (let k = 0; k < n; k++) buf[k] = Math.tanh(buf[k]!);
      return;
    case 'sigmoid':
      for (let k = 0; k < n; k++) buf[k] = 1 / (1 + Math.exp(-buf[k]!));
      return;
  }
}

/**
 * Turns d(loss)/d(activation output) in `delta[0, n)` into d(loss)/d(activation input), in place,
 * from the activation's OUTPUT `a`: every derivative here is a function of the output (for ReLU
 * and LeakyReLU, output > 0 exactly when input > 0), so pre-activations need not be kept.
 */
export function activationBackwardInPlace(
  act: Activation,
  a: FloatArray,
  delta: FloatArray,
  n: number,
): void {
  switch (act) {
    case 'relu':
      for (let k = 0; k < n; k++) if (a[k]! <= 0) delta[k] = 0;
      return;
    case 'leaky_relu':
      for (let k = 0; k < n; k++) if (!(a[k]! > 0)) delta[k] = delta[k]! * leakySlope;
      return;
    case 'tanh':
      for (let k = 0; k < n; k++) {
        const y = a[k]!;
        delta[k] = delta[k]! * (1 - y * y);
      }
      return;
    case 'sigmoid':
      for (let k = 0; k < n; k++) {
        const y = a[k]!;
        delta[k] = delta[k]! * (1 - y) * y;
      }
      return;
  }
}
