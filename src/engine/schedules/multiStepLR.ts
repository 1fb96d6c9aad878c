// MultiStepLR: torch.optim.lr_scheduler.MultiStepLR, chainable form, with milestones counted like torch's
// `Counter` (a milestone listed twice decays twice at once).
import type { ParamGroup } from '../optim/optimizer';
import { BaseScheduler } from './baseScheduler';
import { bisectRight } from './bisect';

export interface MultiStepLROptions {
  milestones: readonly number[];
  gamma: number;
}

/**
 * torch.optim.lr_scheduler.MultiStepLR, chainable form, with milestones counted like torch's
 * `Counter` (a milestone listed twice decays twice at once):
 *
 *     lr_t = lr_{t-1} · gamma^count(t)   where count(t) = occurrences of t in milestones
 *
 * Applied from each previous lr, so gamma 0.1 twice is 0.1·0.1, not 0.01. A milestone 0 already
 * decays the construction step, as in torch.
 * Closed form (SequentialLR's `step(0)`): `base_lr · gamma^(number of milestones <= t)`.
 */
export class MultiStepLR extends BaseScheduler {
  private readonly counts = new Map<number, number>();
  private readonly sorted: number[];

  constructor(
    group: ParamGroup,
    private readonly o: MultiStepLROptions,
  ) {
    super(group, 'MultiStepLR');
    for (const m of o.milestones) this.counts.set(m, (this.counts.get(m) ?? 0) + 1);
    this.sorted = [...o.milestones].sort((a, b) => a - b);
    this.initialStep();
  }

  protected getLr(lr: number, epoch: number): number {
    const count = this.counts.get(epoch);
    return count === undefined ? lr : lr * this.o.gamma ** count;
  }

  protected override closedFormLr(epoch: number): number {
    return this.baseLr * this.o.gamma ** bisectRight(this.sorted, epoch);
  }
}
