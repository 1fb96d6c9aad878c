// ChainableScheduler: A scheduler SequentialLR can chain.
import type { LrScheduler } from './scheduler';

/**
 * A scheduler SequentialLR can chain. These are the parts of torch's `LRScheduler` that SequentialLR
 * reaches into: the constructor's initial step, the "undo" of that step, and `step(0)`.
 */
export interface ChainableScheduler extends LrScheduler {
  /** torch's `_initial_step()`: one step in initial mode, normally from `last_epoch = -1` to 0. */
  initialStep(): void;
  /** SequentialLR's undo of the construction step: `last_epoch -= 1`, the lr is left alone. */
  undoStep(): void;
  /** torch's `step(0)`: back to epoch 0, by the closed form where the class has one. */
  restart(): void;
}
