// InitSpec: How parameters start (also initParams).
import type { Rng } from '../random';
import type { FloatArray } from '../types';
import type { ParamTensor } from './model';
import type { NamedParams } from './namedParams';
import { namedToParams } from './namedParams';

/**
 * How parameters start: `default` is torch's nn.Linear initialisation, `zeros` all zeros, or exact
 * values by tensor name in torch's layout (e.g. a golden case's `initial_params`).
 */
export type InitSpec = 'default' | 'zeros' | NamedParams;

/**
 * Fills `params` per `init`. `default` reproduces nn.Linear.reset_parameters: kaiming_uniform_(a=√5)
 * on the weight, which reduces to U(−1/√fan_in, 1/√fan_in), then the bias from the same range,
 * drawn from `rng` in torch's order (per layer: weight row-major, then bias). The distribution is
 * torch's; the values are not, since the generator is the engine's, not torch's.
 */
export function initParams(
  layout: readonly ParamTensor[],
  init: InitSpec,
  rng: Rng,
  params: FloatArray,
): void {
  if (init === 'zeros') {
    params.fill(0);
    return;
  }
  if (init === 'default') {
    // The layout lists each layer's weight before its bias, so its order is torch's draw order; a
    // bias takes the fan_in of the weight just before it.
    let fanIn = 0;
    for (const t of layout) {
      if (t.kind === 'weight') fanIn = t.shape[1]!;
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      const end = t.offset + t.size;
      for (let k = t.offset; k < end; k++) params[k] = rng.uniformRange(-bound, bound);
    }
    return;
  }
  namedToParams(layout, init, params);
}
