// Adamax: torch.optim.Adamax over one flat parameter buffer (also AdamaxGroup, adamaxStep).
import type { OptimizerConfigOf } from '../../protocol/optimizers';
import type { FloatArray, Precision } from '../types';
import { KernelArena, type ArenaBuffer } from '../kernels/wasmKernels';
import { adamaxKernel } from '../kernels/optimizerKernels';
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
  const clr = adamaxClr(lr, beta1, t);
  for (let i = 0; i < p.length; i++) {
    const gi = preambleGrad(p, g, i, maximize, wd, null);
    m[i] = lerp(m[i]!, gi, 1 - beta1);
    // Two stores, as torch: u is scaled in place (and rounded) before the max with |g| + ε.
    u[i] = beta2 * u[i]!;
    u[i] = Math.max(u[i]!, Math.abs(gi) + eps);
    p[i] = p[i]! + (-clr * m[i]!) / u[i]!;
  }
}

/** Adamax's bias-corrected learning rate γ / (1 − β₁ᵗ) at step `t` (from 1). */
function adamaxClr(lr: number, beta1: number, t: number): number {
  return lr / (1 - beta1 ** t);
}

/**
 * torch.optim.Adamax over one flat parameter buffer. The moments live in a WebAssembly memory
 * beside a copy of the parameters and gradients, and every configuration steps in SIMD: in float64
 * with the operations of {@link adamaxStep} in the same order (the same bits), in float32 rounding
 * every operation to float32, as torch does.
 */
export class Adamax implements Optimizer {
  private t = 0;
  private readonly arena: KernelArena;
  private readonly buf: ArenaBuffer[];

  constructor(
    readonly group: AdamaxGroup,
    private readonly numParams: number,
    precision: Precision,
  ) {
    // Arena order: parameters, gradients, exp_avg, exp_inf.
    const { arena, buffers } = KernelArena.create(precision, [numParams, numParams, numParams, numParams]);
    this.arena = arena;
    this.buf = buffers;
  }

  step(params: FloatArray, grads: FloatArray): void {
    checkStepLengths(this.numParams, params, grads);
    this.t += 1;
    const g = this.group;
    const [P, G, M, U] = this.buf as [ArenaBuffer, ArenaBuffer, ArenaBuffer, ArenaBuffer];
    P.view.set(params);
    G.view.set(grads);
    const clr = adamaxClr(g.lr, g.betas[0], this.t);
    adamaxKernel(this.arena, P.ptr, G.ptr, M.ptr, U.ptr, this.numParams, g, clr);
    params.set(P.view);
  }

  getState(): OptimizerState {
    return {
      name: 'Adamax',
      step: this.t,
      buffers: { exp_avg: this.buf[2]!.view.slice(), exp_inf: this.buf[3]!.view.slice() },
      scalars: {},
    };
  }

  setState(state: OptimizerState): void {
    checkStateHeader(state, 'Adamax');
    const precision = this.arena.precision;
    this.buf[2]!.view.set(restoreBuffer(state, 'exp_avg', this.numParams, precision));
    this.buf[3]!.view.set(restoreBuffer(state, 'exp_inf', this.numParams, precision));
    this.t = state.step;
  }
}
