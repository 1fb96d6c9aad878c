import { z } from 'zod';
import { optimizerNames, optimizerSchemas, type OptimizerConfig, type OptimizerName } from './optimizers';
import { dataParallelSearchParams, dataParallelSearchValueProblem } from './dataParallel';

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

const choiceValue = z.union([finite, z.string(), z.boolean(), z.null()]);
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

/** The search section with every default filled; `trials` is the number the search will run. */
export interface ResolvedSearch {
  strategy: SearchStrategy;
  seed: number;
  parameters: Record<string, SearchParam>;
  conditional: Record<string, Record<string, SearchParam>>;
  budget: { trials: number; wall_time_s: number | null };
  pruning: { type: 'asha' | 'hyperband'; min_epochs: number; reduction_factor: number } | null;
  cv_folds: number | null;
  tpe: { startup_trials: number; ei_candidates: number };
  /** Optimizer configuration each trial starts from, keyed by class name (file entry or torch defaults). */
  base: Partial<Record<OptimizerName, OptimizerConfig>>;
}

/** Default trial count of random and TPE searches. */
export const DEFAULT_TRIALS = 20;

/** Largest grid accepted, so a typo in `grid` cannot start millions of runs. */
export const MAX_GRID_TRIALS = 10_000;

/** Number of points of one parameter on a grid, or null when it has no finite grid. */
export function gridSize(p: SearchParam): number | null {
  switch (p.type) {
    case 'choice':
      return p.values.length;
    case 'int':
      return p.log ? p.high - p.low + 1 : Math.floor((p.high - p.low) / p.step) + 1;
    default:
      return p.grid ?? null;
  }
}

/**
 * Trials a grid makes: the product over the top-level parameters, where the optimizer choice
 * contributes, per optimizer, the product of that optimizer's conditional parameters.
 */
export function gridTrialCount(s: Pick<ResolvedSearch, 'parameters' | 'conditional'>): number {
  let count = 1;
  for (const [name, p] of Object.entries(s.parameters)) {
    if (name === OPTIMIZER_PARAM && p.type === 'choice') {
      let sum = 0;
      for (const v of p.values) {
        let sub = 1;
        for (const c of Object.values(s.conditional[String(v)] ?? {})) sub *= gridSize(c) ?? NaN;
        sum += sub;
      }
      count *= sum;
    } else {
      count *= gridSize(p) ?? NaN;
    }
  }
  return count;
}

type Issue = { path: (string | number)[]; message: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The keyword names a torch optimizer accepts, with tuple elements as `betas.0` / `betas.1`. */
export function optimizerKeywords(name: OptimizerName): string[] {
  const keys = Object.keys(optimizerSchemas[name].shape).filter((k) => k !== 'name');
  return keys.flatMap((k) => (k === 'betas' ? ['betas.0', 'betas.1'] : [k]));
}

/** Sets a searched keyword on an optimizer configuration (`betas.1` sets the tuple's element). */
export function withKeyword(
  config: Record<string, unknown>,
  key: string,
  value: unknown,
): Record<string, unknown> {
  const dot = key.indexOf('.');
  if (dot < 0) return { ...config, [key]: value };
  const head = key.slice(0, dot);
  const index = Number(key.slice(dot + 1));
  const tuple = Array.isArray(config[head]) ? [...(config[head] as unknown[])] : [];
  tuple[index] = value;
  return { ...config, [head]: tuple };
}

/** Values of a parameter worth checking against torch's validation: its ends or its choices. */
function probeValues(p: SearchParam): unknown[] {
  return p.type === 'choice' ? p.values : [p.low, p.high];
}

/** The configuration a trial of `name` starts from: the file's entry of that class or torch's defaults. */
export function baseConfig(optimizers: readonly OptimizerConfig[], name: OptimizerName): OptimizerConfig {
  return optimizers.find((o) => o.name === name) ?? optimizerSchemas[name].parse({ name });
}

function checkParams(
  params: Record<string, unknown>,
  path: (string | number)[],
  applicable: OptimizerName[],
  optimizers: readonly OptimizerConfig[],
  isData: boolean,
  strategy: unknown,
  issues: Issue[],
): void {
  for (const [key, raw] of Object.entries(params)) {
    const parsed = searchParamSchema.safeParse(raw);
    if (!parsed.success) continue; // the field check reports it
    const p = parsed.data;
    const at = [...path, key];
    if (strategy === 'grid' && gridSize(p) === null) {
      issues.push({
        path: at,
        message: `a grid needs a finite set of values: give "grid" (number of points) for this ${p.type} parameter`,
      });
    }
    if (strategy !== 'grid' && (p.type === 'uniform' || p.type === 'loguniform') && p.grid !== undefined) {
      issues.push({
        path: [...at, 'grid'],
        message: `applies to the grid strategy only, not "${String(strategy ?? 'tpe')}"`,
      });
    }
    if (key === OPTIMIZER_PARAM) continue;
    if ((searchTrainingParams as readonly string[]).includes(key)) {
      if (!isData)
        issues.push({ path: at, message: `"${key}" applies to data problems only, not to a surface` });
      else if (key === 'batch_size') {
        const bad = probeValues(p).find((v) => !(v === null || (Number.isInteger(v) && (v as number) >= 1)));
        if (bad !== undefined)
          issues.push({
            path: at,
            message: `batch_size values must be integers >= 1 or null, got ${JSON.stringify(bad)}`,
          });
      } else if (key === 'l2') {
        const bad = probeValues(p).find((v) => !(typeof v === 'number' && v >= 0));
        if (bad !== undefined)
          issues.push({ path: at, message: `l2 values must be numbers >= 0, got ${JSON.stringify(bad)}` });
      } else {
        const problem = dataParallelSearchValueProblem(key, probeValues(p));
        if (problem) issues.push({ path: at, message: problem });
      }
      continue;
    }
    const missing = applicable.filter((n) => !optimizerKeywords(n).includes(key));
    if (missing.length > 0) {
      const known = [...new Set(applicable.flatMap(optimizerKeywords))].sort();
      issues.push({
        path: at,
        message:
          `"${key}" is not a keyword of ${missing.join(', ')}` +
          (path.length > 2 ? '' : missing.length < applicable.length ? ': move it to "conditional"' : '') +
          `; searchable: ${[OPTIMIZER_PARAM, ...searchTrainingParams, ...known].join(', ')}`,
      });
      continue;
    }
    // Each probed value must pass torch's own check of that keyword on every optimizer it applies
    // to. Rules across keywords (nesterov needs momentum) depend on the other sampled values: a
    // trial that breaks one fails with torch's message.
    for (const name of applicable) {
      const shape = optimizerSchemas[name].shape as Record<string, z.ZodType>;
      const base = baseConfig(optimizers, name);
      const head = key.split('.')[0]!;
      for (const v of probeValues(p)) {
        const value = withKeyword(base, key, v)[head];
        const check = shape[head]!.safeParse(value);
        if (!check.success) {
          issues.push({
            path: at,
            message: `${name} with ${key} = ${JSON.stringify(v)}: ${check.error.issues[0]!.message}`,
          });
          break;
        }
      }
    }
  }
}

/**
 * Rules between the search section and the rest of the file (called from the experiment schema's
 * cross-field rules): parameter names against the optimizers' keywords, values against torch's
 * validation, conditional keys against the optimizer choice, grid completeness, data-only options.
 */
export function searchIssues(file: Record<string, unknown>): Issue[] {
  const s = file['search'];
  if (!isObject(s)) return [];
  const issues: Issue[] = [];
  const isData = file['data'] !== undefined;
  const optimizers = (Array.isArray(file['optimizers']) ? file['optimizers'] : []).filter(
    (o): o is OptimizerConfig => isObject(o) && optimizerNames.includes(o['name'] as OptimizerName),
  );
  const params = isObject(s['parameters']) ? s['parameters'] : {};
  const conditional = isObject(s['conditional']) ? s['conditional'] : {};
  const choice = searchParamSchema.safeParse(params[OPTIMIZER_PARAM]);
  let applicable: OptimizerName[] = [];

  if (params[OPTIMIZER_PARAM] !== undefined && choice.success) {
    const c = choice.data;
    if (c.type !== 'choice') {
      issues.push({
        path: ['search', 'parameters', OPTIMIZER_PARAM],
        message: `must be a "choice" of optimizer names, got "${c.type}"`,
      });
    } else {
      c.values.forEach((v, i) => {
        if (optimizerNames.includes(v as OptimizerName)) applicable.push(v as OptimizerName);
        else
          issues.push({
            path: ['search', 'parameters', OPTIMIZER_PARAM, 'values', i],
            message: `unknown optimizer ${JSON.stringify(v)}; expected one of ${optimizerNames.join(', ')}`,
          });
      });
    }
  } else if (params[OPTIMIZER_PARAM] === undefined) {
    if (optimizers.length > 1) {
      issues.push({
        path: ['search'],
        message: `searches one optimizer, but "optimizers" lists ${optimizers.length}: keep one, or search over them with "parameters": {"optimizer": {"type": "choice", "values": [...]}}`,
      });
    }
    applicable = optimizers.slice(0, 1).map((o) => o.name);
  }

  checkParams(params, ['search', 'parameters'], applicable, optimizers, isData, s['strategy'], issues);
  for (const [key, sub] of Object.entries(conditional)) {
    if (!applicable.includes(key as OptimizerName)) {
      issues.push({
        path: ['search', 'conditional', key],
        message:
          params[OPTIMIZER_PARAM] === undefined
            ? 'conditional parameters need an "optimizer" choice in "parameters"'
            : `"${key}" is not a value of the "optimizer" choice (${applicable.join(', ')})`,
      });
      continue;
    }
    if (!isObject(sub)) continue;
    for (const name of Object.keys(sub)) {
      if (params[name] !== undefined) {
        issues.push({
          path: ['search', 'conditional', key, name],
          message: `"${name}" is already searched in "parameters"`,
        });
      }
      if (name === OPTIMIZER_PARAM || (searchTrainingParams as readonly string[]).includes(name)) {
        issues.push({
          path: ['search', 'conditional', key, name],
          message: `"${name}" belongs in "parameters", not under one optimizer`,
        });
      }
    }
    checkParams(
      sub,
      ['search', 'conditional', key],
      [key as OptimizerName],
      optimizers,
      isData,
      s['strategy'],
      issues,
    );
  }

  const budget = isObject(s['budget']) ? s['budget'] : {};
  if (s['strategy'] === 'grid' && issues.length === 0) {
    const parsed = searchSchema.safeParse(s);
    if (parsed.success) {
      const count = gridTrialCount({
        parameters: parsed.data.parameters,
        conditional: parsed.data.conditional ?? {},
      });
      if (count > MAX_GRID_TRIALS) {
        issues.push({
          path: ['search', 'parameters'],
          message: `this grid makes ${count} trials, more than the ${MAX_GRID_TRIALS} allowed: use fewer points or "strategy": "random"`,
        });
      } else if (typeof budget['trials'] === 'number' && budget['trials'] < count) {
        issues.push({
          path: ['search', 'budget', 'trials'],
          message: `this grid makes ${count} trials, more than budget.trials (${budget['trials']}): raise it, drop it, or use fewer points`,
        });
      }
    }
  }
  if (!isData) {
    for (const key of ['pruning', 'cv_folds'] as const) {
      if (s[key] !== undefined && s[key] !== null) {
        issues.push({ path: ['search', key], message: 'applies to data problems only, not to a surface' });
      }
    }
  }
  if (isData && typeof s['cv_folds'] === 'number') {
    const objective = isObject(file['objective']) ? file['objective'] : {};
    if (objective['metric'] === 'train_loss') {
      issues.push({
        path: ['search', 'cv_folds'],
        message: 'cross-validation scores the held-out fold: use a "val_" objective metric, not "train_loss"',
      });
    }
  }
  return issues;
}

/**
 * The search record, `.optimizer-lab/<id>/search.json`, beside the ordinary `record.json` (whose
 * runs are the trials' runs, so `runs list|show` and the report read a search like any experiment).
 * It is rewritten atomically whenever a trial changes state, and is what a resumed search reads.
 */
export const SEARCH_FORMAT = 'optimizer-lab-search';
export const SEARCH_VERSION = 1;

export const trialStatuses = [
  'queued',
  'running',
  'done',
  'pruned',
  'diverged',
  'failed',
  'cancelled',
] as const;
export type TrialStatus = (typeof trialStatuses)[number];

export const trialStateSchema = z.object({
  index: z.number().int().nonnegative(),
  /** The sampled point, keyed by parameter name as in the file. */
  params: z.record(z.string(), choiceValue),
  label: z.string(),
  /** The optimizer configuration the trial ran, with every torch default filled. */
  config: z.record(z.string(), z.unknown()).nullable(),
  batch_size: z.number().int().positive().nullable().optional(),
  l2: z.number().nonnegative().optional(),
  /** Searched data_parallel values, keyed by parameter name (`data_parallel.workers`, ...). */
  data_parallel: z.record(z.string(), z.number()).optional(),
  status: z.enum(trialStatuses),
  /** Mean objective over the trial's runs (seeds × folds); null unless done. */
  value: z.number().nullable(),
  /** Standard deviation of the objective over the runs (population), null with one run. */
  std: z.number().nullable(),
  /** Objective of each run, in runIds order (null where a run gave none). */
  values: z.array(z.number().nullable()),
  runIds: z.array(z.string()),
  /** Hyperband bracket (0 for ASHA), null without pruning. */
  bracket: z.number().int().nullable(),
  /** Mean over runs of the monitored value after each epoch, [epoch, value] pairs. */
  intermediate: z.array(z.tuple([z.number().int(), z.number().nullable()])),
  /** Rungs passed: [epoch, value] recorded with the pruner (replayed on resume). */
  rungs: z.array(z.tuple([z.number().int(), z.number().nullable()])),
  pruned_at_epoch: z.number().int().nullable(),
  message: z.string().nullable(),
  elapsed_ms: z.number(),
});
export type TrialState = z.output<typeof trialStateSchema>;

export const searchStateSchema = z.object({
  format: z.literal(SEARCH_FORMAT),
  version: z.literal(SEARCH_VERSION),
  status: z.enum(['running', 'done', 'cancelled', 'failed']),
  /** Why the search stopped: budget reached, wall time, space exhausted, cancelled. */
  stop_reason: z.string().nullable(),
  strategy: z.enum(searchStrategies),
  seed: z.number().int(),
  /**
   * Trials running at once. TPE suggestion i sees the results of trials 0..i−window and treats
   * the ones after as pending, so the search is reproducible for a given window.
   */
  window: z.number().int().positive(),
  budget: z.object({ trials: z.number().int().positive(), wall_time_s: z.number().nullable() }),
  /** Points of the grid (grid strategy), else null. */
  grid_trials: z.number().int().nullable(),
  objective: z.object({ metric: z.string(), mode: z.enum(['min', 'max']), use: z.enum(['final', 'best']) }),
  cv_folds: z.number().int().nullable(),
  /** JSON of the resolved search section, to refuse resuming with a different search. */
  fingerprint: z.string(),
  /** Search time across sessions (resumes add to it). */
  elapsed_ms: z.number(),
  best: z.number().int().nullable(),
  trials: z.array(trialStateSchema),
});
export type SearchState = z.output<typeof searchStateSchema>;
