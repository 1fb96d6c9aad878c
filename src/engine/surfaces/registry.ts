// SurfaceOptions: Options a surface may take (also SURFACE_NAMES, isSurfaceName, getSurface).
import { ConfigError } from '../errors';
import { bealeSurface } from './beale';
import { boothSurface } from './booth';
import { himmelblauSurface } from './himmelblau';
import { illConditionedSurface, type IllConditionedOptions } from './illConditioned';
import { monkeySaddleSurface } from './monkeySaddle';
import { rastriginSurface } from './rastrigin';
import { rosenbrockSurface } from './rosenbrock';
import { saddleSurface } from './saddle';
import { sixHumpCamelSurface } from './sixHumpCamel';
import type { Surface, SurfaceName } from './surface';

/** Options a surface may take; only `ill_conditioned` takes any today. */
export type SurfaceOptions = IllConditionedOptions;

const factories: Record<SurfaceName, (options: SurfaceOptions) => Surface> = {
  rosenbrock: rosenbrockSurface,
  beale: bealeSurface,
  himmelblau: himmelblauSurface,
  booth: boothSurface,
  saddle: saddleSurface,
  monkey_saddle: monkeySaddleSurface,
  ill_conditioned: illConditionedSurface,
  rastrigin: rastriginSurface,
  six_hump_camel: sixHumpCamelSurface,
};

const optionNames: Record<SurfaceName, readonly string[]> = {
  rosenbrock: [],
  beale: [],
  himmelblau: [],
  booth: [],
  saddle: [],
  monkey_saddle: [],
  ill_conditioned: ['kappa', 'rotation_deg'],
  rastrigin: [],
  six_hump_camel: [],
};

/** Every surface name `getSurface` knows, in the order a picker lists them. */
export const SURFACE_NAMES = Object.keys(factories) as SurfaceName[];

/** True when `name` is one of `SURFACE_NAMES`. */
export function isSurfaceName(name: string): name is SurfaceName {
  return Object.hasOwn(factories, name);
}

/**
 * The surface called `name` (the names reference files use in `problem.function`). An unknown name
 * or an option the surface does not take is a ConfigError that lists what is accepted, so a typo
 * in an experiment file is reported rather than silently ignored.
 */
export function getSurface(name: string, options: SurfaceOptions = {}): Surface {
  if (!isSurfaceName(name)) {
    throw new ConfigError(
      `Unknown surface: ${JSON.stringify(name)}; expected one of ${SURFACE_NAMES.join(', ')}`,
    );
  }
  const accepted = optionNames[name];
  for (const key of Object.keys(options)) {
    if ((options as Record<string, unknown>)[key] !== undefined && !accepted.includes(key)) {
      const takes = accepted.length === 0 ? 'takes no options' : `takes only ${accepted.join(', ')}`;
      throw new ConfigError(`Unknown option ${key} for surface ${name}, which ${takes}`);
    }
  }
  return factories[name](options);
}
