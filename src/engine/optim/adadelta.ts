// Adadelta: torch.optim.Adadelta over one flat parameter buffer (also AdadeltaGroup, adadeltaStep).
import type { OptimizerConfigOf } from '../../protocol/optimizers';
import type { FloatArray, Precision } from '../types';
import { KernelArena, type ArenaBuffer } from '../kernels/wasmKernels';
import { adadeltaKernel } from '../kernels/optimizerKernels';
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

/**
 * torch.optim.Adadelta over one flat parameter buffer. The square average and accumulated delta
 * live in a WebAssembly memory beside a copy of the parameters and gradients, and every
 * configuration steps in SIMD: in float64 with the operations of {@link adadeltaStep} in the same
 * order (the same bits), in float32 rounding every operation to float32, as torch does.
 */
export class Adadelta implements Optimizer {
  private t = 0;
  private readonly arena: KernelArena;
  private readonly buf: ArenaBuffer[];

  constructor(
    readonly group: AdadeltaGroup,
    private readonly numParams: number,
    precision: Precision,
  ) {
    // Arena order: parameters, gradients, square_avg, acc_delta.
    const { arena, buffers } = KernelArena.create(precision, [numParams, numParams, numParams, numParams]);
    this.arena = arena;
    this.buf = buffers;
  }

  step(params: FloatArray, grads: FloatArray): void {
    checkStepLengths(this.numParams, params, grads);
    this.t += 1;
    const [P, G, V, U] = this.buf as [ArenaBuffer, ArenaBuffer, ArenaBuffer, ArenaBuffer];
    P.view.set(params);
    G.view.set(grads);
    adadeltaKernel(this.arena, P.ptr, G.ptr, V.ptr, U.ptr, this.numParams, this.group);
    params.set(P.view);
  }

  getState(): OptimizerState {
    return {
      name: 'Adadelta',
      step: this.t,
      buffers: { square_avg: this.buf[2]!.view.slice(), acc_delta: this.buf[3]!.view.slice() },
      scalars: {},
    };
  }

  setState(state: OptimizerState): void {
    checkStateHeader(state, 'Adadelta');
    const precision = this.arena.precision;
    this.buf[2]!.view.set(restoreBuffer(state, 'square_avg', this.numParams, precision));
    this.buf[3]!.view.set(restoreBuffer(state, 'acc_delta', this.numParams, precision));
    this.t = state.step;
  }
}
