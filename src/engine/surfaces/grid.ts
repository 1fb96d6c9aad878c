// SurfaceGrid: Surface values on a regular grid, for contour and heat-map plots.
import { ConfigError } from '../errors';
import type { Bounds, Surface } from './surface';

/** Surface values on a regular grid, for contour and heat-map plots. */
export interface SurfaceGrid {
  /** `nx` evenly spaced x values, both bounds included. */
  xs: Float64Array;
  /** `ny` evenly spaced y values, both bounds included. */
  ys: Float64Array;
  /** Row-major, one row per y: `values[j·nx + i] = f(xs[i], ys[j])`. */
  values: Float64Array;
}

function linspace(lo: number, hi: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + ((hi - lo) * i) / (n - 1);
  // The formula can miss the upper bound by an ulp; plots expect the exact edge.
  out[n - 1] = hi;
  return out;
}

/** Samples `surface` on an `nx × ny` grid over `bounds` (default: the surface's plot bounds). */
export function sampleGrid(
  surface: Surface,
  nx: number,
  ny: number,
  bounds: Bounds = surface.bounds,
): SurfaceGrid {
  for (const [label, n] of [
    ['nx', nx],
    ['ny', ny],
  ] as const) {
    if (!(Number.isInteger(n) && n >= 2))
      throw new ConfigError(`Invalid grid size ${label}: ${n} (needs ≥ 2)`);
  }
  const [[x0, x1], [y0, y1]] = bounds;
  if (![x0, x1, y0, y1].every(Number.isFinite) || !(x0 < x1) || !(y0 < y1)) {
    throw new ConfigError(
      `Invalid grid bounds: ${JSON.stringify(bounds)} (need finite [[xmin, xmax], [ymin, ymax]])`,
    );
  }
  const xs = linspace(x0, x1, nx);
  const ys = linspace(y0, y1, ny);
  const values = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    const y = ys[j]!;
    for (let i = 0; i < nx; i++) values[j * nx + i] = surface.value(xs[i]!, y);
  }
  return { xs, ys, values };
}
