// Adagrad: torch.optim.Adagrad over one flat parameter buffer (also AdagradGroup, adagradStep).
import type { OptimizerConfigOf } from '../../protocol/optimizers';
import type { FloatArray, Precision } from '../types';
import { KernelArena, type ArenaBuffer } from '../kernels/wasmKernels';
import type { Optimizer, OptimizerState } from './optimizer';
import { checkStateHeader, checkStepLengths, restoreBuffer } from './stateBuffers';
import { preambleGrad } from './gradPreamble';

/** Adagrad's param group; schedulers write `lr`. */
export type AdagradGroup = OptimizerConfigOf<'Adagrad'> & { initial_lr?: number };

/**
 * One Adagrad step in place, as torch 2.x's `_single_tensor_adagrad` (`t` is the new step, from 1):
 *
 * ```
 * g ← maximize ? −∇f(θ) : ∇f(θ)
 * if λ ≠ 0:  g ← g + λ·θ
 * γ̃ ← γ / (1 + (t − 1)·η)                    (η = lr_decay)
 * s ← s + g²                                  (s starts at initial_accumulator_value)
 * θ ← θ − γ̃·g / (√s + ε)
 * ```
 */
export function adagradStep(
  p: FloatArray,
  g: FloatArray,
  sum: FloatArray,
  t: number,
  hp: Pick<AdagradGroup, 'lr' | 'lr_decay' | 'weight_decay' | 'eps' | 'maximize'>,
): void {
  const { lr, lr_decay, weight_decay: wd, eps, maximize } = hp;
  const clr = lr / (1 + (t - 1) * lr_decay);
  for (let i = 0; i < p.length; i++) {
    const gi = preambleGrad(p, g, i, maximize, wd, null);
    sum[i] = sum[i]! + 1 * gi * gi;
    const std = Math.sqrt(sum[i]!) + eps;
    p[i] = p[i]! + (-clr * gi) / std;
  }
}

/**
 * torch.optim.Adagrad over one flat parameter buffer. The sum of squares lives in a WebAssembly
 * memory beside a copy of the parameters and gradients, and every configuration steps in SIMD: in
 * float64 with the operations of {@link adagradStep} in the same order (the same bits), in float32
 * rounding every operation to float32, as torch does.
 */
export class Adagrad implements Optimizer {
  private t = 0;
  private readonly arena: KernelArena;
  private readonly buf: ArenaBuffer[];

  constructor(
    readonly group: AdagradGroup,
    private readonly numParams: number,
    precision: Precision,
  ) {
    // Arena order: parameters, gradients, sum.
    const { arena, buffers } = KernelArena.create(precision, [numParams, numParams, numParams]);
    this.arena = arena;
    this.buf = buffers;
    // torch fills the accumulator in the constructor, so a later change of the group's
    // initial_accumulator_value has no effect, here as there.
    buffers[2]!.view.fill(group.initial_accumulator_value);
  }

  step(params: FloatArray, grads: FloatArray): void {
    checkStepLengths(this.numParams, params, grads);
    this.t += 1;
    const g = this.group;
    const clr = g.lr / (1 + (this.t - 1) * g.lr_decay);
    const [P, G, S] = [this.buf[0]!, this.buf[1]!, this.buf[2]!];
    P.view.set(params);
    G.view.set(grads);
    this.arena.adagrad(P.ptr, G.ptr, S.ptr, this.numParams, g, clr);
    params.set(P.view);
  }

  getState(): OptimizerState {
    return { name: 'Adagrad', step: this.t, buffers: { sum: this.buf[2]!.view.slice() }, scalars: {} };
  }

  setState(state: OptimizerState): void {
    checkStateHeader(state, 'Adagrad');
    this.buf[2]!.view.set(restoreBuffer(state, 'sum', this.numParams, this.arena.precision));
    this.t = state.step;
  }
}
