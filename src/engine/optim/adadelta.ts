// Adadelta: torch.optim.Adadelta over one flat parameter buffer (also AdadeltaGroup, adadeltaStep).
import type { OptimizerConfigOf } from '../../protocol/optimizers';
import { allocFloat, type FloatArray, type Precision } from '../types';
import type { Optimizer, OptimizerState } from './optimizer';
import { checkStateHeader, checkStepLengths, restoreBuffer } from './stateBuffers';
import { preambleGrad } from './gradPreamble';

/** Adadelta's param group; schedulers write `lr`. */
export type AdadeltaGroup = OptimizerConfigOf<'Adadelta'> & { initial_lr?: number };

/**
 * One Adadelta step in place, as torch 2.x's `_single_tensor_adadelta`:
 *
 * ```
 * g ← maximize ? −∇f(θ) : ∇f(θ)
 * if λ ≠ 0:  g ← g + λ·θ
 * v ← ρ·v + (1 − ρ)·g²
 * Δ ← √(u + ε) / √(v + ε) · g
 * u ← ρ·u + (1 − ρ)·Δ²
 * θ ← θ − γ·Δ
 * ```
 */
export function adadeltaStep(
  p: FloatArray,
  g: FloatArray,
  squareAvg: FloatArray,
  accDelta: FloatArray,
  hp: Pick<AdadeltaGroup, 'lr' | 'rho' | 'eps' | 'weight_decay' | 'maximize'>,
): void {
  const { lr, rho, eps, weight_decay: wd, maximize } = hp;
  for (let i = 0; i < p.length; i++) {
    const gi = preambleGrad(p, g, i, maximize, wd, null);
    squareAvg[i] = rho * squareAvg[i]! + (1 - rho) * gi * gi;
    const std = Math.sqrt(squareAvg[i]! + eps);
    const delta = (Math.sqrt(accDelta[i]! + eps) / std) * gi;
    accDelta[i] = rho * accDelta[i]! + (1 - rho) * delta * delta;
    p[i] = p[i]! + -lr * delta;
  }
}

/** torch.optim.Adadelta over one flat parameter buffer. */
export class Adadelta implements Optimizer {
  private t = 0;
  private squareAvg: FloatArray;
  private accDelta: FloatArray;

  constructor(
    readonly group: AdadeltaGroup,
    private readonly numParams: number,
    private readonly precision: Precision,
  ) {
    this.squareAvg = allocFloat(precision, numParams);
    this.accDelta = allocFloat(precision, numParams);
  }

  step(params: FloatArray, grads: FloatArray): void {
    checkStepLengths(this.numParams, params, grads);
    this.t += 1;
    adadeltaStep(params, grads, this.squareAvg, this.accDelta, this.group);
  }

  getState(): OptimizerState {
    return {
      name: 'Adadelta',
      step: this.t,
      buffers: { square_avg: this.squareAvg.slice(), acc_delta: this.accDelta.slice() },
      scalars: {},
    };
  }

  setState(state: OptimizerState): void {
    checkStateHeader(state, 'Adadelta');
    this.squareAvg = restoreBuffer(state, 'square_avg', this.numParams, this.precision);
    this.accDelta = restoreBuffer(state, 'acc_delta', this.numParams, this.precision);
    this.t = state.step;
  }
}
