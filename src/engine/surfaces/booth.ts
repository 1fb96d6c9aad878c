// boothSurface: Booth's function, (x + 2y − 7)² + (2x + y − 5)².
import { defineSurface, type NumericOut, type Surface } from './surface';

/**
 * Booth's function, (x + 2y − 7)² + (2x + y − 5)²: a quadratic with a constant Hessian
 * [[10, 8], [8, 10]] (eigenvalues 2 and 18), the easy baseline, minimum 0 at (1, 3).
 */
export function boothSurface(): Surface {
  return defineSurface({
    name: 'booth',
    formula: '(x + 2y − 7)² + (2x + y − 5)²',
    value(x: number, y: number): number {
      const a = x + 2 * y - 7;
      const b = 2 * x + y - 5;
      return a * a + b * b;
    },
    gradient(x: number, y: number, out: NumericOut): void {
      const a = x + 2 * y - 7;
      const b = 2 * x + y - 5;
      out[0] = 2 * a + 4 * b;
      out[1] = 4 * a + 2 * b;
    },
    hessian(_x: number, _y: number, out: NumericOut): void {
      out[0] = 10;
      out[1] = 8;
      out[2] = 10;
    },
    minima: [{ point: [1, 3], value: 0, kind: 'global' }],
    saddles: [],
    maxima: [],
    start: [-8, 8],
    bounds: [
      [-10, 10],
      [-10, 10],
    ],
    unboundedBelow: false,
  });
}
