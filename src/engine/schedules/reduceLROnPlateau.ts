// ReduceLROnPlateau: torch.optim.lr_scheduler.ReduceLROnPlateau (also ReduceLROnPlateauOptions).
import type { ParamGroup } from '../optim/optimizer';
import { ConfigError } from '../errors';
import { restoreGroup, snapshotGroup } from './groupFields';
import type { LrScheduler } from './scheduler';
import { expectName, jsonNumber, readNumber, readRecord } from './schedulerState';

export interface ReduceLROnPlateauOptions {
  mode: 'min' | 'max';
  factor: number;
  patience: number;
  threshold: number;
  threshold_mode: 'rel' | 'abs';
  cooldown: number;
  min_lr: number;
  eps: number;
}

/**
 * torch.optim.lr_scheduler.ReduceLROnPlateau. Each `step(metric)`:
 *
 *     better = metric < best·(1 − threshold)   (min, rel)     metric < best − threshold   (min, abs)
 *              metric > best·(1 + threshold)   (max, rel)     metric > best + threshold   (max, abs)
 *     if better: best = metric, bad = 0   else: bad += 1
 *     if cooldown_counter > 0: cooldown_counter −= 1, bad = 0
 *     if bad > patience:
 *         new_lr = max(lr·factor, min_lr);  lr = new_lr only if lr − new_lr > eps
 *         cooldown_counter = cooldown, bad = 0
 *
 * `best` starts at +∞ (min) or −∞ (max), so the first metric is always an improvement; a NaN metric
 * never is. As in torch, construction leaves the group alone: no initial step, no `initial_lr`.
 */
export class ReduceLROnPlateau implements LrScheduler {
  private lastEpoch = 0;
  private best: number;
  private numBadEpochs = 0;
  private cooldownCounter = 0;
  private lastLr: number;

  constructor(
    private readonly group: ParamGroup,
    private readonly o: ReduceLROnPlateauOptions,
  ) {
    if (o.factor >= 1) throw new ConfigError('Factor should be < 1.0.');
    this.best = o.mode === 'min' ? Infinity : -Infinity;
    this.lastLr = group.lr;
  }

  step(metric?: number): void {
    if (metric === undefined) throw new TypeError('ReduceLROnPlateau.step() needs the monitored metric');
    this.lastEpoch += 1;
    if (this.isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.o.patience) {
      const oldLr = this.group.lr;
      const newLr = Math.max(oldLr * this.o.factor, this.o.min_lr);
      if (oldLr - newLr > this.o.eps) this.group.lr = newLr;
      this.cooldownCounter = this.o.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.group.lr;
  }

  getLastLr(): number {
    return this.lastLr;
  }

  getState(): Record<string, unknown> {
    return {
      name: 'ReduceLROnPlateau',
      lastEpoch: this.lastEpoch,
      best: jsonNumber(this.best),
      numBadEpochs: this.numBadEpochs,
      cooldownCounter: this.cooldownCounter,
      lastLr: this.lastLr,
      group: snapshotGroup(this.group),
    };
  }

  setState(state: Record<string, unknown>): void {
    expectName(state, 'ReduceLROnPlateau');
    this.lastEpoch = readNumber(state, 'lastEpoch');
    this.best = readNumber(state, 'best');
    this.numBadEpochs = readNumber(state, 'numBadEpochs');
    this.cooldownCounter = readNumber(state, 'cooldownCounter');
    this.lastLr = readNumber(state, 'lastLr');
    restoreGroup(this.group, readRecord(state, 'group'));
  }

  private isBetter(a: number): boolean {
    const { mode, threshold, threshold_mode } = this.o;
    if (mode === 'min')
      return threshold_mode === 'rel' ? a < this.best * (1 - threshold) : a < this.best - threshold;
    return threshold_mode === 'rel' ? a > this.best * (threshold + 1) : a > this.best + threshold;
  }
}
