// l2PenaltyValue: `l2 · Σ w²` over the weight tensors of `layout` (biases are not penalised).
import type { FloatArray } from '../types';
import type { ParamTensor } from './model';

/** `l2 · Σ w²` over the weight tensors of `layout` (biases are not penalised). */
export function l2PenaltyValue(layout: readonly ParamTensor[], params: FloatArray, l2: number): number {
  let sum = 0;
  for (const t of layout) {
    if (t.kind !== 'weight') continue;
    const end = t.offset + t.size;
    for (let k = t.offset; k < end; k++) sum += params[k]! * params[k]!;
  }
  return l2 * sum;
}

/** Returns `l2 · Σ w²` over the weight tensors and adds its gradient `2·l2·w` into `grads`. */
export function addL2Penalty(
  layout: readonly ParamTensor[],
  params: FloatArray,
  l2: number,
  grads: FloatArray,
): number {
  const twoL2 = 2 * l2;
  let sum = 0;
  for (const t of layout) {
    if (t.kind !== 'weight') continue;
    const end = t.offset + t.size;
    for (let k = t.offset; k < end; k++) {
      const w = params[k]!;
      sum += w * w;
      grads[k] = grads[k]! + twoL2 * w;
    }
  }
  return l2 * sum;
}
