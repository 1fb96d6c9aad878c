// sixHumpCamelSurface: The six-hump camel, (4 − 2.1x² + x⁴/3)·x² + xy + (−4 + 4y²)·y².
import { defineSurface, type NumericOut, type Surface } from './surface';

/**
 * The six-hump camel, (4 − 2.1x² + x⁴/3)·x² + xy + (−4 + 4y²)·y²: two global minima ≈ −1.0316 and
 * four local ones, with saddles between. The stationary points come from high-precision Newton
 * iterations on the symbolic gradient (sympy/mpmath) over the plot bounds; all 15 are listed.
 * The start lies in a local minimum's basin, so plain descent gets stuck there.
 */
export function sixHumpCamelSurface(): Surface {
  return defineSurface({
    name: 'six_hump_camel',
    formula: '(4 − 2.1x² + x⁴/3)·x² + xy + (−4 + 4y²)·y²',
    value(x: number, y: number): number {
      const x2 = x * x;
      const y2 = y * y;
      return (4 - 2.1 * x2 + (x2 * x2) / 3) * x2 + x * y + (-4 + 4 * y2) * y2;
    },
    gradient(x: number, y: number, out: NumericOut): void {
      const x2 = x * x;
      out[0] = x * (8 - 8.4 * x2 + 2 * x2 * x2) + y;
      out[1] = x + y * (-8 + 16 * y * y);
    },
    hessian(x: number, y: number, out: NumericOut): void {
      const x2 = x * x;
      out[0] = 8 - 25.2 * x2 + 10 * x2 * x2;
      out[1] = 1;
      out[2] = -8 + 48 * y * y;
    },
    minima: [
      { point: [0.08984201310031806, -0.7126564030207396], value: -1.0316284534898774, kind: 'global' },
      { point: [-0.08984201310031806, 0.7126564030207396], value: -1.0316284534898774, kind: 'global' },
      { point: [-1.703606714969981, 0.7960835686726251], value: -0.21546382438371764, kind: 'local' },
      { point: [1.703606714969981, -0.7960835686726251], value: -0.21546382438371764, kind: 'local' },
      { point: [-1.6071047529201972, -0.5686514548841314], value: 2.1042503103112584, kind: 'local' },
      { point: [1.6071047529201972, 0.5686514548841314], value: 2.1042503103112584, kind: 'local' },
    ],
    saddles: [
      { point: [0, 0], value: 0 },
      { point: [-1.1092053368047865, 0.7682680925095399], value: 0.5437186009781851 },
      { point: [1.1092053368047865, -0.7682680925095399], value: 0.5437186009781851 },
      { point: [-1.6380679841897785, -0.22867406904439408], value: 2.2293571975307147 },
      { point: [1.6380679841897785, 0.22867406904439408], value: 2.2293571975307147 },
      { point: [-1.2960702671671092, -0.6050843880386585], value: 2.22947081802986 },
      { point: [1.2960702671671092, 0.6050843880386585], value: 2.22947081802986 },
    ],
    maxima: [
      { point: [-1.2302298765166526, -0.16233458445899496], value: 2.496295351023577 },
      { point: [1.2302298765166526, 0.16233458445899496], value: 2.496295351023577 },
    ],
    start: [-1.5, -1],
    bounds: [
      [-2.2, 2.2],
      [-1.2, 1.2],
    ],
    unboundedBelow: false,
  });
}
