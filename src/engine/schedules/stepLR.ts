// StepLR: torch.optim.lr_scheduler.StepLR, chainable form (also StepLROptions).
import type { ParamGroup } from '../optim/optimizer';
import { BaseScheduler } from './baseScheduler';

export interface StepLROptions {
  step_size: number;
  gamma: number;
}

/**
 * torch.optim.lr_scheduler.StepLR, chainable form:
 *
 *     lr_t = lr_{t-1} · gamma   if t > 0 and t mod step_size = 0
 *     lr_t = lr_{t-1}           otherwise
 *
 * Closed form (SequentialLR's `step(0)`): `base_lr · gamma^⌊t / step_size⌋`.
 */
export class StepLR extends BaseScheduler {
  constructor(
    group: ParamGroup,
    private readonly o: StepLROptions,
  ) {
    super(group, 'StepLR');
    this.initialStep();
  }

  protected getLr(lr: number, epoch: number): number {
    return epoch === 0 || epoch % this.o.step_size !== 0 ? lr : lr * this.o.gamma;
  }

  protected override closedFormLr(epoch: number): number {
    return this.baseLr * this.o.gamma ** Math.floor(epoch / this.o.step_size);
  }
}
