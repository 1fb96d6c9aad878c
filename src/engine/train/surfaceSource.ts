// SurfaceSource: A 2-D surface seen by the training loop.
import type { FloatArray } from '../types';
import type { Surface } from '../surfaces/surface';
import type { StepSource } from './stepSource';

/**
 * A 2-D surface seen by the training loop: the parameter is the point `[x, y]`, every step is a
 * full "batch", and an epoch is one step, so per-step and per-epoch schedules coincide.
 */
export class SurfaceSource implements StepSource {
  readonly numParams = 2;
  readonly batchesPerEpoch = 1;
  private readonly scratch = new Float64Array(2);

  constructor(private readonly surface: Surface) {}

  beginEpoch(): void {}

  lossAndGrad(params: FloatArray, grads: FloatArray): number {
    return this.surface.valueAndGrad(params, grads);
  }

  trainLoss(params: FloatArray): number {
    return this.surface.valueAndGrad(params, this.scratch);
  }

  evaluate(): null {
    return null;
  }
}
