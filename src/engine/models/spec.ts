// Activation: Hidden-layer activations, as torch's nn.ReLU, nn.Tanh, nn.Sigmoid and nn.LeakyReLU(0.01).
import type { Precision } from '../types';

/** Hidden-layer activations, as torch's nn.ReLU, nn.Tanh, nn.Sigmoid and nn.LeakyReLU(0.01). */
export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'leaky_relu';

/**
 * Which network: `linear`, `logistic` and `softmax` are one nn.Linear (tensors `weight`, `bias`)
 * paired with MSE/Huber, BCEWithLogits and CrossEntropy respectively; `mlp` is
 * nn.Sequential(Linear, Act, ..., Linear) with one hidden layer per entry of `hidden`.
 */
export interface ModelSpec {
  type: 'linear' | 'logistic' | 'softmax' | 'mlp';
  hidden?: number[];
  activation?: Activation;
}

/** The sizes a model is built for. */
export interface ModelDims {
  nFeatures: number;
  /** Outputs per row: regression targets, 1 logit for binary, K logits for K classes. */
  nOutputs: number;
  /** Rows the scratch buffers hold; larger batches are processed in chunks of this many. */
  maxRows: number;
  precision: Precision;
  /**
   * Coefficient of an explicit penalty `l2 · Σ w²` over weight tensors (not biases), added to the
   * loss itself, so it also shows in the reported loss and adds `2·l2·w` to the gradient. This is
   * the "penalty in the loss" form; it is not an optimizer's `weight_decay`, which adds
   * `weight_decay·w` to the gradient (or decays the weights, for AdamW) and never shows in the loss.
   */
  l2?: number;
}
