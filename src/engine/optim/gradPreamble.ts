// The lines every torch optimizer opens its update with, written once: `maximize` flips the
// gradient, and weight decay is either L2 (added to the gradient) or decoupled (AdamW: the
// parameter shrinks first). Each algorithm composes it before its own rule, as optax chains
// add_decayed_weights before scale_by_adam, keeping torch's names and order.
import type { FloatArray } from '../types';

/**
 * Element i's gradient after torch's shared preamble, as every `_single_tensor_*` function begins:
 *
 * ```
 * g ← maximize ? −∇f(θ) : ∇f(θ)
 * if λ ≠ 0:
 *     decoupled (AdamW, decoupled_weight_decay=True):  θ ← θ·(1 − γλ)     (g unchanged)
 *     else (L2):                                        g ← g + λ·θ
 * ```
 *
 * `decay` is the decoupled factor (1 − γλ), computed once per step, or null for L2 decay. Writes
 * θ[i] only for decoupled decay; returns the gradient the algorithm's own rule uses. The value is
 * kept in a double (not stored back into a float32 gradient), as the optimizers did inline.
 */
export function preambleGrad(
  p: FloatArray,
  g: FloatArray,
  i: number,
  maximize: boolean,
  wd: number,
  decay: number | null,
): number {
  let gi = maximize ? -g[i]! : g[i]!;
  if (wd !== 0) {
    if (decay !== null) p[i] = p[i]! * decay;
    else gi = gi + wd * p[i]!;
  }
  return gi;
}

/** The decoupled factor (1 − γλ) of a step for {@link preambleGrad}, or null for L2 decay. */
export function decoupledDecay(lr: number, wd: number, decoupled: boolean): number | null {
  return decoupled ? 1 - lr * wd : null;
}
