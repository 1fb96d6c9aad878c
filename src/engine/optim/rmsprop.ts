// Rmsprop: torch.optim.RMSprop over one flat parameter buffer (also RmspropGroup, rmspropStep).
import type { OptimizerConfigOf } from '../../protocol/optimizers';
import type { FloatArray, Precision } from '../types';
import { KernelArena, type ArenaBuffer } from '../kernels/wasmKernels';
import { lerp } from './lerp';
import type { Optimizer, OptimizerState } from './optimizer';
import { checkStateHeader, checkStepLengths, restoreBuffer, restoreOptionalBuffer } from './stateBuffers';
import { preambleGrad } from './gradPreamble';

/** RMSprop's param group; schedulers write `lr`, OneCycleLR writes `momentum`. */
export type RmspropGroup = OptimizerConfigOf<'RMSprop'> & { initial_lr?: number };

/**
 * One RMSprop step in place, as torch 2.x's `_single_tensor_rmsprop`:
 *
 * ```
 * g ← maximize ? −∇f(θ) : ∇f(θ)
 * if λ ≠ 0:  g ← g + λ·θ
 * v ← α·v + (1 − α)·g²
 * if centered:  ḡ ← lerp(ḡ, g, 1 − α);  a ← √(v − ḡ²) + ε      else a ← √v + ε
 * if μ > 0:  b ← μ·b + g/a;  θ ← θ − γ·b                       else θ ← θ − γ·g/a
 * ```
 *
 * `gradAvg` is required when centered, `buf` when μ > 0. torch 1.13 moved ḡ with
 * `mul_(α).add_(g, alpha=1 − α)`; 2.x uses lerp, which can differ in the last bit.
 */
export function rmspropStep(
  p: FloatArray,
  g: FloatArray,
  squareAvg: FloatArray,
  gradAvg: FloatArray | null,
  buf: FloatArray | null,
  hp: Pick<RmspropGroup, 'lr' | 'alpha' | 'eps' | 'weight_decay' | 'momentum' | 'centered' | 'maximize'>,
): void {
  const { lr, alpha, eps, weight_decay: wd, momentum, centered, maximize } = hp;
  const useMomentum = momentum > 0 && buf !== null;
  const useCentered = centered && gradAvg !== null;
  for (let i = 0; i < p.length; i++) {
    const gi = preambleGrad(p, g, i, maximize, wd, null);
    squareAvg[i] = alpha * squareAvg[i]! + (1 - alpha) * gi * gi;
    let avg: number;
    if (useCentered) {
      gradAvg[i] = lerp(gradAvg[i]!, gi, 1 - alpha);
      const ga = gradAvg[i]!;
      avg = Math.sqrt(squareAvg[i]! + -1 * ga * ga) + eps;
    } else {
      avg = Math.sqrt(squareAvg[i]!) + eps;
    }
    if (useMomentum) {
      buf[i] = momentum * buf[i]! + gi / avg;
      p[i] = p[i]! + -lr * buf[i]!;
    } else {
      p[i] = p[i]! + (-lr * gi) / avg;
    }
  }
}

/**
 * torch.optim.RMSprop over one flat parameter buffer. Its buffers live in a WebAssembly memory
 * beside a copy of the parameters and gradients, and every configuration steps in SIMD: in float64
 * with the operations of {@link rmspropStep} in the same order (the same bits), in float32 rounding
 * every operation to float32, as torch does.
 */
export class Rmsprop implements Optimizer {
  private t = 0;
  private readonly arena: KernelArena;
  private readonly buf: ArenaBuffer[];
  /** Whether momentum_buffer and grad_avg exist yet (torch creates them when first needed). */
  private hasMomentum = false;
  private hasGradAvg = false;

  constructor(
    readonly group: RmspropGroup,
    private readonly numParams: number,
    precision: Precision,
  ) {
    // Arena order: parameters, gradients, square_avg, grad_avg, momentum_buffer.
    const n = numParams;
    const { arena, buffers } = KernelArena.create(precision, [n, n, n, n, n]);
    this.arena = arena;
    this.buf = buffers;
  }

  step(params: FloatArray, grads: FloatArray): void {
    checkStepLengths(this.numParams, params, grads);
    // torch creates these on the first step with the group as it is then; creating them whenever
    // they are first needed gives the same numbers (they start at zero) and survives a group
    // changed mid-run.
    if (this.group.momentum > 0) this.hasMomentum = true;
    if (this.group.centered) this.hasGradAvg = true;
    this.t += 1;
    const [P, G, V, GA, B] = this.buf as [ArenaBuffer, ArenaBuffer, ArenaBuffer, ArenaBuffer, ArenaBuffer];
    P.view.set(params);
    G.view.set(grads);
    this.arena.rmsprop(P.ptr, G.ptr, V.ptr, GA.ptr, B.ptr, this.numParams, this.group);
    params.set(P.view);
  }

  getState(): OptimizerState {
    const buffers: Record<string, FloatArray> = { square_avg: this.buf[2]!.view.slice() };
    if (this.hasMomentum) buffers.momentum_buffer = this.buf[4]!.view.slice();
    if (this.hasGradAvg) buffers.grad_avg = this.buf[3]!.view.slice();
    return { name: 'RMSprop', step: this.t, buffers, scalars: {} };
  }

  setState(state: OptimizerState): void {
    checkStateHeader(state, 'RMSprop');
    const { numParams: n } = this;
    const precision = this.arena.precision;
    this.buf[2]!.view.set(restoreBuffer(state, 'square_avg', n, precision));
    const momentum = restoreOptionalBuffer(state, 'momentum_buffer', n, precision);
    const gradAvg = restoreOptionalBuffer(state, 'grad_avg', n, precision);
    this.buf[4]!.view.fill(0);
    if (momentum) this.buf[4]!.view.set(momentum);
    this.buf[3]!.view.fill(0);
    if (gradAvg) this.buf[3]!.view.set(gradAvg);
    this.hasMomentum = momentum !== null;
    this.hasGradAvg = gradAvg !== null;
    this.t = state.step;
  }
}
