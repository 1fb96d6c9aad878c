// Radam: torch.optim.RAdam (torch 2.x) over one flat parameter buffer (also RadamGroup, radamStep).
import type { OptimizerConfigOf } from '../../protocol/optimizers';
import type { FloatArray, Precision } from '../types';
import { KernelArena, type ArenaBuffer } from '../kernels/wasmKernels';
import { radamKernel, type RadamStepScalars } from '../kernels/optimizerKernels';
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
  hp: RadamHyper,
): void {
  const { lr, eps, weight_decay: wd, maximize } = hp;
  const [beta1, beta2] = hp.betas;
  const { bc1, bc2Sqrt, rectified, rect, decay } = radamScalars(t, hp);
  for (let i = 0; i < p.length; i++) {
    const gi = preambleGrad(p, g, i, maximize, wd, decay);
    m[i] = lerp(m[i]!, gi, 1 - beta1);
    v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi;
    const corrected = m[i]! / bc1;
    const update = rectified ? corrected * lr * (bc2Sqrt / (Math.sqrt(v[i]!) + eps)) * rect : corrected * lr;
    p[i] = p[i]! + -1 * update;
  }
}

/** The hyperparameters one RAdam step reads. */
export type RadamHyper = Pick<
  RadamGroup,
  'lr' | 'betas' | 'eps' | 'weight_decay' | 'decoupled_weight_decay' | 'maximize'
>;

/**
 * The scalars of RAdam's step `t` (see {@link radamStep}), computed once in float64 by both the JS
 * step and the kernel's caller, so the two cannot differ: 1 − β₁ᵗ, √(1 − β₂ᵗ), whether ρₜ > 5 and
 * the rectification term r (0 when not rectified), and the decoupled decay factor (null for L2).
 */
export function radamScalars(t: number, hp: RadamHyper): RadamStepScalars {
  const { lr, weight_decay: wd, decoupled_weight_decay: decoupled } = hp;
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
  return { bc1, bc2Sqrt: Math.sqrt(bc2), rectified, rect, decay: decoupledDecay(lr, wd, decoupled) };
}

/**
 * torch.optim.RAdam (torch 2.x) over one flat parameter buffer. The moments live in a WebAssembly
 * memory beside a copy of the parameters and gradients, and every configuration steps in SIMD: in
 * float64 with the operations of {@link radamStep} in the same order (the same bits), in float32
 * rounding every operation to float32, as torch does; ρₜ and the rectification are computed in JS
 * by the same function as radamStep's, and the kernel takes the branch as a flag.
 */
export class Radam implements Optimizer {
  private t = 0;
  private readonly arena: KernelArena;
  private readonly buf: ArenaBuffer[];

  constructor(
    readonly group: RadamGroup,
    private readonly numParams: number,
    precision: Precision,
  ) {
    // Arena order: parameters, gradients, exp_avg, exp_avg_sq.
    const { arena, buffers } = KernelArena.create(precision, [numParams, numParams, numParams, numParams]);
    this.arena = arena;
    this.buf = buffers;
  }

  step(params: FloatArray, grads: FloatArray): void {
    checkStepLengths(this.numParams, params, grads);
    this.t += 1;
    const scalars = radamScalars(this.t, this.group);
    const [P, G, M, V] = this.buf as [ArenaBuffer, ArenaBuffer, ArenaBuffer, ArenaBuffer];
    P.view.set(params);
    G.view.set(grads);
    radamKernel(this.arena, P.ptr, G.ptr, M.ptr, V.ptr, this.numParams, this.group, scalars);
    params.set(P.view);
  }

  getState(): OptimizerState {
    return {
      name: 'RAdam',
      step: this.t,
      buffers: { exp_avg: this.buf[2]!.view.slice(), exp_avg_sq: this.buf[3]!.view.slice() },
      scalars: {},
    };
  }

  setState(state: OptimizerState): void {
    checkStateHeader(state, 'RAdam');
    const precision = this.arena.precision;
    this.buf[2]!.view.set(restoreBuffer(state, 'exp_avg', this.numParams, precision));
    this.buf[3]!.view.set(restoreBuffer(state, 'exp_avg_sq', this.numParams, precision));
    this.t = state.step;
  }
}
