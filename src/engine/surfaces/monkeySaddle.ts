// monkeySaddleSurface: The monkey saddle x³ − 3xy², unbounded below.
import { defineSurface, type NumericOut, type Surface } from './surface';

/**
 * The monkey saddle x³ − 3xy², unbounded below: three valleys meet at the origin, where the
 * Hessian vanishes, so second-order information cannot tell it from a flat point.
 */
export function monkeySaddleSurface(): Surface {
  return defineSurface({
    name: 'monkey_saddle',
    formula: 'x³ − 3xy²',
    value(x: number, y: number): number {
      // torch evaluates x**3 as x·x·x and 3*x*y**2 as (3x)·(y·y).
      return x * x * x - 3 * x * (y * y);
    },
    gradient(x: number, y: number, out: NumericOut): void {
      out[0] = 3 * x * x - 3 * y * y;
      out[1] = -6 * x * y;
    },
    hessian(x: number, y: number, out: NumericOut): void {
      out[0] = 6 * x;
      out[1] = -6 * y;
      out[2] = -6 * x;
    },
    minima: [],
    saddles: [{ point: [0, 0], value: 0 }],
    maxima: [],
    start: [1.5, 1e-3],
    bounds: [
      [-2, 2],
      [-2, 2],
    ],
    unboundedBelow: true,
  });
}
