// bealeSurface: Beale's function, (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)².
import { defineSurface, type NumericOut, type Surface } from './surface';

/**
 * Beale's function, (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²: flat plateaus and
 * steep walls, one minimum at (3, 0.5). The stationary points were found with high-precision Newton
 * iterations on the symbolic gradient (sympy/mpmath) over the plot bounds.
 */
export function bealeSurface(): Surface {
  return defineSurface({
    name: 'beale',
    formula: '(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²',
    value(x: number, y: number): number {
      const y2 = y * y;
      const t1 = 1.5 - x + x * y;
      const t2 = 2.25 - x + x * y2;
      const t3 = 2.625 - x + x * (y2 * y);
      return t1 * t1 + t2 * t2 + t3 * t3;
    },
    gradient(x: number, y: number, out: NumericOut): void {
      const y2 = y * y;
      const y3 = y2 * y;
      const t1 = 1.5 - x + x * y;
      const t2 = 2.25 - x + x * y2;
      const t3 = 2.625 - x + x * y3;
      out[0] = 2 * (t1 * (y - 1) + t2 * (y2 - 1) + t3 * (y3 - 1));
      out[1] = 2 * x * (t1 + 2 * y * t2 + 3 * y2 * t3);
    },
    hessian(x: number, y: number, out: NumericOut): void {
      // f = Σ tᵢ², so H = 2·Σ (∇tᵢ∇tᵢᵀ + tᵢ∇²tᵢ).
      const y2 = y * y;
      const y3 = y2 * y;
      const t1 = 1.5 - x + x * y;
      const t2 = 2.25 - x + x * y2;
      const t3 = 2.625 - x + x * y3;
      const a1 = y - 1;
      const a2 = y2 - 1;
      const a3 = y3 - 1;
      const b1 = x;
      const b2 = 2 * x * y;
      const b3 = 3 * x * y2;
      out[0] = 2 * (a1 * a1 + a2 * a2 + a3 * a3);
      out[1] = 2 * (a1 * b1 + a2 * b2 + a3 * b3 + t1 + 2 * y * t2 + 3 * y2 * t3);
      out[2] = 2 * (b1 * b1 + b2 * b2 + b3 * b3 + 2 * x * t2 + 6 * x * y * t3);
    },
    minima: [{ point: [3, 0.5], value: 0, kind: 'global' }],
    saddles: [
      { point: [0, 1], value: 14.203125 },
      { point: [0.10053793732415836, -2.644513585023125], value: 9.86451228475556 },
    ],
    maxima: [],
    start: [1, 1.5],
    bounds: [
      [-4.5, 4.5],
      [-4.5, 4.5],
    ],
    unboundedBelow: false,
  });
}
