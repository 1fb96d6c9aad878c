// LinearLR: torch.optim.lr_scheduler.LinearLR, chainable form (s = start_factor, e = end_factor, T =
// total_iters).
import type { ParamGroup } from '../optim/optimizer';
import { ConfigError } from '../errors';
import { BaseScheduler } from './baseScheduler';

export interface LinearLROptions {
  start_factor: number;
  end_factor: number;
  total_iters: number;
}

/**
 * torch.optim.lr_scheduler.LinearLR, chainable form (s = start_factor, e = end_factor,
 * T = total_iters):
 *
 *     lr_0 = lr · s
 *     lr_t = lr_{t−1} · (1 + (e − s) / (T·s + (t − 1)·(e − s)))   for 0 < t <= T
 *     lr_t = lr_{t−1}                                            for t > T
 *
 * Closed form (SequentialLR's `step(0)`): `base_lr · (s + (e − s)·min(T, t)/T)`.
 */
export class LinearLR extends BaseScheduler {
  constructor(
    group: ParamGroup,
    private readonly o: LinearLROptions,
  ) {
    if (o.start_factor > 1 || o.start_factor <= 0) {
      throw new ConfigError(
        'Starting multiplicative factor expected to be greater than 0 and less or equal to 1.',
      );
    }
    if (o.end_factor > 1 || o.end_factor < 0) {
      throw new ConfigError('Ending multiplicative factor expected to be between 0 and 1.');
    }
    super(group, 'LinearLR');
    this.initialStep();
  }

  protected getLr(lr: number, epoch: number, initial: boolean): number {
    const { start_factor: s, end_factor: e, total_iters: T } = this.o;
    if (epoch === 0) return lr * s;
    if (initial || epoch > T) return lr;
    return lr * (1 + (e - s) / (T * s + (epoch - 1) * (e - s)));
  }

  protected override closedFormLr(epoch: number): number {
    const { start_factor: s, end_factor: e, total_iters: T } = this.o;
    return this.baseLr * (s + ((e - s) * Math.min(T, epoch)) / T);
  }
}
