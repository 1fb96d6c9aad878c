// rosenbrockSurface: Rosenbrock's banana valley, (1 − x)² + 100·(y − x²)².
import { defineSurface, type NumericOut, type Surface } from './surface';

/**
 * Rosenbrock's banana valley, (1 − x)² + 100·(y − x²)²: the valley floor is easy to reach and slow
 * to follow, which is what separates momentum and adaptive methods from plain gradient descent.
 * The start (−1.5, 2) is the golden cases' start.
 */
export function rosenbrockSurface(): Surface {
  return defineSurface({
    name: 'rosenbrock',
    formula: '(1 − x)² + 100·(y − x²)²',
    value(x: number, y: number): number {
      const a = 1 - x;
      const b = y - x * x;
      return a * a + 100 * (b * b);
    },
    gradient(x: number, y: number, out: NumericOut): void {
      const b = y - x * x;
      out[0] = -2 * (1 - x) - 400 * x * b;
      out[1] = 200 * b;
    },
    hessian(x: number, y: number, out: NumericOut): void {
      out[0] = 2 - 400 * y + 1200 * x * x;
      out[1] = -400 * x;
      out[2] = 200;
    },
    minima: [{ point: [1, 1], value: 0, kind: 'global' }],
    saddles: [],
    maxima: [],
    start: [-1.5, 2],
    bounds: [
      [-2, 2],
      [-1, 3],
    ],
    unboundedBelow: false,
  });
}
