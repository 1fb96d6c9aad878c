// StepSource: What the training loop optimizes (also Evaluation).
import type { FloatArray } from '../types';

/** Validation results of one evaluation: the loss and every metric the task has. */
export interface Evaluation {
  loss: number;
  /** e.g. `{ accuracy: 0.93 }` or `{ rmse: 0.4, r2: 0.8 }`. */
  metrics: Record<string, number>;
}

/**
 * What the training loop optimizes: a data set seen in batches, or a 2-D surface seen whole.
 * The loop asks for batches of an epoch in order; the source owns shuffling and gathering.
 */
export interface StepSource {
  readonly numParams: number;
  /** Optimizer steps per epoch. */
  readonly batchesPerEpoch: number;
  /** Called before the first batch of `epoch`: the source fixes the row order of the epoch. */
  beginEpoch(epoch: number): void;
  /** Loss on batch `b` of the current epoch at `params`; fills `grads`. */
  lossAndGrad(params: FloatArray, grads: FloatArray, b: number): number;
  /** Loss over the whole training set at `params` (no gradient). */
  trainLoss(params: FloatArray): number;
  /** Validation loss and metrics, or null when there is no validation split. */
  evaluate(params: FloatArray): Evaluation | null;
}
