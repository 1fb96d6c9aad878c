// The `search` section of an experiment file as a user writes it: parameters, budget, pruning,
// TPE settings (zod schemas with the descriptions the editor shows).
import { z } from 'zod';
import { dataParallelSearchParams } from './dataParallel';

/**
 * The `search` section of an experiment file: a hyperparameter search over the optimizer's keyword
 * arguments (and the optimizer itself, the batch size and the l2 penalty), run by grid, random or
 * TPE sampling, optionally with ASHA / Hyperband pruning over epochs and k-fold cross-validation.
 *
 * Parameter names are what they set:
 * - `optimizer`: a `choice` of torch.optim class names; per-optimizer parameters go in `conditional`.
 * - a torch keyword of the optimizer (`lr`, `momentum`, `weight_decay`, `eps`, `nesterov`, ...);
 *   the elements of the `betas` tuple are `betas.0` and `betas.1`.
 * - `batch_size` and `l2` (data problems): the training batch size and the explicit L2 penalty.
 * Every parameter not searched keeps its value from the file (or torch's default).
 */

export const searchStrategies = ['grid', 'random', 'tpe'] as const;
export type SearchStrategy = (typeof searchStrategies)[number];

/** Searchable settings outside the optimizer's keywords (the data_parallel ones: docs/data-parallel.md). */
export const searchTrainingParams = ['batch_size', 'l2', ...dataParallelSearchParams] as const;
export type SearchTrainingParam = (typeof searchTrainingParams)[number];

/** The parameter that picks the optimizer class. */
export const OPTIMIZER_PARAM = 'optimizer';

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });
const gridPoints = z
  .number()
  .int()
  .min(2)
  .optional()
  .describe(
    'Grid strategy only: this many evenly spaced points from low to high (log-spaced for loguniform).',
  );

export const uniformParamSchema = z
  .strictObject({
    type: z.literal('uniform'),
    low: finite.describe('Smallest value (inclusive).'),
    high: finite.describe('Largest value.'),
    grid: gridPoints,
  })
  .describe('A real number drawn uniformly from [low, high] (Optuna suggest_float).');

export const loguniformParamSchema = z
  .strictObject({
    type: z.literal('loguniform'),
    low: z.number().positive().describe('Smallest value (inclusive, > 0).'),
    high: z.number().positive().describe('Largest value.'),
    grid: gridPoints,
  })
  .describe('A positive real number whose logarithm is uniform in [log low, log high] (Optuna log=True).');

export const intParamSchema = z
  .strictObject({
    type: z.literal('int'),
    low: z.number().int().describe('Smallest value (inclusive).'),
    high: z.number().int().describe('Largest value (inclusive, when reachable from low by step).'),
    step: z.number().int().min(1).default(1).describe('Spacing of the allowed values from low.'),
    log: z
      .boolean()
      .default(false)
      .describe(
        'Sample the logarithm uniformly (low must be >= 1 and step 1), as Optuna suggest_int(log=True).',
      ),
  })
  .describe('An integer in [low, high] on a step (Optuna suggest_int).');

/** A value a choice parameter offers (and a trial's sampled value). */
export const choiceValue = z.union([finite, z.string(), z.boolean(), z.null()]);
export type ChoiceValue = z.output<typeof choiceValue>;

export const choiceParamSchema = z
  .strictObject({
    type: z.literal('choice'),
    values: z
      .array(choiceValue)
      .min(1)
      .superRefine((values, ctx) => {
        values.forEach((v, i) => {
          if (values.indexOf(v) !== i) {
            ctx.addIssue({ code: 'custom', path: [i], message: `duplicate value ${JSON.stringify(v)}` });
          }
        });
      })
      .describe('The candidates: numbers, strings, booleans or null.'),
  })
  .describe('One of a list of values, unordered (Optuna suggest_categorical).');

export const searchParamSchema = z
  .discriminatedUnion('type', [uniformParamSchema, loguniformParamSchema, intParamSchema, choiceParamSchema])
  .superRefine((p, ctx) => {
    if (p.type === 'choice') return;
    if (!(p.low < p.high)) {
      ctx.addIssue({
        code: 'custom',
        path: ['high'],
        message: `must be greater than low (${p.low}), got ${p.high}`,
      });
    }
    if (p.type === 'int' && p.log && (p.low < 1 || p.step !== 1)) {
      ctx.addIssue({ code: 'custom', path: ['log'], message: 'a log-scaled int needs low >= 1 and step 1' });
    }
  });
export type SearchParam = z.output<typeof searchParamSchema>;
export type SearchParamInput = z.input<typeof searchParamSchema>;

const paramsRecord = z.record(z.string().min(1), searchParamSchema);

export const budgetSchema = z
  .strictObject({
    trials: z.number().int().min(1).optional().meta({
      description: 'How many trials (configurations) to try; a grid runs all of its points by default.',
      default: 20,
    }),
    wall_time_s: z
      .number()
      .positive()
      .optional()
      .describe('Start no new trial after this many seconds (trials already running finish).'),
  })
  .describe('When the search stops: after `trials` trials or `wall_time_s` seconds, whichever comes first.');

export const pruningSchema = z
  .strictObject({
    type: z
      .enum(['asha', 'hyperband'])
      .describe(
        'asha: asynchronous successive halving; hyperband: several ASHA brackets with different minimum epochs.',
      ),
    min_epochs: z
      .number()
      .int()
      .min(1)
      .default(1)
      .describe('Epochs a trial always gets before it can be pruned.'),
    reduction_factor: z
      .number()
      .int()
      .min(2)
      .default(3)
      .describe('Only the best 1/reduction_factor of the trials at a rung go on to the next one.'),
  })
  .describe('Stop unpromising trials early from their per-epoch validation values (data problems).');

export const tpeSchema = z
  .strictObject({
    startup_trials: z
      .number()
      .int()
      .min(1)
      .default(10)
      .describe('Random trials before the Parzen estimators take over (Optuna n_startup_trials).'),
    ei_candidates: z
      .number()
      .int()
      .min(1)
      .default(24)
      .describe('Candidates drawn from the good-trials estimator per suggestion (Optuna n_ei_candidates).'),
  })
  .describe('Settings of the TPE sampler; Optuna defaults.');

export const searchSchema = z
  .strictObject({
    strategy: z
      .enum(searchStrategies)
      .default('tpe')
      .describe('grid: every combination; random; tpe: Bayesian (Optuna TPESampler).'),
    seed: z.number().int().min(0).default(0).describe('The search is reproducible from this seed.'),
    parameters: paramsRecord
      .refine((r) => Object.keys(r).length > 0, { message: 'needs at least one parameter' })
      .describe('What to search: torch keywords of the optimizer, "optimizer" itself, "batch_size", "l2".'),
    conditional: z
      .record(z.string().min(1), paramsRecord)
      .optional()
      .describe(
        'Per-optimizer parameters, keyed by a value of the "optimizer" choice, searched only when it is picked.',
      ),
    budget: budgetSchema.optional(),
    pruning: pruningSchema
      .nullable()
      .optional()
      .meta({ description: 'Early pruning of trials; null for none.', default: null }),
    cv_folds: z.number().int().min(2).nullable().optional().meta({
      description:
        'Score each trial by k-fold cross-validation over the training and validation rows: the objective is the mean over folds (std reported).',
      default: null,
    }),
    tpe: tpeSchema.optional(),
  })
  .describe('Hyperparameter search instead of a fixed list of optimizer configurations.');

export type SearchFileSection = z.output<typeof searchSchema>;
export type SearchFileSectionInput = z.input<typeof searchSchema>;
