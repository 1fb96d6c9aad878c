// restartPoints: `count` start points drawn uniformly from the surface's plot bounds (x then y for each
// point, from an Rng seeded with `seed`).
import { ConfigError } from '../errors';
import { Rng } from '../random';
import type { Point2, Surface } from './surface';

/**
 * `count` start points drawn uniformly from the surface's plot bounds (x then y for each point,
 * from an Rng seeded with `seed`). Random restarts: the trainer runs the same optimizer from each
 * point and keeps the run with the lowest final loss, the classic escape from local minima
 * (Rastrigin, the six-hump camel) that costs `count` runs.
 */
export function restartPoints(surface: Surface, count: number, seed: number): Point2[] {
  if (!(Number.isInteger(count) && count >= 0)) throw new ConfigError(`Invalid restart count: ${count}`);
  const rng = new Rng(seed);
  const [[x0, x1], [y0, y1]] = surface.bounds;
  const points: Point2[] = [];
  for (let i = 0; i < count; i++) points.push([rng.uniformRange(x0, x1), rng.uniformRange(y0, y1)]);
  return points;
}
