import type { OptimizerConfigOf } from '../../protocol/optimizers';
import { allocFloat, type FloatArray, type Precision } from '../types';
import type { Optimizer, OptimizerState } from './optimizer';
import { checkStateHeader, checkStepLengths, restoreBuffer } from './stateBuffers';

/** Adagrad's param group; schedulers write `lr`. */
export type AdagradGroup = OptimizerConfigOf<'Adagrad'> & { initial_lr?: number };

/**
 * One Adagrad step in place, as torch 2.x's `_single_tensor_adagrad` (`t` is the new step, from 1):
 *
 * ```
 * g ← maximize ? −∇f(θ) : ∇f(θ)
 * if λ ≠ 0:  g ← g + λ·θ
 * γ̃ ← γ / (1 + (t − 1)·η)                    (η = lr_decay)
 * s ← s + g²                                  (s starts at initial_accumulator_value)
 * θ ← θ − γ̃·g / (√s + ε)
 * ```
 */
export function adagradStep(
  p: FloatArray,
  g: FloatArray,
  sum: FloatArray,
  t: number,
  hp: Pick<AdagradGroup, 'lr' | 'lr_decay' | 'weight_decay' | 'eps' | 'maximize'>,
): void {
  const { lr, lr_decay, weight_decay: wd, eps, maximize } = hp;
  const clr = lr / (1 + (t - 1) * lr_decay);
  for (let i = 0; i < p.length; i++) {
    let gi = maximize ? -g[i]! : g[i]!;
    if (wd !== 0) gi = gi + wd * p[i]!;
    sum[i] = sum[i]! + 1 * gi * gi;
    const std = Math.sqrt(sum[i]!) + eps;
    p[i] = p[i]! + (-clr * gi) / std;
  }
}

/** torch.optim.Adagrad over one flat parameter buffer. */
export class Adagrad implements Optimizer {
  private t = 0;
  private sum: FloatArray;

  constructor(
    readonly group: AdagradGroup,
    private readonly numParams: number,
    private readonly precision: Precision,
  ) {
    // torch fills the accumulator in the constructor, so a later change of the group's
    // initial_accumulator_value has no effect, here as there.
    this.sum = allocFloat(precision, numParams).fill(group.initial_accumulator_value);
  }

  step(params: FloatArray, grads: FloatArray): void {
    checkStepLengths(this.numParams, params, grads);
    this.t += 1;
    adagradStep(params, grads, this.sum, this.t, this.group);
  }

  getState(): OptimizerState {
    return { name: 'Adagrad', step: this.t, buffers: { sum: this.sum.slice() }, scalars: {} };
  }

  setState(state: OptimizerState): void {
    checkStateHeader(state, 'Adagrad');
    this.sum = restoreBuffer(state, 'sum', this.numParams, this.precision);
    this.t = state.step;
  }
}
