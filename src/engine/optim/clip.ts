// gradNorm: The p-norm of all gradients viewed as one vector, as `torch.nn.utils.clip_grad_norm_` computes
// it (torch takes the norm of the per-tensor norms, which is the same number up to rounding).
import { ConfigError } from '../errors';
import type { FloatArray } from '../types';

/**
 * The p-norm of all gradients viewed as one vector, as `torch.nn.utils.clip_grad_norm_` computes it
 * (torch takes the norm of the per-tensor norms, which is the same number up to rounding):
 * `(Σ|gᵢ|ᵖ)^(1/p)`, or `max|gᵢ|` for p = Infinity. NaN anywhere gives NaN, as in torch.
 */
export function gradNorm(grads: FloatArray, normType = 2): number {
  if (!(normType > 0)) {
    // torch accepts p ≤ 0, but then its norm of per-tensor norms is not a norm of the gradient
    // (p = 0 counts tensors, not elements), so a flat buffer cannot reproduce it.
    throw new ConfigError(`norm_type must be positive or inf, got ${normType}`);
  }
  let acc = 0;
  if (normType === Infinity) {
    for (let i = 0; i < grads.length; i++) acc = Math.max(acc, Math.abs(grads[i]!));
    return acc;
  }
  if (normType === 2) {
    for (let i = 0; i < grads.length; i++) acc += grads[i]! * grads[i]!;
    return Math.sqrt(acc);
  }
  if (normType === 1) {
    for (let i = 0; i < grads.length; i++) acc += Math.abs(grads[i]!);
    return acc;
  }
  for (let i = 0; i < grads.length; i++) acc += Math.abs(grads[i]!) ** normType;
  return acc ** (1 / normType);
}

const keep = (x: number): number => x;

/**
 * `torch.nn.utils.clip_grad_norm_(params, maxNorm, normType)` on the flat gradient of all
 * parameters, in place. Returns the total norm before clipping.
 *
 * ```
 * n ← ‖g‖ₚ
 * c ← min(maxNorm / (n + 1e−6), 1)
 * g ← c·g                  (always, even when c = 1, exactly as torch does)
 * ```
 *
 * For float32 gradients the norm is accumulated in float64 (torch accumulates in float32, so the
 * two agree to float32 rounding) and returned rounded to float32, the dtype torch returns it in.
 */
export function clipGradNorm(grads: FloatArray, maxNorm: number, normType = 2): number {
  // torch computes the coefficient in the gradients' dtype, its scalars cast to that dtype first.
  const round = grads instanceof Float32Array ? Math.fround : keep;
  const total = round(gradNorm(grads, normType));
  const coef = Math.min(round(round(maxNorm) / round(total + round(1e-6))), 1);
  for (let i = 0; i < grads.length; i++) grads[i] = grads[i]! * coef;
  return total;
}

/**
 * `torch.nn.utils.clip_grad_value_(params, clipValue)` on the flat gradient, in place: every
 * component is clamped to [−clipValue, clipValue]; NaN stays NaN.
 */
export function clipGradValue(grads: FloatArray, clipValue: number): void {
  for (let i = 0; i < grads.length; i++) grads[i] = Math.min(Math.max(grads[i]!, -clipValue), clipValue);
}
