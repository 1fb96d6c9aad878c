// checkStateHeader: Checks that a saved state belongs to this algorithm and has a usable step counter.
import { ConfigError } from '../errors';
import { allocFloat, type FloatArray, type Precision } from '../types';
import type { OptimizerState } from './optimizer';
import type { OptimizerName } from '../../protocol/optimizers';

/**
 * Checks that a saved state belongs to this algorithm and has a usable step counter. A state from
 * another optimizer would restore silently wrong buffers, so it is refused with the reason.
 */
export function checkStateHeader(state: OptimizerState, name: OptimizerName): void {
  if (state.name !== name) {
    throw new ConfigError(`cannot restore ${state.name} optimizer state into ${name}`);
  }
  if (!Number.isInteger(state.step) || state.step < 0) {
    throw new ConfigError(`optimizer state step must be a non-negative integer, got ${state.step}`);
  }
}

/**
 * A copy of the saved buffer `key`, in the optimizer's precision, or null when the state has none
 * (buffers such as SGD's momentum exist only after their first use, as in torch).
 */
export function restoreOptionalBuffer(
  state: OptimizerState,
  key: string,
  numParams: number,
  precision: Precision,
): FloatArray | null {
  const src = state.buffers[key];
  if (src === undefined) return null;
  if (src.length !== numParams) {
    throw new ConfigError(
      `optimizer state buffer ${key} has ${src.length} values, the parameters have ${numParams}`,
    );
  }
  const copy = allocFloat(precision, numParams);
  copy.set(src);
  return copy;
}

/** Like {@link restoreOptionalBuffer}, for a buffer the algorithm always has. */
export function restoreBuffer(
  state: OptimizerState,
  key: string,
  numParams: number,
  precision: Precision,
): FloatArray {
  const copy = restoreOptionalBuffer(state, key, numParams, precision);
  if (copy === null) throw new ConfigError(`${state.name} optimizer state lacks buffer ${key}`);
  return copy;
}

/** A saved scalar such as NAdam's mu_product; refuses a missing or non-finite value. */
export function restoreScalar(state: OptimizerState, key: string): number {
  const v = state.scalars[key];
  if (v === undefined || !Number.isFinite(v)) {
    throw new ConfigError(`${state.name} optimizer state lacks a finite scalar ${key}`);
  }
  return v;
}

/**
 * Refuses a step whose buffers do not match the optimizer's parameter count: the kernels index all
 * three arrays together and would otherwise write NaN or stop short without a word.
 */
export function checkStepLengths(numParams: number, params: FloatArray, grads: FloatArray): void {
  if (params.length !== numParams || grads.length !== numParams) {
    throw new RangeError(
      `optimizer built for ${numParams} parameters was given ${params.length} parameters and ${grads.length} gradients`,
    );
  }
}
