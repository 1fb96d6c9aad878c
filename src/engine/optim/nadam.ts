// Nadam: torch.optim.NAdam (torch 2.x) over one flat parameter buffer (also NadamGroup, nadamStep).
import type { OptimizerConfigOf } from '../../protocol/optimizers';
import type { FloatArray, Precision } from '../types';
import { KernelArena, type ArenaBuffer } from '../kernels/wasmKernels';
import { nadamKernel, type NadamStepScalars } from '../kernels/optimizerKernels';
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
  hp: NadamHyper,
  roundProduct: (x: number) => number,
): number {
  const { eps, weight_decay: wd, maximize } = hp;
  const [beta1, beta2] = hp.betas;
  const { product, bc2, gradScale, avgScale, decay } = nadamScalars(t, muProduct, hp, roundProduct);
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

/** The hyperparameters one NAdam step reads. */
export type NadamHyper = Pick<
  NadamGroup,
  'lr' | 'betas' | 'eps' | 'weight_decay' | 'momentum_decay' | 'decoupled_weight_decay' | 'maximize'
>;

/**
 * The scalars of NAdam's step `t` (see {@link nadamStep}), computed once in float64 by both the JS
 * step and the kernel's caller, so the two cannot differ: the new ∏ μᵢ, 1 − β₂ᵗ, the gradient's
 * and the average's scales, and the decoupled decay factor (null for L2).
 */
export function nadamScalars(
  t: number,
  muProduct: number,
  hp: NadamHyper,
  roundProduct: (x: number) => number,
): NadamStepScalars & { product: number } {
  const { lr, weight_decay: wd, momentum_decay: psi, decoupled_weight_decay: decoupled } = hp;
  const [beta1, beta2] = hp.betas;
  const bc2 = 1 - beta2 ** t;
  const mu = beta1 * (1 - 0.5 * 0.96 ** (t * psi));
  const muNext = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi));
  const product = roundProduct(roundProduct(muProduct) * roundProduct(mu));
  const productNext = product * muNext;
  const gradScale = (-lr * (1 - mu)) / (1 - product);
  const avgScale = (-lr * muNext) / (1 - productNext);
  return { product, bc2, gradScale, avgScale, decay: decoupledDecay(lr, wd, decoupled) };
}

const identity = (x: number): number => x;

/**
 * torch.optim.NAdam (torch 2.x) over one flat parameter buffer. The moments live in a WebAssembly
 * memory beside a copy of the parameters and gradients, and every configuration steps in SIMD: in
 * float64 with the operations of {@link nadamStep} in the same order (the same bits), in float32
 * rounding every operation to float32, as torch does; ∏ μᵢ and the step's scales are computed in
 * JS by the same function as nadamStep's.
 */
export class Nadam implements Optimizer {
  private t = 0;
  private muProduct = 1;
  private readonly arena: KernelArena;
  private readonly buf: ArenaBuffer[];
  private readonly roundProduct: (x: number) => number;

  constructor(
    readonly group: NadamGroup,
    private readonly numParams: number,
    precision: Precision,
  ) {
    // Arena order: parameters, gradients, exp_avg, exp_avg_sq.
    const { arena, buffers } = KernelArena.create(precision, [numParams, numParams, numParams, numParams]);
    this.arena = arena;
    this.buf = buffers;
    this.roundProduct = precision === 'float32' ? Math.fround : identity;
  }

  step(params: FloatArray, grads: FloatArray): void {
    checkStepLengths(this.numParams, params, grads);
    this.t += 1;
    const scalars = nadamScalars(this.t, this.muProduct, this.group, this.roundProduct);
    const [P, G, M, V] = this.buf as [ArenaBuffer, ArenaBuffer, ArenaBuffer, ArenaBuffer];
    P.view.set(params);
    G.view.set(grads);
    nadamKernel(this.arena, P.ptr, G.ptr, M.ptr, V.ptr, this.numParams, this.group, scalars);
    params.set(P.view);
    this.muProduct = scalars.product;
  }

  getState(): OptimizerState {
    return {
      name: 'NAdam',
      step: this.t,
      buffers: { exp_avg: this.buf[2]!.view.slice(), exp_avg_sq: this.buf[3]!.view.slice() },
      scalars: { mu_product: this.muProduct },
    };
  }

  setState(state: OptimizerState): void {
    checkStateHeader(state, 'NAdam');
    const precision = this.arena.precision;
    this.buf[2]!.view.set(restoreBuffer(state, 'exp_avg', this.numParams, precision));
    this.buf[3]!.view.set(restoreBuffer(state, 'exp_avg_sq', this.numParams, precision));
    this.muProduct = restoreScalar(state, 'mu_product');
    this.t = state.step;
  }
}
