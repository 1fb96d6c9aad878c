// BaseScheduler: torch's `LRScheduler` for the classes that compute each lr from the previous one (the
// chainable `get_lr`).
import type { ParamGroup } from '../optim/optimizer';
import type { ChainableScheduler } from './chainable';
import { restoreGroup, snapshotGroup } from './groupFields';
import { expectName, readNumber, readRecord } from './schedulerState';

/**
 * torch's `LRScheduler` for the classes that compute each lr from the previous one (the chainable
 * `get_lr`): `step()` advances `last_epoch` and writes `getLr(group.lr, last_epoch)` into the group.
 * Construction sets `group.initial_lr` if absent and takes it as the base lr; a subclass ends its
 * constructor with `initialStep()`, once its own fields exist.
 *
 * torch's `_step_count` is left out: it only picks the closed form in CosineAnnealingLR when a run is
 * resumed through the constructor's `last_epoch`, which this engine never does (it uses setState).
 */
export abstract class BaseScheduler implements ChainableScheduler {
  protected lastEpoch = -1;
  protected baseLr: number;
  private lastLr: number;

  constructor(
    protected readonly group: ParamGroup,
    private readonly name: string,
  ) {
    group.initial_lr ??= group.lr;
    this.baseLr = group.initial_lr;
    this.lastLr = group.lr;
  }

  /**
   * torch's `get_lr()` at `epoch`, from the lr the group holds now. `initial` is torch's
   * `_is_initial`: true only for the construction step.
   */
  protected abstract getLr(lr: number, epoch: number, initial: boolean): number;

  /** torch's `_get_closed_form_lr()` at `epoch`; classes without one use `getLr`. */
  protected closedFormLr(epoch: number): number {
    return this.getLr(this.group.lr, epoch, false);
  }

  /** Fields a subclass keeps beyond torch's `last_epoch` and `base_lrs`. */
  protected extraState(): Record<string, unknown> {
    return {};
  }

  protected setExtraState(_state: Record<string, unknown>): void {}

  initialStep(): void {
    this.advance(this.lastEpoch + 1, this.getLr(this.group.lr, this.lastEpoch + 1, true));
  }

  step(): void {
    this.advance(this.lastEpoch + 1, this.getLr(this.group.lr, this.lastEpoch + 1, false));
  }

  undoStep(): void {
    this.lastEpoch -= 1;
  }

  restart(): void {
    this.advance(0, this.closedFormLr(0));
  }

  getLastLr(): number {
    return this.lastLr;
  }

  getState(): Record<string, unknown> {
    return {
      name: this.name,
      lastEpoch: this.lastEpoch,
      baseLr: this.baseLr,
      lastLr: this.lastLr,
      group: snapshotGroup(this.group),
      ...this.extraState(),
    };
  }

  setState(state: Record<string, unknown>): void {
    expectName(state, this.name);
    this.lastEpoch = readNumber(state, 'lastEpoch');
    this.baseLr = readNumber(state, 'baseLr');
    this.lastLr = readNumber(state, 'lastLr');
    this.setExtraState(state);
    restoreGroup(this.group, readRecord(state, 'group'));
  }

  // The epoch only moves once the lr is known, so a step that throws (OneCycleLR past its end)
  // leaves the scheduler as it was.
  private advance(epoch: number, lr: number): void {
    this.lastEpoch = epoch;
    this.group.lr = lr;
    this.lastLr = lr;
  }
}
