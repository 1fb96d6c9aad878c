import type { OptimizerConfigOf } from '../../protocol/optimizers';
import { allocFloat, type FloatArray, type Precision } from '../types';
import { lerp } from './lerp';
import type { Optimizer, OptimizerState } from './optimizer';
import { checkStateHeader, checkStepLengths, restoreBuffer, restoreOptionalBuffer } from './stateBuffers';

/** Adam's or AdamW's param group; schedulers write `lr`, OneCycleLR writes `betas[0]`. */
export type AdamGroup = (OptimizerConfigOf<'Adam'> | OptimizerConfigOf<'AdamW'>) & { initial_lr?: number };

/** The hyperparameters one Adam step reads. */
export type AdamHyper = Pick<AdamGroup, 'lr' | 'betas' | 'eps' | 'weight_decay' | 'amsgrad' | 'maximize'>;

/**
 * One Adam (or AdamW, with `decoupled`) step in place, as torch 2.x's `_single_tensor_adam`
 * (`t` is the new step, from 1):
 *
 * ```
 * g ← maximize ? −∇f(θ) : ∇f(θ)
 * if λ ≠ 0:  decoupled ? θ ← θ·(1 − γλ) : g ← g + λ·θ
 * m ← lerp(m, g, 1 − β₁)
 * v ← β₂·v + (1 − β₂)·g²
 * if amsgrad:  v̂ ← max(v̂, v) and use v̂ for v below      (the max of the uncorrected v)
 * θ ← θ − (γ / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * ```
 *
 * `vmax` is required when amsgrad. torch 1.13 moved m with `mul_(β₁).add_(g, alpha=1 − β₁)`;
 * 2.x uses lerp, which can differ in the last bit.
 */
export function adamStep(
  p: FloatArray,
  g: FloatArray,
  m: FloatArray,
  v: FloatArray,
  vmax: FloatArray | null,
  t: number,
  hp: AdamHyper,
  decoupled: boolean,
): void {
  const { lr, eps, weight_decay: wd, maximize } = hp;
  const [beta1, beta2] = hp.betas;
  const amsgrad = hp.amsgrad && vmax !== null;
  const decay = 1 - lr * wd;
  const stepSize = lr / (1 - beta1 ** t);
  const bc2Sqrt = Math.sqrt(1 - beta2 ** t);
  if (!maximize && wd === 0 && !amsgrad) {
    // The common configuration without its per-element branches: the same operations in the same
    // order as the general loop below, so the same bits, at a fraction of the time per element.
    const w1 = 1 - beta1;
    const w2 = 1 - beta2;
    for (let i = 0; i < p.length; i++) {
      const gi = g[i]!;
      m[i] = lerp(m[i]!, gi, w1);
      v[i] = beta2 * v[i]! + w2 * gi * gi;
      // Read back what was stored: in float32 the step uses the rounded moments, as torch does.
      p[i] = p[i]! + (-stepSize * m[i]!) / (Math.sqrt(v[i]!) / bc2Sqrt + eps);
    }
    return;
  }
  for (let i = 0; i < p.length; i++) {
    let gi = maximize ? -g[i]! : g[i]!;
    if (wd !== 0) {
      if (decoupled) p[i] = p[i]! * decay;
      else gi = gi + wd * p[i]!;
    }
    m[i] = lerp(m[i]!, gi, 1 - beta1);
    v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi;
    let second = v[i]!;
    if (amsgrad) {
      // torch.maximum propagates NaN; Math.max does too.
      vmax[i] = Math.max(vmax[i]!, second);
      second = vmax[i]!;
    }
    const denom = Math.sqrt(second) / bc2Sqrt + eps;
    p[i] = p[i]! + (-stepSize * m[i]!) / denom;
  }
}

/** torch.optim.Adam and torch.optim.AdamW over one flat parameter buffer. */
export class Adam implements Optimizer {
  private t = 0;
  private expAvg: FloatArray;
  private expAvgSq: FloatArray;
  private maxExpAvgSq: FloatArray | null = null;

  constructor(
    readonly group: AdamGroup,
    private readonly numParams: number,
    private readonly precision: Precision,
  ) {
    this.expAvg = allocFloat(precision, numParams);
    this.expAvgSq = allocFloat(precision, numParams);
    if (group.amsgrad) this.maxExpAvgSq = allocFloat(precision, numParams);
  }

  step(params: FloatArray, grads: FloatArray): void {
    checkStepLengths(this.numParams, params, grads);
    if (this.group.amsgrad && this.maxExpAvgSq === null) {
      this.maxExpAvgSq = allocFloat(this.precision, this.numParams);
    }
    this.t += 1;
    adamStep(
      params,
      grads,
      this.expAvg,
      this.expAvgSq,
      this.maxExpAvgSq,
      this.t,
      this.group,
      this.group.name === 'AdamW',
    );
  }

  getState(): OptimizerState {
    const buffers: Record<string, FloatArray> = {
      exp_avg: this.expAvg.slice(),
      exp_avg_sq: this.expAvgSq.slice(),
    };
    if (this.maxExpAvgSq) buffers.max_exp_avg_sq = this.maxExpAvgSq.slice();
    return { name: this.group.name, step: this.t, buffers, scalars: {} };
  }

  setState(state: OptimizerState): void {
    checkStateHeader(state, this.group.name);
    this.expAvg = restoreBuffer(state, 'exp_avg', this.numParams, this.precision);
    this.expAvgSq = restoreBuffer(state, 'exp_avg_sq', this.numParams, this.precision);
    this.maxExpAvgSq = restoreOptionalBuffer(state, 'max_exp_avg_sq', this.numParams, this.precision);
    this.t = state.step;
  }
}
