import type { OptimizerConfigOf } from '../../protocol/optimizers';
import { allocFloat, type FloatArray, type Precision } from '../types';
import type { Optimizer, OptimizerState } from './optimizer';
import { checkStateHeader, checkStepLengths, restoreOptionalBuffer } from './stateBuffers';

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
    let gi = maximize ? -g[i]! : g[i]!;
    if (wd !== 0) gi = gi + wd * p[i]!;
    if (useMomentum) {
      const b = bufReady ? momentum * buf[i]! + (1 - dampening) * gi : gi;
      buf[i] = b;
      // torch reads the buffer back from its tensor, so use the stored (possibly float32) value.
      gi = nesterov ? gi + momentum * buf[i]! : buf[i]!;
    }
    p[i] = p[i]! + -lr * gi;
  }
}

/** torch.optim.SGD over one flat parameter buffer. */
export class Sgd implements Optimizer {
  private t = 0;
  private momentumBuffer: FloatArray | null = null;

  constructor(
    readonly group: SgdGroup,
    private readonly numParams: number,
    private readonly precision: Precision,
  ) {}

  step(params: FloatArray, grads: FloatArray): void {
    checkStepLengths(this.numParams, params, grads);
    this.t += 1;
    // Like torch, the buffer is created on the first step that has momentum (OneCycleLR may
    // switch momentum on later), and that step copies the gradient into it.
    const ready = this.momentumBuffer !== null;
    if (this.group.momentum !== 0 && this.momentumBuffer === null) {
      this.momentumBuffer = allocFloat(this.precision, this.numParams);
    }
    sgdStep(params, grads, this.momentumBuffer, ready, this.group);
  }

  getState(): OptimizerState {
    const buffers: Record<string, FloatArray> = {};
    if (this.momentumBuffer) buffers.momentum_buffer = this.momentumBuffer.slice();
    return { name: 'SGD', step: this.t, buffers, scalars: {} };
  }

  setState(state: OptimizerState): void {
    checkStateHeader(state, 'SGD');
    this.momentumBuffer = restoreOptionalBuffer(state, 'momentum_buffer', this.numParams, this.precision);
    this.t = state.step;
  }
}
