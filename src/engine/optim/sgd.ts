// Sgd: torch.optim.SGD over one flat parameter buffer (also SgdGroup, sgdStep).
import type { OptimizerConfigOf } from '../../protocol/optimizers';
import type { FloatArray, Precision } from '../types';
import { KernelArena, type ArenaBuffer } from '../kernels/wasmKernels';
import type { Optimizer, OptimizerState } from './optimizer';
import { checkStateHeader, checkStepLengths, restoreOptionalBuffer } from './stateBuffers';
import { preambleGrad } from './gradPreamble';

/** SGD's param group; schedulers write `lr`, OneCycleLR writes `momentum`. */
export type SgdGroup = OptimizerConfigOf<'SGD'> & { initial_lr?: number };

/**
 * One SGD step in place, as torch 2.x's `_single_tensor_sgd`:
 *
 * ```
 * g ← maximize ? −∇f(θ) : ∇f(θ)
 * if λ ≠ 0:  g ← g + λ·θ
 * if μ ≠ 0:
 *     b ← first step ? g : μ·b + (1 − τ)·g        (the first buffer is a copy: no dampening)
 *     g ← nesterov ? g + μ·b : b
 * θ ← θ − γ·g
 * ```
 *
 * `buf` must hold a value when `bufReady` is true; the caller decides which step is the first
 * (torch keys it on the buffer being None, not on the step count). Returns nothing, allocates nothing.
 */
export function sgdStep(
  p: FloatArray,
  g: FloatArray,
  buf: FloatArray | null,
  bufReady: boolean,
  hp: Pick<SgdGroup, 'lr' | 'momentum' | 'dampening' | 'weight_decay' | 'nesterov' | 'maximize'>,
): void {
  const { lr, momentum, dampening, weight_decay: wd, nesterov, maximize } = hp;
  const useMomentum = momentum !== 0 && buf !== null;
  for (let i = 0; i < p.length; i++) {
    let gi = preambleGrad(p, g, i, maximize, wd, null);
    if (useMomentum) {
      const b = bufReady ? momentum * buf[i]! + (1 - dampening) * gi : gi;
      buf[i] = b;
      // torch reads the buffer back from its tensor, so use the stored (possibly float32) value.
      gi = nesterov ? gi + momentum * buf[i]! : buf[i]!;
    }
    p[i] = p[i]! + -lr * gi;
  }
}

/**
 * torch.optim.SGD over one flat parameter buffer. The momentum buffer lives in a WebAssembly memory
 * beside a copy of the parameters and gradients, and every configuration steps in SIMD: in float64
 * with the operations of {@link sgdStep} in the same order (the same bits), in float32 rounding
 * every operation to float32, as torch does.
 */
export class Sgd implements Optimizer {
  private t = 0;
  private readonly arena: KernelArena;
  private readonly buf: ArenaBuffer[];
  /** torch creates the buffer on the first step with momentum; until then the state has none. */
  private hasBuffer = false;

  constructor(
    readonly group: SgdGroup,
    private readonly numParams: number,
    precision: Precision,
  ) {
    // Arena order: parameters, gradients, momentum_buffer.
    const { arena, buffers } = KernelArena.create(precision, [numParams, numParams, numParams]);
    this.arena = arena;
    this.buf = buffers;
  }

  step(params: FloatArray, grads: FloatArray): void {
    checkStepLengths(this.numParams, params, grads);
    this.t += 1;
    // Like torch, the buffer is created on the first step that has momentum (OneCycleLR may
    // switch momentum on later), and that step copies the gradient into it.
    const ready = this.hasBuffer;
    if (this.group.momentum !== 0) this.hasBuffer = true;
    const [P, G, B] = [this.buf[0]!, this.buf[1]!, this.buf[2]!];
    P.view.set(params);
    G.view.set(grads);
    this.arena.sgd(P.ptr, G.ptr, B.ptr, this.numParams, this.group, ready);
    params.set(P.view);
  }

  getState(): OptimizerState {
    const buffers: Record<string, FloatArray> = {};
    if (this.hasBuffer) buffers.momentum_buffer = this.buf[2]!.view.slice();
    return { name: 'SGD', step: this.t, buffers, scalars: {} };
  }

  setState(state: OptimizerState): void {
    checkStateHeader(state, 'SGD');
    const saved = restoreOptionalBuffer(state, 'momentum_buffer', this.numParams, this.arena.precision);
    this.buf[2]!.view.fill(0);
    if (saved) this.buf[2]!.view.set(saved);
    this.hasBuffer = saved !== null;
    this.t = state.step;
  }
}
