// ExponentialLR: torch.optim.lr_scheduler.ExponentialLR, chainable form.
import type { ParamGroup } from '../optim/optimizer';
import { BaseScheduler } from './baseScheduler';

export interface ExponentialLROptions {
  gamma: number;
}

/**
 * torch.optim.lr_scheduler.ExponentialLR, chainable form:
 *
 *     lr_0 = lr (the construction step leaves it),   lr_t = lr_{t-1} · gamma
 *
 * Closed form (SequentialLR's `step(0)`): `base_lr · gamma^t`.
 */
export class ExponentialLR extends BaseScheduler {
  constructor(
    group: ParamGroup,
    private readonly o: ExponentialLROptions,
  ) {
    super(group, 'ExponentialLR');
    this.initialStep();
  }

  protected getLr(lr: number, _epoch: number, initial: boolean): number {
    return initial ? lr : lr * this.o.gamma;
  }

  protected override closedFormLr(epoch: number): number {
    return this.baseLr * this.o.gamma ** epoch;
  }
}
