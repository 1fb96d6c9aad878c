// rastriginSurface: Rastrigin's function with A = 10, 20 + x² − 10·cos 2πx + y² − 10·cos 2πy.
import { defineSurface, type NumericOut, type Surface } from './surface';

const A = 10;
const TWO_PI = 2 * Math.PI;

/**
 * Rastrigin's function with A = 10, 20 + x² − 10·cos 2πx + y² − 10·cos 2πy: a bowl covered in a
 * regular grid of local minima near the integer points, the global one 0 at the origin. Only the
 * global minimum is listed; the ~120 local ones inside the bounds are what random restarts are for.
 */
export function rastriginSurface(): Surface {
  return defineSurface({
    name: 'rastrigin',
    formula: '20 + x² − 10·cos(2πx) + y² − 10·cos(2πy)',
    value(x: number, y: number): number {
      return 2 * A + x * x - A * Math.cos(TWO_PI * x) + y * y - A * Math.cos(TWO_PI * y);
    },
    gradient(x: number, y: number, out: NumericOut): void {
      out[0] = 2 * x + A * TWO_PI * Math.sin(TWO_PI * x);
      out[1] = 2 * y + A * TWO_PI * Math.sin(TWO_PI * y);
    },
    hessian(x: number, y: number, out: NumericOut): void {
      out[0] = 2 + A * TWO_PI * TWO_PI * Math.cos(TWO_PI * x);
      out[1] = 0;
      out[2] = 2 + A * TWO_PI * TWO_PI * Math.cos(TWO_PI * y);
    },
    minima: [{ point: [0, 0], value: 0, kind: 'global' }],
    saddles: [],
    maxima: [],
    start: [3.3, -2.6],
    bounds: [
      [-5.12, 5.12],
      [-5.12, 5.12],
    ],
    unboundedBelow: false,
  });
}
