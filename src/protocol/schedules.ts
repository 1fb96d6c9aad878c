// The lr_scheduler configurations an experiment may name, one zod schema per scheduler, as torch defines
// them.
import { z } from 'zod';

/**
 * Learning-rate schedules as a user writes them: torch.optim.lr_scheduler class names and keyword
 * names, torch's defaults, plus `interval`: whether `scheduler.step()` is called after every
 * optimizer step ("step") or once per epoch ("epoch"), as in PyTorch Lightning.
 */

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });
const positiveInt = z.number().int().positive();
const nonNegative = finite.refine((v) => v >= 0, { message: 'must be >= 0' });
const interval = z.enum(['step', 'epoch']).default('epoch');

export const stepLRSchema = z.strictObject({
  name: z.literal('StepLR'),
  step_size: positiveInt,
  gamma: finite.default(0.1),
  interval,
});

export const multiStepLRSchema = z.strictObject({
  name: z.literal('MultiStepLR'),
  milestones: z.array(z.number().int().nonnegative()).min(1),
  gamma: finite.default(0.1),
  interval,
});

export const exponentialLRSchema = z.strictObject({
  name: z.literal('ExponentialLR'),
  gamma: finite,
  interval,
});

export const cosineAnnealingLRSchema = z.strictObject({
  name: z.literal('CosineAnnealingLR'),
  T_max: positiveInt,
  eta_min: nonNegative.default(0),
  interval,
});

export const cosineAnnealingWarmRestartsSchema = z.strictObject({
  name: z.literal('CosineAnnealingWarmRestarts'),
  T_0: positiveInt,
  T_mult: z.number().int().min(1).default(1),
  eta_min: nonNegative.default(0),
  interval,
});

export const oneCycleLRSchema = z.strictObject({
  name: z.literal('OneCycleLR'),
  max_lr: finite.refine((v) => v > 0, { message: 'must be > 0' }),
  /** Filled from epochs × batches per epoch when omitted, as torch does from epochs/steps_per_epoch. */
  total_steps: positiveInt.optional(),
  epochs: positiveInt.optional(),
  steps_per_epoch: positiveInt.optional(),
  pct_start: finite.refine((v) => v >= 0 && v <= 1, { message: 'must be in [0, 1]' }).default(0.3),
  anneal_strategy: z.enum(['cos', 'linear']).default('cos'),
  cycle_momentum: z.boolean().default(true),
  base_momentum: finite.default(0.85),
  max_momentum: finite.default(0.95),
  div_factor: finite.default(25),
  final_div_factor: finite.default(1e4),
  three_phase: z.boolean().default(false),
  interval: z.enum(['step', 'epoch']).default('step'),
});

export const linearLRSchema = z.strictObject({
  name: z.literal('LinearLR'),
  start_factor: finite
    .refine((v) => v > 0 && v <= 1, {
      message:
        'must be in (0, 1] (torch: Starting multiplicative factor expected to be greater than 0 and less or equal to 1.)',
    })
    .default(1 / 3),
  end_factor: finite
    .refine((v) => v >= 0 && v <= 1, {
      message: 'must be in [0, 1] (torch: Ending multiplicative factor expected to be between 0 and 1.)',
    })
    .default(1),
  total_iters: positiveInt.default(5),
  interval,
});

export const reduceLROnPlateauSchema = z.strictObject({
  name: z.literal('ReduceLROnPlateau'),
  mode: z.enum(['min', 'max']).default('min'),
  factor: finite
    .refine((v) => v < 1, { message: 'must be < 1 (torch: Factor should be < 1.0.)' })
    .default(0.1),
  patience: z.number().int().nonnegative().default(10),
  threshold: nonNegative.default(1e-4),
  threshold_mode: z.enum(['rel', 'abs']).default('rel'),
  cooldown: z.number().int().nonnegative().default(0),
  min_lr: nonNegative.default(0),
  eps: nonNegative.default(1e-8),
  /** The metric passed to `scheduler.step(metric)`. */
  monitor: z.enum(['val_loss', 'train_loss']).default('val_loss'),
  interval,
});

/** Schedules that SequentialLR may chain (everything but itself and ReduceLROnPlateau, as in torch). */
export const chainableScheduleSchemas = {
  StepLR: stepLRSchema,
  MultiStepLR: multiStepLRSchema,
  ExponentialLR: exponentialLRSchema,
  CosineAnnealingLR: cosineAnnealingLRSchema,
  CosineAnnealingWarmRestarts: cosineAnnealingWarmRestartsSchema,
  OneCycleLR: oneCycleLRSchema,
  LinearLR: linearLRSchema,
} as const;

type ChainableSchema = (typeof chainableScheduleSchemas)[keyof typeof chainableScheduleSchemas];
export const chainableScheduleSchema = z.discriminatedUnion(
  'name',
  Object.values(chainableScheduleSchemas) as [ChainableSchema, ...ChainableSchema[]],
);

export const sequentialLRSchema = z
  .strictObject({
    name: z.literal('SequentialLR'),
    schedulers: z.array(chainableScheduleSchema).min(2),
    milestones: z.array(positiveInt),
    interval,
  })
  .superRefine((s, ctx) => {
    if (s.milestones.length !== s.schedulers.length - 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['milestones'],
        message: `must have one entry fewer than schedulers (${s.schedulers.length - 1}), got ${s.milestones.length}`,
      });
    }
  });

/**
 * Every schedule, keyed by torch class name: the one list of schedule names. Per-schedule tables
 * elsewhere (torch's keyword order in engine/export/torchCode.ts) are `Record<ScheduleName, …>`.
 */
export const scheduleSchemas = {
  ...chainableScheduleSchemas,
  ReduceLROnPlateau: reduceLROnPlateauSchema,
  SequentialLR: sequentialLRSchema,
} as const;

type AnyScheduleSchema = (typeof scheduleSchemas)[keyof typeof scheduleSchemas];
export const scheduleConfigSchema = z.discriminatedUnion(
  'name',
  Object.values(scheduleSchemas) as [AnyScheduleSchema, ...AnyScheduleSchema[]],
);

export type ScheduleConfigInput = z.input<typeof scheduleConfigSchema>;
export type ScheduleConfig = z.output<typeof scheduleConfigSchema>;
export type ChainableScheduleConfig = z.output<typeof chainableScheduleSchema>;
export type ScheduleName = ScheduleConfig['name'];
