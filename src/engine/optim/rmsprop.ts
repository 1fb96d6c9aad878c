import type { OptimizerConfigOf } from '../../protocol/optimizers';
import { allocFloat, type FloatArray, type Precision } from '../types';
import { lerp } from './lerp';
import type { Optimizer, OptimizerState } from './optimizer';
import { checkStateHeader, checkStepLengths, restoreBuffer, restoreOptionalBuffer } from './stateBuffers';

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
    let gi = maximize ? -g[i]! : g[i]!;
    if (wd !== 0) gi = gi + wd * p[i]!;
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

/** torch.optim.RMSprop over one flat parameter buffer. */
export class Rmsprop implements Optimizer {
  private t = 0;
  private squareAvg: FloatArray;
  private gradAvg: FloatArray | null = null;
  private momentumBuffer: FloatArray | null = null;

  constructor(
    readonly group: RmspropGroup,
    private readonly numParams: number,
    private readonly precision: Precision,
  ) {
    this.squareAvg = allocFloat(precision, numParams);
  }

  step(params: FloatArray, grads: FloatArray): void {
    checkStepLengths(this.numParams, params, grads);
    // torch creates these on the first step with the group as it is then; creating them whenever
    // they are first needed gives the same numbers and survives a group changed mid-run.
    if (this.group.momentum > 0 && this.momentumBuffer === null) {
      this.momentumBuffer = allocFloat(this.precision, this.numParams);
    }
    if (this.group.centered && this.gradAvg === null) {
      this.gradAvg = allocFloat(this.precision, this.numParams);
    }
    this.t += 1;
    rmspropStep(params, grads, this.squareAvg, this.gradAvg, this.momentumBuffer, this.group);
  }

  getState(): OptimizerState {
    const buffers: Record<string, FloatArray> = { square_avg: this.squareAvg.slice() };
    if (this.momentumBuffer) buffers.momentum_buffer = this.momentumBuffer.slice();
    if (this.gradAvg) buffers.grad_avg = this.gradAvg.slice();
    return { name: 'RMSprop', step: this.t, buffers, scalars: {} };
  }

  setState(state: OptimizerState): void {
    checkStateHeader(state, 'RMSprop');
    this.squareAvg = restoreBuffer(state, 'square_avg', this.numParams, this.precision);
    this.momentumBuffer = restoreOptionalBuffer(state, 'momentum_buffer', this.numParams, this.precision);
    this.gradAvg = restoreOptionalBuffer(state, 'grad_avg', this.numParams, this.precision);
    this.t = state.step;
  }
}
