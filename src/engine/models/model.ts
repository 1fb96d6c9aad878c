// Model: A differentiable model + loss over a flat parameter buffer (also ParamTensor, Batch).
import type { FloatArray } from '../types';

/** One tensor inside the flat parameter buffer, named and shaped as torch names and shapes it. */
export interface ParamTensor {
  /** `weight`, `bias` for a single nn.Linear; `0.weight`, `0.bias`, `2.weight`, ... for nn.Sequential. */
  name: string;
  /** `[out, in]` for a weight (row-major, as nn.Linear), `[out]` for a bias. */
  shape: number[];
  offset: number;
  size: number;
  /** Weights take the explicit L2 penalty; biases do not. */
  kind: 'weight' | 'bias';
}

/**
 * A batch of rows, row-major: `X` holds `rows × nFeatures` values, `y` holds `rows` targets (the
 * class index as a number for cross-entropy, 0/1 for BCE) or `rows × nOutputs` for multi-output
 * regression.
 */
export interface Batch {
  X: FloatArray;
  y: FloatArray;
  rows: number;
}

/**
 * A differentiable model + loss over a flat parameter buffer. Forward and backward are written by
 * hand per model; scratch buffers are allocated once, at construction, for up to `maxRows` rows.
 */
export interface Model {
  readonly numParams: number;
  readonly layout: ParamTensor[];
  /** Mean loss over the batch (plus the explicit L2 penalty, if configured); fills `grads`. */
  lossAndGrad(params: FloatArray, batch: Batch, grads: FloatArray): number;
  /**
   * Mean loss over the batch, without gradients; plus the explicit L2 penalty unless
   * `withPenalty` is false (validation reports the data loss alone, comparable across l2 values).
   */
  loss(params: FloatArray, batch: Batch, withPenalty?: boolean): number;
  /** Raw outputs (logits for classification), `rows × nOutputs`, into `out`. */
  predict(params: FloatArray, X: FloatArray, rows: number, out: FloatArray): void;
  /**
   * The model's own input buffer, for batches of up to `rows` rows, or null if it has none that
   * large. A batch whose `X` is this buffer is read in place rather than copied in; any call of the
   * model overwrites it, so a caller fills it right before each `lossAndGrad`.
   */
  inputBuffer?(rows: number): FloatArray | null;
}
