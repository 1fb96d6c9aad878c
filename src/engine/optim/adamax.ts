// Adamax: torch.optim.Adamax over one flat parameter buffer (also AdamaxGroup, adamaxStep).
import type { OptimizerConfigOf } from '../../protocol/optimizers';
import { allocFloat, type FloatArray, type Precision } from '../types';
import { lerp } from './lerp';
import type { Optimizer, OptimizerState } from './optimizer';
import { checkStateHeader, checkStepLengths, restoreBuffer } from './stateBuffers';
import { preambleGrad } from './gradPreamble';

/** Adamax's param group; schedulers write `lr`, OneCycleLR writes `betas[0]`. */
export type AdamaxGroup = OptimizerConfigOf<'Adamax'> & { initial_lr?: number };

/**
 * One Adamax step in place, as torch 2.x's `_single_tensor_adamax` (`t` is the new step, from 1):
 *
 * ```
 * g ← maximize ? −∇f(θ) : ∇f(θ)
 * if λ ≠ 0:  g ← g + λ·θ
 * m ← lerp(m, g, 1 − β₁)
 * u ← max(β₂·u, |g| + ε)
 * θ ← θ − (γ / (1 − β₁ᵗ)) · m / u
 * ```
 *
 * torch 1.13 moved m with `mul_(β₁).add_(g, alpha=1 − β₁)`; 2.x uses lerp, which can differ in
 * the last bit.
 */
export function adamaxStep(
  p: FloatArray,
  g: FloatArray,
  m: FloatArray,
  u: FloatArray,
  t: number,
  hp: Pick<AdamaxGroup, 'lr' | 'betas' | 'eps' | 'weight_decay' | 'maximize'>,
): void {
  const { lr, eps, weight_decay: wd, maximize } = hp;
  const [beta1, beta2] = hp.betas;
  const clr = lr / (1 - beta1 ** t);
  for (let i = 0; i < p.length; i++) {
    const gi = preambleGrad(p, g, i, maximize, wd, null);
    m[i] = lerp(m[i]!, gi, 1 - beta1);
    // Two stores, as torch: u is scaled in place (and rounded) before the max with |g| + ε.
    u[i] = beta2 * u[i]!;
    u[i] = Math.max(u[i]!, Math.abs(gi) + eps);
    p[i] = p[i]! + (-clr * m[i]!) / u[i]!;
  }
}

/** torch.optim.Adamax over one flat parameter buffer. */
export class Adamax implements Optimizer {
  private t = 0;
  private expAvg: FloatArray;
  private expInf: FloatArray;

  constructor(
    readonly group: AdamaxGroup,
    private readonly numParams: number,
    private readonly precision: Precision,
  ) {
    this.expAvg = allocFloat(precision, numParams);
    this.expInf = allocFloat(precision, numParams);
  }

  step(params: FloatArray, grads: FloatArray): void {
    checkStepLengths(this.numParams, params, grads);
    this.t += 1;
    adamaxStep(params, grads, this.expAvg, this.expInf, this.t, this.group);
  }

  getState(): OptimizerState {
    return {
      name: 'Adamax',
      step: this.t,
      buffers: { exp_avg: this.expAvg.slice(), exp_inf: this.expInf.slice() },
      scalars: {},
    };
  }

  setState(state: OptimizerState): void {
    checkStateHeader(state, 'Adamax');
    this.expAvg = restoreBuffer(state, 'exp_avg', this.numParams, this.precision);
    this.expInf = restoreBuffer(state, 'exp_inf', this.numParams, this.precision);
    this.t = state.step;
  }
}
