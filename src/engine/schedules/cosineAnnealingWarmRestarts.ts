// CosineAnnealingWarmRestarts: torch.optim.lr_scheduler.CosineAnnealingWarmRestarts (SGDR), computed from
// the base lr directly (not chainable).
import type { ParamGroup } from '../optim/optimizer';
import { cos } from './cos';
import { ConfigError } from '../errors';
import type { ChainableScheduler } from './chainable';
import { restoreGroup, snapshotGroup } from './groupFields';
import { expectName, readNumber, readRecord } from './schedulerState';

export interface CosineAnnealingWarmRestartsOptions {
  T_0: number;
  T_mult: number;
  eta_min: number;
}

/**
 * torch.optim.lr_scheduler.CosineAnnealingWarmRestarts (SGDR), computed from the base lr directly
 * (not chainable):
 *
 *     lr_t = eta_min + (base_lr − eta_min) · (1 + cos(π·T_cur/T_i)) / 2
 *
 * T_cur counts steps since the last restart; when it reaches T_i it wraps to T_cur − T_i and the
 * period grows, T_i ← T_i·T_mult (T_0 for the first period).
 */
export class CosineAnnealingWarmRestarts implements ChainableScheduler {
  private lastEpoch = -1;
  private baseLr: number;
  private tCur: number;
  private tI: number;
  private lastLr: number;

  constructor(
    private readonly group: ParamGroup,
    private readonly o: CosineAnnealingWarmRestartsOptions,
  ) {
    if (o.T_0 <= 0 || !Number.isInteger(o.T_0)) {
      throw new ConfigError(`Expected positive integer T_0, but got ${o.T_0}`);
    }
    if (o.T_mult < 1 || !Number.isInteger(o.T_mult)) {
      throw new ConfigError(`Expected integer T_mult >= 1, but got ${o.T_mult}`);
    }
    group.initial_lr ??= group.lr;
    this.baseLr = group.initial_lr;
    this.tCur = -1;
    this.tI = o.T_0;
    this.lastLr = group.lr;
    this.initialStep();
  }

  // torch's constructor step goes through this class's own step(), which starts at epoch 0.
  initialStep(): void {
    this.step();
  }

  step(): void {
    if (this.lastEpoch < 0) {
      this.restart();
      return;
    }
    this.tCur += 1;
    if (this.tCur >= this.tI) {
      this.tCur = this.tCur % this.tI;
      this.tI = this.tI * this.o.T_mult;
    }
    this.lastEpoch += 1;
    this.apply();
  }

  undoStep(): void {
    this.lastEpoch -= 1;
  }

  /** torch's `step(0)`: the first period from its start. */
  restart(): void {
    this.tI = this.o.T_0;
    this.tCur = 0;
    this.lastEpoch = 0;
    this.apply();
  }

  getLastLr(): number {
    return this.lastLr;
  }

  getState(): Record<string, unknown> {
    return {
      name: 'CosineAnnealingWarmRestarts',
      lastEpoch: this.lastEpoch,
      baseLr: this.baseLr,
      T_cur: this.tCur,
      T_i: this.tI,
      lastLr: this.lastLr,
      group: snapshotGroup(this.group),
    };
  }

  setState(state: Record<string, unknown>): void {
    expectName(state, 'CosineAnnealingWarmRestarts');
    this.lastEpoch = readNumber(state, 'lastEpoch');
    this.baseLr = readNumber(state, 'baseLr');
    this.tCur = readNumber(state, 'T_cur');
    this.tI = readNumber(state, 'T_i');
    this.lastLr = readNumber(state, 'lastLr');
    restoreGroup(this.group, readRecord(state, 'group'));
  }

  private apply(): void {
    const { eta_min } = this.o;
    const lr = eta_min + ((this.baseLr - eta_min) * (1 + cos((Math.PI * this.tCur) / this.tI))) / 2;
    this.group.lr = lr;
    this.lastLr = lr;
  }
}
