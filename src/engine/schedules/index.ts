// ScheduleContext: The run a scheduler belongs to (also oneCycleTotalSteps, createScheduler).
import type { ChainableScheduleConfig, ScheduleConfig } from '../../protocol/schedules';
import type { ParamGroup } from '../optim/optimizer';
import { ConfigError } from '../errors';
import type { ChainableScheduler } from './chainable';
import { CosineAnnealingLR } from './cosineAnnealingLR';
import { CosineAnnealingWarmRestarts } from './cosineAnnealingWarmRestarts';
import { ExponentialLR } from './exponentialLR';
import { LinearLR } from './linearLR';
import { MultiStepLR } from './multiStepLR';
import { OneCycleLR } from './oneCycleLR';
import { ReduceLROnPlateau } from './reduceLROnPlateau';
import type { LrScheduler } from './scheduler';
import { SequentialLR } from './sequentialLR';
import { StepLR } from './stepLR';

/** The run a scheduler belongs to: batches per epoch and the number of epochs. */
export interface ScheduleContext {
  stepsPerEpoch: number;
  epochs: number;
}

type OneCycleConfig = Extract<ScheduleConfig, { name: 'OneCycleLR' }>;

/**
 * OneCycleLR's cycle length, by torch's precedence: `total_steps`, else `epochs × steps_per_epoch`.
 * When the config gives neither, the run fills it in: every `scheduler.step()` of the run, that is
 * epochs × batches per epoch when stepping per batch, epochs when stepping per epoch.
 */
export function oneCycleTotalSteps(
  config: OneCycleConfig,
  interval: 'step' | 'epoch',
  context: ScheduleContext,
): number {
  if (config.total_steps !== undefined) return config.total_steps;
  if (config.epochs !== undefined && config.steps_per_epoch !== undefined) {
    return config.epochs * config.steps_per_epoch;
  }
  if (config.epochs === undefined && config.steps_per_epoch === undefined) {
    return interval === 'step' ? context.epochs * context.stepsPerEpoch : context.epochs;
  }
  throw new ConfigError('You must define either total_steps OR (epochs AND steps_per_epoch)');
}

// A child of SequentialLR is stepped when its parent is, so the parent's interval counts its steps.
function createChainable(
  config: ChainableScheduleConfig,
  group: ParamGroup,
  interval: 'step' | 'epoch',
  context: ScheduleContext,
): ChainableScheduler {
  switch (config.name) {
    case 'StepLR':
      return new StepLR(group, config);
    case 'MultiStepLR':
      return new MultiStepLR(group, config);
    case 'ExponentialLR':
      return new ExponentialLR(group, config);
    case 'CosineAnnealingLR':
      return new CosineAnnealingLR(group, config);
    case 'CosineAnnealingWarmRestarts':
      return new CosineAnnealingWarmRestarts(group, config);
    case 'LinearLR':
      return new LinearLR(group, config);
    case 'OneCycleLR':
      return new OneCycleLR(group, { ...config, total_steps: oneCycleTotalSteps(config, interval, context) });
  }
}

/**
 * Builds the scheduler a config names, attached to `group`, with torch's construction semantics: the
 * initial step has been taken, so `group.lr` already holds the lr of the first optimizer step.
 * Invalid settings throw ConfigError with torch's wording.
 */
export function createScheduler(
  config: ScheduleConfig,
  group: ParamGroup,
  context: ScheduleContext,
): LrScheduler {
  switch (config.name) {
    case 'ReduceLROnPlateau':
      return new ReduceLROnPlateau(group, config);
    case 'SequentialLR':
      return new SequentialLR(
        group,
        config.schedulers.map((c) => createChainable(c, group, config.interval, context)),
        config.milestones,
      );
    default:
      return createChainable(config, group, config.interval, context);
  }
}
