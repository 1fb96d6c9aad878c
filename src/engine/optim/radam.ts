// Radam: torch.optim.RAdam (torch 2.x) over one flat parameter buffer (also RadamGroup, radamStep).
import type { OptimizerConfigOf } from '../../protocol/optimizers';
import { allocFloat, type FloatArray, type Precision } from '../types';
import { lerp } from './lerp';
import type { Optimizer, OptimizerState } from './optimizer';
import { checkStateHeader, checkStepLengths, restoreBuffer } from './stateBuffers';
import { decoupledDecay, preambleGrad } from './gradPreamble';

/** RAdam's param group; schedulers write `lr`, OneCycleLR writes `betas[0]`. */
export type RadamGroup = OptimizerConfigOf<'RAdam'> & { initial_lr?: number };

/**
 * One RAdam step in place, as torch 2.x's `_single_tensor_radam` (`t` is the new step, from 1):
 *
 * ```
 * g ← maximize ? −∇f(θ) : ∇f(θ)
 * if λ ≠ 0:  decoupled_weight_decay ? θ ← θ·(1 − γλ) : g ← g + λ·θ
 * m ← lerp(m, g, 1 − β₁);  v ← β₂·v + (1 − β₂)·g²
 * m̂ ← m / (1 − β₁ᵗ)
 * ρ∞ ← 2/(1 − β₂) − 1;  ρₜ ← ρ∞ − 2t·β₂ᵗ/(1 − β₂ᵗ)
 * if ρₜ > 5:
 *     r ← √((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ))
 *     θ ← θ − m̂·γ · √(1 − β₂ᵗ)/(√v + ε) · r
 * else:
 *     θ ← θ − m̂·γ                                       (the first 5 steps at β₂ = 0.999)
 * ```
 *
 * torch 1.13 moved m with `mul_(β₁).add_(g, alpha=1 − β₁)` and had neither maximize nor
 * decoupled weight decay (added in 2.x); this follows 2.x.
 */
export function radamStep(
  p: FloatArray,
  g: FloatArray,
  m: FloatArray,
  v: FloatArray,
  t: number,
  hp: Pick<RadamGroup, 'lr' | 'betas' | 'eps' | 'weight_decay' | 'decoupled_weight_decay' | 'maximize'>,
): void {
  const { lr, eps, weight_decay: wd, decoupled_weight_decay: decoupled, maximize } = hp;
  const [beta1, beta2] = hp.betas;
  const bc1 = 1 - beta1 ** t;
  const beta2t = beta2 ** t;
  const bc2 = 1 - beta2t;
  const rhoInf = 2 / (1 - beta2) - 1;
  const rhoT = rhoInf - (2 * t * beta2t) / bc2;
  const rectified = rhoT > 5;
  const rect = rectified
    ? Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT))
    : 0;
  const bc2Sqrt = Math.sqrt(bc2);
  const decay = decoupledDecay(lr, wd, decoupled);
  for (let i = 0; i < p.length; i++) {
    const gi = preambleGrad(p, g, i, maximize, wd, decay);
    m[i] = lerp(m[i]!, gi, 1 - beta1);
    v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi;
    const corrected = m[i]! / bc1;
    const update = rectified ? corrected * lr * (bc2Sqrt / (Math.sqrt(v[i]!) + eps)) * rect : corrected * lr;
    p[i] = p[i]! + -1 * update;
  }
}

/** torch.optim.RAdam (torch 2.x) over one flat parameter buffer. */
export class Radam implements Optimizer {
  private t = 0;
  private expAvg: FloatArray;
  private expAvgSq: FloatArray;

  constructor(
    readonly group: RadamGroup,
    private readonly numParams: number,
    private readonly precision: Precision,
  ) {
    this.expAvg = allocFloat(precision, numParams);
    this.expAvgSq = allocFloat(precision, numParams);
  }

  step(params: FloatArray, grads: FloatArray): void {
    checkStepLengths(this.numParams, params, grads);
    this.t += 1;
    radamStep(params, grads, this.expAvg, this.expAvgSq, this.t, this.group);
  }

  getState(): OptimizerState {
    return {
      name: 'RAdam',
      step: this.t,
      buffers: { exp_avg: this.expAvg.slice(), exp_avg_sq: this.expAvgSq.slice() },
      scalars: {},
    };
  }

  setState(state: OptimizerState): void {
    checkStateHeader(state, 'RAdam');
    this.expAvg = restoreBuffer(state, 'exp_avg', this.numParams, this.precision);
    this.expAvgSq = restoreBuffer(state, 'exp_avg_sq', this.numParams, this.precision);
    this.t = state.step;
  }
}
