// CosineAnnealingLR: torch.optim.lr_scheduler.CosineAnnealingLR in torch's recursive (chainable) form,
// which is what torch computes and differs from the closed form by rounding.
import type { ParamGroup } from '../optim/optimizer';
import { cos } from './cos';
import { BaseScheduler } from './baseScheduler';

export interface CosineAnnealingLROptions {
  T_max: number;
  eta_min: number;
}

/** Python's `%` for integers: the result takes the divisor's sign. */
function pyMod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/**
 * torch.optim.lr_scheduler.CosineAnnealingLR in torch's recursive (chainable) form, which is what
 * torch computes and differs from the closed form by rounding:
 *
 *     lr_t = (1 + cos(π·t/T_max)) / (1 + cos(π·(t−1)/T_max)) · (lr_{t−1} − eta_min) + eta_min
 *
 * except where that denominator is 0 (t − 1 − T_max ≡ 0 mod 2·T_max), where the lr climbs back:
 *
 *     lr_t = lr_{t−1} + (base_lr − eta_min) · (1 − cos(π/T_max)) / 2
 *
 * Beyond T_max the lr rises again along the cosine (torch does not clamp). Closed form (SequentialLR's
 * `step(0)`): `eta_min + (base_lr − eta_min) · (1 + cos(π·t/T_max)) / 2`.
 */
export class CosineAnnealingLR extends BaseScheduler {
  constructor(
    group: ParamGroup,
    private readonly o: CosineAnnealingLROptions,
  ) {
    super(group, 'CosineAnnealingLR');
    this.initialStep();
  }

  protected getLr(lr: number, epoch: number, initial: boolean): number {
    const { T_max, eta_min } = this.o;
    if (initial) return lr;
    if (pyMod(epoch - 1 - T_max, 2 * T_max) === 0) {
      return lr + ((this.baseLr - eta_min) * (1 - cos(Math.PI / T_max))) / 2;
    }
    return (
      ((1 + cos((Math.PI * epoch) / T_max)) / (1 + cos((Math.PI * (epoch - 1)) / T_max))) * (lr - eta_min) +
      eta_min
    );
  }

  protected override closedFormLr(epoch: number): number {
    const { T_max, eta_min } = this.o;
    return eta_min + ((this.baseLr - eta_min) * (1 + cos((Math.PI * epoch) / T_max))) / 2;
  }
}
