// Nadam: torch.optim.NAdam (torch 2.x) over one flat parameter buffer (also NadamGroup, nadamStep).
import type { OptimizerConfigOf } from '../../protocol/optimizers';
import { allocFloat, type FloatArray, type Precision } from '../types';
import { lerp } from './lerp';
import type { Optimizer, OptimizerState } from './optimizer';
import { checkStateHeader, checkStepLengths, restoreBuffer, restoreScalar } from './stateBuffers';
import { decoupledDecay, preambleGrad } from './gradPreamble';

/** NAdam's param group; schedulers write `lr`, OneCycleLR writes `betas[0]`. */
export type NadamGroup = OptimizerConfigOf<'NAdam'> & { initial_lr?: number };

/**
 * One NAdam step in place, as torch 2.x's `_single_tensor_nadam` (`t` is the new step, from 1;
 * `muProduct` is ∏ μᵢ over the previous steps, 1 before the first). Returns the new ∏ μᵢ.
 *
 * ```
 * g ← maximize ? −∇f(θ) : ∇f(θ)
 * if λ ≠ 0:  decoupled_weight_decay ? θ ← θ·(1 − γλ) : g ← g + λ·θ
 * μₜ ← β₁·(1 − ½·0.96^(t·ψ));  μₜ₊₁ ← β₁·(1 − ½·0.96^((t+1)·ψ))      (ψ = momentum_decay)
 * Π ← Π·μₜ
 * m ← lerp(m, g, 1 − β₁);  v ← β₂·v + (1 − β₂)·g²
 * d ← √(v / (1 − β₂ᵗ)) + ε
 * θ ← θ − γ(1 − μₜ)/(1 − Π) · g/d − γμₜ₊₁/(1 − Π·μₜ₊₁) · m/d
 * ```
 *
 * torch 1.13 used Π·μₜ·μₜ₊₁ in the last denominator (μₜ counted twice); torch 2.0 fixed it
 * (pytorch PR #92699) and this follows 2.x. torch keeps Π in a tensor of the default dtype, so
 * `roundProduct` rounds it to float32 when the experiment runs in float32.
 */
export function nadamStep(
  p: FloatArray,
  g: FloatArray,
  m: FloatArray,
  v: FloatArray,
  t: number,
  muProduct: number,
  hp: Pick<
    NadamGroup,
    'lr' | 'betas' | 'eps' | 'weight_decay' | 'momentum_decay' | 'decoupled_weight_decay' | 'maximize'
  >,
  roundProduct: (x: number) => number,
): number {
  const { lr, eps, weight_decay: wd, momentum_decay: psi, decoupled_weight_decay: decoupled, maximize } = hp;
  const [beta1, beta2] = hp.betas;
  const bc2 = 1 - beta2 ** t;
  const mu = beta1 * (1 - 0.5 * 0.96 ** (t * psi));
  const muNext = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi));
  const product = roundProduct(roundProduct(muProduct) * roundProduct(mu));
  const productNext = product * muNext;
  const gradScale = (-lr * (1 - mu)) / (1 - product);
  const avgScale = (-lr * muNext) / (1 - productNext);
  const decay = decoupledDecay(lr, wd, decoupled);
  for (let i = 0; i < p.length; i++) {
    const gi = preambleGrad(p, g, i, maximize, wd, decay);
    m[i] = lerp(m[i]!, gi, 1 - beta1);
    v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi;
    const denom = Math.sqrt(v[i]! / bc2) + eps;
    p[i] = p[i]! + (gradScale * gi) / denom;
    p[i] = p[i]! + (avgScale * m[i]!) / denom;
  }
  return product;
}

const identity = (x: number): number => x;

/** torch.optim.NAdam (torch 2.x) over one flat parameter buffer. */
export class Nadam implements Optimizer {
  private t = 0;
  private muProduct = 1;
  private expAvg: FloatArray;
  private expAvgSq: FloatArray;
  private readonly roundProduct: (x: number) => number;

  constructor(
    readonly group: NadamGroup,
    private readonly numParams: number,
    private readonly precision: Precision,
  ) {
    this.expAvg = allocFloat(precision, numParams);
    this.expAvgSq = allocFloat(precision, numParams);
    this.roundProduct = precision === 'float32' ? Math.fround : identity;
  }

  step(params: FloatArray, grads: FloatArray): void {
    checkStepLengths(this.numParams, params, grads);
    this.t += 1;
    this.muProduct = nadamStep(
      params,
      grads,
      this.expAvg,
      this.expAvgSq,
      this.t,
      this.muProduct,
      this.group,
      this.roundProduct,
    );
  }

  getState(): OptimizerState {
    return {
      name: 'NAdam',
      step: this.t,
      buffers: { exp_avg: this.expAvg.slice(), exp_avg_sq: this.expAvgSq.slice() },
      scalars: { mu_product: this.muProduct },
    };
  }

  setState(state: OptimizerState): void {
    checkStateHeader(state, 'NAdam');
    this.expAvg = restoreBuffer(state, 'exp_avg', this.numParams, this.precision);
    this.expAvgSq = restoreBuffer(state, 'exp_avg_sq', this.numParams, this.precision);
    this.muProduct = restoreScalar(state, 'mu_product');
    this.t = state.step;
  }
}
