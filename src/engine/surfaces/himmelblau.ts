// himmelblauSurface: Himmelblau's function, (x² + y − 11)² + (x + y² − 7)².
import { defineSurface, type NumericOut, type Surface } from './surface';

/**
 * Himmelblau's function, (x² + y − 11)² + (x + y² − 7)²: four minima of equal value 0, four saddles
 * and one local maximum, so the basin an optimizer ends in depends on its path. Coordinates other
 * than (3, 2) come from high-precision Newton iterations on the symbolic gradient (sympy/mpmath).
 */
export function himmelblauSurface(): Surface {
  return defineSurface({
    name: 'himmelblau',
    formula: '(x² + y − 11)² + (x + y² − 7)²',
    value(x: number, y: number): number {
      const a = x * x + y - 11;
      const b = x + y * y - 7;
      return a * a + b * b;
    },
    gradient(x: number, y: number, out: NumericOut): void {
      const a = x * x + y - 11;
      const b = x + y * y - 7;
      out[0] = 4 * x * a + 2 * b;
      out[1] = 2 * a + 4 * y * b;
    },
    hessian(x: number, y: number, out: NumericOut): void {
      const a = x * x + y - 11;
      const b = x + y * y - 7;
      out[0] = 4 * a + 8 * x * x + 2;
      out[1] = 4 * (x + y);
      out[2] = 2 + 4 * b + 8 * y * y;
    },
    minima: [
      { point: [3, 2], value: 0, kind: 'global' },
      { point: [-2.805118086952745, 3.131312518250573], value: 0, kind: 'global' },
      { point: [-3.779310253377747, -3.2831859912861696], value: 0, kind: 'global' },
      { point: [3.5844283403304917, -1.8481265269644036], value: 0, kind: 'global' },
    ],
    saddles: [
      { point: [3.385154183607021, 0.07385187983774928], value: 13.31192627040559 },
      { point: [0.08667750455539636, 2.884254701174776], value: 67.71915008752615 },
      { point: [-3.0730257507643897, -0.08135304428796751], value: 104.0151629175581 },
      { point: [-0.12796134673068008, -1.9537149802445763], value: 178.33723920192747 },
    ],
    maxima: [{ point: [-0.2708445906673476, -0.9230385564799815], value: 181.6165215225827 }],
    start: [0, 0],
    bounds: [
      [-5, 5],
      [-5, 5],
    ],
    unboundedBelow: false,
  });
}
