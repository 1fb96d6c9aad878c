// OneCycleLR: torch.optim.lr_scheduler.OneCycleLR (not chainable) (also OneCycleLROptions).
import type { ParamGroup } from '../optim/optimizer';
import { cos } from './cos';
import { ConfigError } from '../errors';
import { BaseScheduler } from './baseScheduler';
import { momentumKind, writeMomentum } from './groupFields';
import { readNumber, readRecord } from './schedulerState';

export interface OneCycleLROptions {
  max_lr: number;
  total_steps: number;
  pct_start: number;
  anneal_strategy: 'cos' | 'linear';
  cycle_momentum: boolean;
  base_momentum: number;
  max_momentum: number;
  div_factor: number;
  final_div_factor: number;
  three_phase: boolean;
}

/**
 * The values torch's OneCycleLR stores on the param group (`group["max_lr"]`, ...) and reads back
 * at every step. They are kept per group, as in torch, so that two OneCycleLRs on one group (inside
 * a SequentialLR) see each other's values exactly as they do in torch.
 */
interface CycleFields {
  max_lr: number;
  min_lr: number;
  max_momentum: number | null;
  base_momentum: number | null;
}
const cycleFields = new WeakMap<ParamGroup, CycleFields>();

type LrKey = 'initial_lr' | 'max_lr' | 'min_lr';
type MomentumKey = 'max_momentum' | 'base_momentum';
interface Phase {
  endStep: number;
  startLr: LrKey;
  endLr: LrKey;
  startMomentum: MomentumKey;
  endMomentum: MomentumKey;
}

function phases(o: OneCycleLROptions): Phase[] {
  const n = o.total_steps;
  const warm: Phase = {
    endStep: o.pct_start * n - 1,
    startLr: 'initial_lr',
    endLr: 'max_lr',
    startMomentum: 'max_momentum',
    endMomentum: 'base_momentum',
  };
  if (!o.three_phase) {
    return [
      warm,
      {
        endStep: n - 1,
        startLr: 'max_lr',
        endLr: 'min_lr',
        startMomentum: 'base_momentum',
        endMomentum: 'max_momentum',
      },
    ];
  }
  return [
    warm,
    {
      endStep: 2 * o.pct_start * n - 2,
      startLr: 'max_lr',
      endLr: 'initial_lr',
      startMomentum: 'base_momentum',
      endMomentum: 'max_momentum',
    },
    {
      endStep: n - 1,
      startLr: 'initial_lr',
      endLr: 'min_lr',
      startMomentum: 'max_momentum',
      endMomentum: 'max_momentum',
    },
  ];
}

/** Cosine from `start` (pct 0) to `end` (pct 1), in torch's operation order. */
function annealCos(start: number, end: number, pct: number): number {
  return end + ((start - end) / 2) * (cos(Math.PI * pct) + 1);
}

function annealLinear(start: number, end: number, pct: number): number {
  return (end - start) * pct + start;
}

/**
 * torch.optim.lr_scheduler.OneCycleLR (not chainable). With initial_lr = max_lr/div_factor
 * (whatever lr the optimizer had) and min_lr = initial_lr/final_div_factor, step t falls in the
 * first phase whose end_step >= t (or the last phase) and
 *
 *     pct = (t − start_step) / (end_step − start_step)
 *     lr  = anneal(phase start lr, phase end lr, pct)
 *     cos: anneal(a, b, p) = b + (a − b)/2 · (cos(π·p) + 1)      linear: (b − a)·p + a
 *
 * Two phases: initial_lr → max_lr until step pct_start·N − 1, then max_lr → min_lr until N − 1.
 * three_phase: initial_lr → max_lr → initial_lr (symmetric, until 2·pct_start·N − 2), then
 * initial_lr → min_lr. With cycle_momentum, momentum (SGD, RMSprop) or beta1 (Adam family) moves
 * the opposite way between max_momentum and base_momentum, and stays at max_momentum in the third
 * phase. Stepping past t = N is torch's error.
 */
export class OneCycleLR extends BaseScheduler {
  private readonly phases: Phase[];

  constructor(
    group: ParamGroup,
    private readonly o: OneCycleLROptions,
  ) {
    if (!(o.total_steps > 0) || !Number.isInteger(o.total_steps)) {
      throw new ConfigError(`Expected positive integer total_steps, but got ${o.total_steps}`);
    }
    if (!(o.pct_start >= 0 && o.pct_start <= 1)) {
      throw new ConfigError(`Expected float between 0 and 1 pct_start, but got ${o.pct_start}`);
    }
    if (o.cycle_momentum && momentumKind(group) === null) {
      throw new ConfigError('optimizer must support momentum or beta1 with `cycle_momentum` option enabled');
    }
    // torch overwrites initial_lr (other schedulers only set it when absent), so the cycle starts at
    // max_lr/div_factor whatever lr the optimizer was given.
    group.initial_lr = o.max_lr / o.div_factor;
    const fields: CycleFields = cycleFields.get(group) ?? {
      max_lr: 0,
      min_lr: 0,
      max_momentum: null,
      base_momentum: null,
    };
    fields.max_lr = o.max_lr;
    fields.min_lr = group.initial_lr / o.final_div_factor;
    if (o.cycle_momentum) {
      writeMomentum(group, o.max_momentum);
      fields.max_momentum = o.max_momentum;
      fields.base_momentum = o.base_momentum;
    }
    cycleFields.set(group, fields);
    super(group, 'OneCycleLR');
    this.phases = phases(o);
    this.initialStep();
  }

  protected getLr(_lr: number, epoch: number): number {
    const { total_steps, cycle_momentum } = this.o;
    if (epoch > total_steps) {
      throw new ConfigError(
        `Tried to step ${epoch} times. The specified number of total steps is ${total_steps}`,
      );
    }
    const fields = cycleFields.get(this.group)!;
    const value = (key: LrKey | MomentumKey): number =>
      key === 'initial_lr' ? this.group.initial_lr! : fields[key]!;
    const anneal = this.o.anneal_strategy === 'cos' ? annealCos : annealLinear;
    const last = this.phases.length - 1;
    let i = 0;
    let startStep = 0;
    while (i < last && epoch > this.phases[i]!.endStep) {
      startStep = this.phases[i]!.endStep;
      i++;
    }
    const phase = this.phases[i]!;
    if (phase.endStep === startStep) {
      throw new ConfigError(
        `OneCycleLR: phase ${i + 1} of the cycle has no steps (pct_start ${this.o.pct_start}, ` +
          `total_steps ${total_steps}); torch fails here with "ZeroDivisionError: float division by zero"`,
      );
    }
    const pct = (epoch - startStep) / (phase.endStep - startStep);
    if (cycle_momentum) {
      writeMomentum(this.group, anneal(value(phase.startMomentum), value(phase.endMomentum), pct));
    }
    return anneal(value(phase.startLr), value(phase.endLr), pct);
  }

  protected override extraState(): Record<string, unknown> {
    return { cycle: { ...cycleFields.get(this.group)! } };
  }

  protected override setExtraState(state: Record<string, unknown>): void {
    const cycle = readRecord(state, 'cycle');
    const momentum = (key: MomentumKey): number | null =>
      cycle[key] === null ? null : readNumber(cycle, key);
    cycleFields.set(this.group, {
      max_lr: readNumber(cycle, 'max_lr'),
      min_lr: readNumber(cycle, 'min_lr'),
      max_momentum: momentum('max_momentum'),
      base_momentum: momentum('base_momentum'),
    });
  }
}
