// saddleSurface: The plain saddle x² − y², unbounded below.
import { defineSurface, type NumericOut, type Surface } from './surface';

/**
 * The plain saddle x² − y², unbounded below. The start sits almost on the stable manifold (y = 0):
 * descent first heads for the saddle and leaves it only as the tiny y grows, which is what the
 * noise escape shortens.
 */
export function saddleSurface(): Surface {
  return defineSurface({
    name: 'saddle',
    formula: 'x² − y²',
    value(x: number, y: number): number {
      return x * x - y * y;
    },
    gradient(x: number, y: number, out: NumericOut): void {
      out[0] = 2 * x;
      out[1] = -2 * y;
    },
    hessian(_x: number, _y: number, out: NumericOut): void {
      out[0] = 2;
      out[1] = 0;
      out[2] = -2;
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
