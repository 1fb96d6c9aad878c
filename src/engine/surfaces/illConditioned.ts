// IllConditionedOptions: Options of the ill-conditioned quadratic (also illConditionedSurface).
import { ConfigError } from '../errors';
import { defineSurface, type NumericOut, type Surface } from './surface';

/** Options of the ill-conditioned quadratic. */
export interface IllConditionedOptions {
  /** Condition number κ = ratio of the largest to the smallest curvature; default 100. */
  kappa?: number;
  /**
   * Angle in degrees, counter-clockwise, of the gentle (curvature 1) axis; default 0, the axes of
   * the plane. Rotating takes the valley off the coordinate axes, where per-coordinate methods
   * (Adam, RMSprop, Adagrad) lose the advantage their diagonal scaling gives them on the aligned
   * case.
   */
  rotation_deg?: number;
}

/**
 * The "different slopes" quadratic ½·(u² + κ·v²), with (u, v) the plane rotated by `rotation_deg`:
 * u = cos θ·x + sin θ·y, v = −sin θ·x + cos θ·y. Unrotated it is ½·(x² + κ·y²). The Hessian is
 * constant with eigenvalues 1 and κ, so plain gradient descent needs lr < 2/κ to be stable and
 * then crawls along the gentle axis at rate 1 − lr.
 */
export function illConditionedSurface(options: IllConditionedOptions = {}): Surface {
  const kappa = options.kappa ?? 100;
  const degrees = options.rotation_deg ?? 0;
  if (!Number.isFinite(kappa) || kappa < 1) {
    throw new ConfigError(`Invalid kappa: ${kappa} (ill_conditioned needs a condition number ≥ 1)`);
  }
  if (!Number.isFinite(degrees)) throw new ConfigError(`Invalid rotation_deg: ${degrees}`);
  const theta = (degrees * Math.PI) / 180;
  // Exact 0 and 1 when unrotated, so the surface is then exactly ½·(x² + κ·(y·y)) as torch writes it.
  const c = degrees === 0 ? 1 : Math.cos(theta);
  const s = degrees === 0 ? 0 : Math.sin(theta);
  const toPlane = (u: number, v: number): [number, number] => [c * u - s * v, s * u + c * v];
  return defineSurface({
    name: 'ill_conditioned',
    formula:
      degrees === 0
        ? `½·(x² + ${kappa}·y²)`
        : `½·(u² + ${kappa}·v²), u = cos ${degrees}°·x + sin ${degrees}°·y, v = −sin ${degrees}°·x + cos ${degrees}°·y`,
    value(x: number, y: number): number {
      const u = c * x + s * y;
      const v = -s * x + c * y;
      return 0.5 * (u * u + kappa * (v * v));
    },
    gradient(x: number, y: number, out: NumericOut): void {
      const u = c * x + s * y;
      const kv = kappa * (-s * x + c * y);
      out[0] = c * u - s * kv;
      out[1] = s * u + c * kv;
    },
    hessian(_x: number, _y: number, out: NumericOut): void {
      out[0] = c * c + kappa * s * s;
      out[1] = (1 - kappa) * c * s;
      out[2] = s * s + kappa * c * c;
    },
    minima: [{ point: [0, 0], value: 0, kind: 'global' }],
    saddles: [],
    maxima: [],
    // Far along the gentle axis and off it by one unit: the steep direction is settled in a few
    // steps, the gentle one takes long.
    start: toPlane(-8, 1),
    bounds: [
      [-10, 10],
      [-10, 10],
    ],
    unboundedBelow: false,
  });
}
