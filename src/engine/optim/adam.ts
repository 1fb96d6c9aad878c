// Adam: torch.optim.Adam and torch.optim.AdamW over one flat parameter buffer.
import type { OptimizerConfigOf } from '../../protocol/optimizers';
import type { FloatArray, Precision } from '../types';
import { KernelArena, type ArenaBuffer } from '../kernels/wasmKernels';
import { lerp } from './lerp';
import type { Optimizer, OptimizerState } from './optimizer';
import { checkStateHeader, checkStepLengths, restoreBuffer, restoreOptionalBuffer } from './stateBuffers';
import { decoupledDecay, preambleGrad } from './gradPreamble';

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
  const decay = decoupledDecay(lr, wd, decoupled);
  const stepSize = lr / (1 - beta1 ** t);
  const bc2Sqrt = Math.sqrt(1 - beta2 ** t);
  for (let i = 0; i < p.length; i++) {
    const gi = preambleGrad(p, g, i, maximize, wd, decay);
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

/**
 * torch.optim.Adam and torch.optim.AdamW over one flat parameter buffer. The moments (and
 * amsgrad's running maximum) live in a WebAssembly memory beside a copy of the parameters and
 * gradients, and every configuration steps in SIMD: in float64 with the same operations in the
 * same order as {@link adamStep}, so the same bits; in float32 rounding every operation to float32,
 * as torch does.
 */
export class Adam implements Optimizer {
  private t = 0;
  private readonly arena: KernelArena;
  private readonly buf: ArenaBuffer[];
  private readonly expAvg: FloatArray;
  private readonly expAvgSq: FloatArray;
  private readonly maxExpAvgSq: FloatArray;
  /** torch creates max_exp_avg_sq with the state when amsgrad is on; until then the state has none. */
  private hasMax: boolean;

  constructor(
    readonly group: AdamGroup,
    private readonly numParams: number,
    private readonly precision: Precision,
  ) {
    // Arena order: parameters, gradients, exp_avg, exp_avg_sq, max_exp_avg_sq.
    const { arena, buffers } = KernelArena.create(precision, [
      numParams,
      numParams,
      numParams,
      numParams,
      numParams,
    ]);
    this.arena = arena;
    this.buf = buffers;
    this.expAvg = buffers[2]!.view;
    this.expAvgSq = buffers[3]!.view;
    this.maxExpAvgSq = buffers[4]!.view;
    this.hasMax = group.amsgrad;
  }

  step(params: FloatArray, grads: FloatArray): void {
    checkStepLengths(this.numParams, params, grads);
    const g = this.group;
    if (g.amsgrad && !this.hasMax) {
      this.maxExpAvgSq.fill(0);
      this.hasMax = true;
    }
    this.t += 1;
    const [beta1, beta2] = g.betas;
    const [P, G, M, V, Vmax] = this.buf as [ArenaBuffer, ArenaBuffer, ArenaBuffer, ArenaBuffer, ArenaBuffer];
    P.view.set(params);
    G.view.set(grads);
    const stepSize = g.lr / (1 - beta1 ** this.t);
    const bc2Sqrt = Math.sqrt(1 - beta2 ** this.t);
    const decay = decoupledDecay(g.lr, g.weight_decay, g.name === 'AdamW');
    this.arena.adam(P.ptr, G.ptr, M.ptr, V.ptr, Vmax.ptr, this.numParams, g, stepSize, bc2Sqrt, decay);
    params.set(P.view);
  }

  getState(): OptimizerState {
    const buffers: Record<string, FloatArray> = {
      exp_avg: this.expAvg.slice(),
      exp_avg_sq: this.expAvgSq.slice(),
    };
    if (this.hasMax) buffers.max_exp_avg_sq = this.maxExpAvgSq.slice();
    return { name: this.group.name, step: this.t, buffers, scalars: {} };
  }

  setState(state: OptimizerState): void {
    checkStateHeader(state, this.group.name);
    this.expAvg.set(restoreBuffer(state, 'exp_avg', this.numParams, this.precision));
    this.expAvgSq.set(restoreBuffer(state, 'exp_avg_sq', this.numParams, this.precision));
    const saved = restoreOptionalBuffer(state, 'max_exp_avg_sq', this.numParams, this.precision);
    this.maxExpAvgSq.fill(0);
    if (saved) this.maxExpAvgSq.set(saved);
    this.hasMax = saved !== null;
    this.t = state.step;
  }
}
