// Optimizer: An optimizer over one flat parameter buffer, with torch.optim semantics.
import type { FloatArray } from '../types';
import type { OptimizerConfig, OptimizerName } from '../../protocol/optimizers';

/**
 * The optimizer's param group, as torch keeps it in `optimizer.param_groups[0]`: every
 * hyperparameter, mutable, because schedulers write `lr` (and OneCycleLR writes `momentum` or
 * `betas[0]`) between steps. `initial_lr` is set by the first scheduler attached, as in torch.
 */
export type ParamGroup = OptimizerConfig & { initial_lr?: number };

/**
 * Plain-data optimizer state: a step counter and named buffers (momentum, exp_avg, ...). It can be
 * structured-cloned to a worker, saved to disk and restored.
 */
export interface OptimizerState {
  name: OptimizerName;
  step: number;
  buffers: Record<string, FloatArray>;
  /** Scalars some algorithms carry across steps (NAdam's mu_product). */
  scalars: Record<string, number>;
}

/**
 * An optimizer over one flat parameter buffer, with torch.optim semantics. All parameters form one
 * param group; every algorithm here is element-wise, so a flat buffer gives exactly torch's result.
 */
export interface Optimizer {
  readonly group: ParamGroup;
  /**
   * One update, in place on `params`. `grads` is the gradient of the loss at `params`; the
   * optimizer may overwrite it (it is scratch once the step is taken), which saves a copy per step.
   */
  step(params: FloatArray, grads: FloatArray): void;
  getState(): OptimizerState;
  setState(state: OptimizerState): void;
}
