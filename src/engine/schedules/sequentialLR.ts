// SequentialLR: torch.optim.lr_scheduler.SequentialLR.
import type { ParamGroup } from '../optim/optimizer';
import { ConfigError } from '../errors';
import { bisectRight } from './bisect';
import type { ChainableScheduler } from './chainable';
import type { LrScheduler } from './scheduler';
import { restoreGroup, snapshotGroup } from './groupFields';
import { expectName, readArray, readNumber, readRecord } from './schedulerState';

/**
 * torch.optim.lr_scheduler.SequentialLR. The children are built first, each doing its own initial
 * step on the group (so a later OneCycleLR has already set momentum and `initial_lr`); then, as in
 * torch, the lr goes back to `initial_lr`, every child's construction step is undone and only the
 * first child's initial step is redone. At step t:
 *
 *     i = bisect_right(milestones, t)
 *     t = milestones[i−1]  →  children[i].step(0)   (restart: closed form at epoch 0, so the next
 *                                                     child starts from its base lr)
 *     otherwise            →  children[i].step()
 *
 * Recent torch calls the child's `_update_lr(0)` where torch 1.13 to 2.x called `step(0)`; both set
 * epoch 0 through the closed form, and for CosineAnnealingWarmRestarts (whose own `step(0)` also
 * resets its period) the two agree because a child is never stepped before its milestone.
 */
export class SequentialLR implements LrScheduler {
  private lastEpoch = 0;
  private lastLr: number;

  constructor(
    private readonly group: ParamGroup,
    private readonly children: ChainableScheduler[],
    private readonly milestones: readonly number[],
  ) {
    if (children.length < 1) {
      throw new ConfigError('SequentialLR expects at least one scheduler, but got no scheduler.');
    }
    if (milestones.length !== children.length - 1) {
      throw new ConfigError(
        'Sequential Schedulers expects number of schedulers provided to be one more than the number of ' +
          `milestone points, but got number of schedulers ${children.length} and the number of milestones ` +
          `to be equal to ${milestones.length}`,
      );
    }
    group.lr = group.initial_lr!;
    for (const child of children) child.undoStep();
    this.first().initialStep();
    this.lastLr = this.first().getLastLr();
  }

  step(): void {
    this.lastEpoch += 1;
    const i = bisectRight(this.milestones, this.lastEpoch);
    const child = this.children[i]!;
    if (i > 0 && this.milestones[i - 1] === this.lastEpoch) child.restart();
    else child.step();
    this.lastLr = child.getLastLr();
  }

  getLastLr(): number {
    return this.lastLr;
  }

  getState(): Record<string, unknown> {
    return {
      name: 'SequentialLR',
      lastEpoch: this.lastEpoch,
      lastLr: this.lastLr,
      schedulers: this.children.map((c) => c.getState()),
      group: snapshotGroup(this.group),
    };
  }

  setState(state: Record<string, unknown>): void {
    expectName(state, 'SequentialLR');
    const saved = readArray(state, 'schedulers');
    if (saved.length !== this.children.length) {
      throw new Error(
        `invalid scheduler state: ${saved.length} schedulers saved, ${this.children.length} here`,
      );
    }
    this.children.forEach((c, i) => c.setState(readRecord({ s: saved[i] }, 's')));
    this.lastEpoch = readNumber(state, 'lastEpoch');
    this.lastLr = readNumber(state, 'lastLr');
    // Every child restored its own view of the group; the whole's is the one that holds.
    restoreGroup(this.group, readRecord(state, 'group'));
  }

  private first(): ChainableScheduler {
    return this.children[0]!;
  }
}
