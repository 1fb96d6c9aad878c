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
    if (grads instanceof Float32Array) return Math.sqrt(sumOfSquares32(grads));
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

/**
 * `Σ gᵢ²` of float32 values in float64, in eight running sums added pairwise at the end. Why not
 * one sum in index order: each addition would wait for the one before (~4 cycles an element, 8% of
 * a small MLP's step, docs/bench.md "Step overhead"); eight independent sums run ~2× faster. The
 * order does not matter to the float32 result: each gᵢ² is exact in float64 (24-bit significands),
 * and the sum's rounding error, ≤ n·2⁻⁵³ relative, is ~10⁻¹² for a million values, far below the
 * float32 rounding of the norm that clip_grad_norm_ returns (torch itself sums float32 in a
 * vectorised order). float64 gradients keep the in-order sum, bit for bit as before.
 */
function sumOfSquares32(g: Float32Array): number {
  const n = g.length;
  const m = n - (n & 7);
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0; // prettier-ignore
  let i = 0;
  for (; i < m; i += 8) {
    const x0 = g[i]!, x1 = g[i + 1]!, x2 = g[i + 2]!, x3 = g[i + 3]!; // prettier-ignore
    const x4 = g[i + 4]!, x5 = g[i + 5]!, x6 = g[i + 6]!, x7 = g[i + 7]!; // prettier-ignore
    a0 += x0 * x0;
    a1 += x1 * x1;
    a2 += x2 * x2;
    a3 += x3 * x3;
    a4 += x4 * x4;
    a5 += x5 * x5;
    a6 += x6 * x6;
    a7 += x7 * x7;
  }
  for (; i < n; i++) a0 += g[i]! * g[i]!;
  return a0 + a1 + (a2 + a3) + (a4 + a5 + (a6 + a7));
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
