// Surface: A 2-D loss surface, usable as a training objective over a flat parameter buffer `[x, y]` so the
// training loop treats it like a model.
import type { FloatArray } from '../types';

/** The names reference files use in `problem.function`, plus the surfaces only the lab draws. */
export type SurfaceName =
  | 'rosenbrock'
  | 'beale'
  | 'himmelblau'
  | 'booth'
  | 'saddle'
  | 'monkey_saddle'
  | 'ill_conditioned'
  | 'rastrigin'
  | 'six_hump_camel';

/** A point of the plane, `[x, y]`. */
export type Point2 = [number, number];

/** Plot bounds `[[xmin, xmax], [ymin, ymax]]`. */
export type Bounds = [[number, number], [number, number]];

/** Anything indexable a gradient (2 entries) or a Hessian (3 entries) can be written into. */
export type NumericOut = { [index: number]: number };

/** A stationary point with its value; minima also say whether they are the lowest. */
export interface KnownPoint {
  point: Point2;
  value: number;
}

export interface KnownMinimum extends KnownPoint {
  kind: 'global' | 'local';
}

/** The analytic pieces each surface file writes; `defineSurface` turns them into a `Surface`. */
export interface SurfaceDefinition {
  name: SurfaceName;
  /** The formula as a person reads it, in the parametrisation actually used. */
  formula: string;
  /**
   * f(x, y), evaluated in the formula's own association order so that it rounds as torch does
   * when the same formula is written with tensors (golden replays compare losses at 1e-10).
   */
  value(x: number, y: number): number;
  /** Writes ∂f/∂x, ∂f/∂y into `out[0]`, `out[1]`. */
  gradient(x: number, y: number, out: NumericOut): void;
  /** Writes f_xx, f_xy, f_yy into `out[0]`, `out[1]`, `out[2]`. */
  hessian(x: number, y: number, out: NumericOut): void;
  /** Known minima inside or near the bounds; empty when the surface is unbounded below. */
  minima: KnownMinimum[];
  /** Known saddle points (classic ones; not necessarily every one). */
  saddles: KnownPoint[];
  /** Known local maxima, where the surface has classic ones. */
  maxima: KnownPoint[];
  start: Point2;
  bounds: Bounds;
  /** True for the saddles: a descent run may go to −∞ by design. */
  unboundedBelow: boolean;
}

/**
 * A 2-D loss surface, usable as a training objective over a flat parameter buffer `[x, y]` so the
 * training loop treats it like a model.
 */
export interface Surface extends Readonly<SurfaceDefinition> {
  /** f at `params = [x, y]`; writes the gradient into `grads`. Allocates nothing. */
  valueAndGrad(params: FloatArray, grads: FloatArray): number;
}

/** Wraps a surface's analytic pieces with the flat-buffer objective the training loop calls. */
export function defineSurface(def: SurfaceDefinition): Surface {
  return {
    ...def,
    valueAndGrad(params: FloatArray, grads: FloatArray): number {
      if (params.length !== 2 || grads.length !== 2) {
        throw new Error(
          `surface ${def.name} takes 2 parameters, got ${params.length} (grads ${grads.length})`,
        );
      }
      const x = params[0]!;
      const y = params[1]!;
      def.gradient(x, y, grads);
      return def.value(x, y);
    },
  };
}
