import { z } from 'zod';
import { optimizerConfigSchema, type OptimizerConfig } from './optimizers';
import { scheduleConfigSchema, type ScheduleConfig } from './schedules';
import { dataSpecSchema, type DataSpec, type TaskKind } from './data';
import { searchIssues, searchSchema, type ResolvedSearch } from './search';
import { dataParallelIssues, dataParallelSchema, type ResolvedDataParallel } from './dataParallel';

/**
 * The experiment file (`*.optlab.json`) as a user writes it, and the resolved experiment the engine
 * runs. Objects are strict, so a misspelt key is an error rather than a silently ignored setting.
 *
 * Defaults that depend on the kind of problem (epochs for data, steps for surfaces, the objective,
 * the loss, the early-stopping mode) are not zod defaults: zod fills them before the cross-field
 * rules run, which could then no longer tell "given" from "defaulted". The engine fills them when it
 * resolves the experiment; their `meta({ default })` is what the editor shows.
 */

export const surfaceNames = [
  'rosenbrock',
  'beale',
  'himmelblau',
  'booth',
  'saddle',
  'monkey_saddle',
  'ill_conditioned',
  'rastrigin',
  'six_hump_camel',
] as const;
export type SurfaceName = (typeof surfaceNames)[number];

export const modelTypes = ['linear', 'logistic', 'softmax', 'mlp'] as const;
export type ModelType = (typeof modelTypes)[number];

export const activations = ['relu', 'tanh', 'sigmoid', 'leaky_relu'] as const;
export type Activation = (typeof activations)[number];

export const lossNames = ['mse', 'huber', 'bce_with_logits', 'cross_entropy'] as const;
export type LossName = (typeof lossNames)[number];

/**
 * Values an objective or early stopping can watch. `train_loss` is the loss on the whole training
 * split after the epoch (with the l2 penalty: the objective being minimized); the `val_` values are computed on the validation split after each epoch: `val_loss` (the
 * training loss function, without the l2 penalty), `val_accuracy` (classification), `val_rmse` and
 * `val_r2` (regression, in the target's original units).
 */
export const monitoredMetrics = ['val_loss', 'train_loss', 'val_accuracy', 'val_rmse', 'val_r2'] as const;
export type MonitoredMetric = (typeof monitoredMetrics)[number];

/** Metrics where larger is better; every other one is minimized. */
export const maximizedMetrics: readonly MonitoredMetric[] = ['val_accuracy', 'val_r2'];

const CLASSIFICATION_METRICS: readonly string[] = ['val_accuracy'];
const REGRESSION_METRICS: readonly string[] = ['val_rmse', 'val_r2'];

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });
const positive = z.number().positive();
const mode = z.enum(['min', 'max']);

const perturbationSchema = z
  .strictObject({
    sigma: positive.describe('Standard deviation of the seeded Gaussian noise added to the gradient.'),
    every: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Add noise every this many steps. Give either this or when_grad_norm_below.'),
    when_grad_norm_below: positive
      .optional()
      .describe(
        'Add noise whenever the gradient norm falls below this value (escapes saddles). Give either this or every.',
      ),
  })
  .superRefine((p, ctx) => {
    if ((p.every === undefined) === (p.when_grad_norm_below === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'needs exactly one of "every" or "when_grad_norm_below"',
      });
    }
  })
  .describe('Seeded Gaussian noise on the gradient (perturbed gradient descent).');

export const surfaceSchema = z
  .strictObject({
    name: z.enum(surfaceNames).describe('The 2-D test function to minimize.'),
    start: z
      .tuple([finite, finite])
      .optional()
      .describe("Starting point [x, y]; by default the surface's own classic start."),
    condition_number: z
      .number()
      .gt(1)
      .optional()
      .meta({ description: 'Ratio of the curvatures (ill_conditioned only).', default: 100 }),
    perturbation: perturbationSchema.optional(),
    restarts: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe('Extra runs from random starts within the plot bounds (one per restart and seed).'),
  })
  .superRefine((s, ctx) => {
    if (s.condition_number !== undefined && s.name !== 'ill_conditioned') {
      ctx.addIssue({
        code: 'custom',
        path: ['condition_number'],
        message: `applies to the ill_conditioned surface only, not "${s.name}"`,
      });
    }
  })
  .describe('Minimize a 2-D test function instead of training a model on data.');

type NestedNumbers = number | NestedNumbers[];
const nestedNumbers: z.ZodType<NestedNumbers> = z
  .lazy(() => z.union([finite, z.array(nestedNumbers)]))
  .meta({ id: 'NestedNumbers', description: 'A number or nested arrays of numbers (a tensor).' });

export const initSchema = z
  .union([
    z.enum(['torch_default', 'zeros']),
    z.strictObject({
      params: z
        .record(z.string().min(1), nestedNumbers)
        .describe(
          "Initial values keyed by torch parameter name (as in model.state_dict(), e.g. '0.weight').",
        ),
    }),
  ])
  .default('torch_default')
  .describe("Initial parameters: torch's default initialization (seeded), all zeros, or explicit values.");

/** A Python identifier: the name of a function in the user's model file. */
const pyIdentifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'must be a Python function name, e.g. "build_model"' });

/**
 * The model file of a `pytorch` model: relative to the experiment file and inside its folder, so an
 * experiment never runs code from elsewhere on the machine.
 */
const modelPath = z
  .string()
  .min(1)
  .superRefine((p, ctx) => {
    const parts = p.split(/[\\/]/);
    if (p.startsWith('/') || /^[A-Za-z]:/.test(p) || p.startsWith('\\')) {
      ctx.addIssue({ code: 'custom', message: `must be relative to the experiment file, got "${p}"` });
    } else if (parts.includes('..')) {
      ctx.addIssue({
        code: 'custom',
        message: `must stay inside the experiment file's folder, got "${p}"`,
      });
    }
    if (!p.endsWith('.py'))
      ctx.addIssue({ code: 'custom', message: `must be a Python file (.py), got "${p}"` });
  });

export const modelSchema = z
  .strictObject({
    type: z
      .enum([...modelTypes, 'pytorch'])
      .describe(
        'linear: one affine layer; logistic: linear + sigmoid (binary); softmax: linear + softmax (multiclass); mlp: hidden layers; pytorch: your own torch.nn.Module from a Python file (docs/own-model.md).',
      ),
    hidden: z
      .array(z.number().int().min(1))
      .min(1)
      .optional()
      .describe('Widths of the hidden layers (mlp only, required for mlp), e.g. [16, 16].'),
    activation: z
      .enum(activations)
      .optional()
      .meta({ description: 'Activation after each hidden layer (mlp only).', default: 'relu' }),
    path: modelPath
      .optional()
      .describe('The Python file defining the model, relative to this file (pytorch only, required).'),
    factory: pyIdentifier.optional().meta({
      description:
        'The function of the model file that returns the torch.nn.Module: factory(n_features, n_outputs) (pytorch only).',
      default: 'build_model',
    }),
    loss: pyIdentifier
      .optional()
      .describe(
        "A function of the model file used as the loss: loss(outputs, targets) -> scalar tensor (pytorch only); by default the experiment's loss.",
      ),
    init: initSchema,
  })
  .superRefine((m, ctx) => {
    if (m.type === 'mlp' && m.hidden === undefined) {
      ctx.addIssue({ code: 'custom', path: ['hidden'], message: 'required for an mlp, e.g. [16]' });
    }
    for (const key of ['hidden', 'activation'] as const) {
      if (m.type !== 'mlp' && m[key] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: `applies to mlp models only, not "${m.type}"` });
      }
    }
    if (m.type === 'pytorch' && m.path === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['path'],
        message: 'required for a pytorch model: the Python file that builds it, e.g. "model.py"',
      });
    }
    for (const key of ['path', 'factory', 'loss'] as const) {
      if (m.type !== 'pytorch' && m[key] !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `applies to pytorch models only, not "${m.type}"`,
        });
      }
    }
  })
  .meta({ description: 'The model trained on the data (data problems only).', default: { type: 'linear' } });

export const lossSchema = z
  .strictObject({
    name: z
      .enum(lossNames)
      .describe(
        'Loss function, named after torch.nn: MSELoss, HuberLoss, BCEWithLogitsLoss, CrossEntropyLoss.',
      ),
    delta: positive
      .optional()
      .meta({ description: 'Where the Huber loss turns from quadratic to linear (huber only).', default: 1 }),
  })
  .superRefine((l, ctx) => {
    if (l.delta !== undefined && l.name !== 'huber') {
      ctx.addIssue({
        code: 'custom',
        path: ['delta'],
        message: `applies to the huber loss only, not "${l.name}"`,
      });
    }
  })
  .describe(
    'Loss function; by default picked from the task: regression mse, binary bce_with_logits, multiclass cross_entropy.',
  );

export const earlyStoppingSchema = z
  .strictObject({
    monitor: z.enum(monitoredMetrics).default('val_loss').describe('The value watched after each epoch.'),
    patience: z
      .number()
      .int()
      .min(0)
      .default(10)
      .describe('Epochs without improvement before stopping (0 stops at the first one).'),
    min_delta: z.number().min(0).default(0).describe('Smallest change that counts as an improvement.'),
    mode: mode
      .optional()
      .describe('Whether the monitored value should go down or up; by default from the monitor.'),
    restore_best: z
      .boolean()
      .default(true)
      .describe('Keep the parameters of the best epoch rather than the last one.'),
  })
  .describe('Stop when the monitored value has not improved for `patience` epochs (Keras semantics).');

export const trainingSchema = z
  .strictObject({
    epochs: z
      .number()
      .int()
      .min(1)
      .optional()
      .meta({ description: 'Passes over the training split (data problems).', default: 100 }),
    steps: z.number().int().min(1).optional().meta({
      description:
        'Optimizer steps: the length of a surface run (default 500); with data, a cap on the total steps.',
    }),
    batch_size: z
      .number()
      .int()
      .min(1)
      .nullable()
      .optional()
      .meta({ description: 'Rows per step: null is full batch, 1 is one-sample SGD.', default: null }),
    shuffle: z
      .boolean()
      .optional()
      .meta({ description: 'Reshuffle the training rows every epoch (seeded).', default: true }),
    seeds: z
      .array(z.number().int().min(0))
      .min(1)
      .default([0])
      .superRefine((seeds, ctx) => {
        seeds.forEach((s, i) => {
          if (seeds.indexOf(s) !== i) {
            ctx.addIssue({
              code: 'custom',
              path: [i],
              message: `duplicate seed ${s} (it would repeat a run)`,
            });
          }
        });
      })
      .describe('Each configuration runs once per seed (initialization, shuffling, noise).'),
    precision: z
      .enum(['float64', 'float32'])
      .default('float64')
      .describe('float64 reproduces PyTorch double-precision runs; float32 is faster.'),
    early_stopping: earlyStoppingSchema.nullable().optional().meta({
      description: 'Stop a run when the monitored value stops improving; null trains every epoch.',
      default: null,
    }),
    divergence_factor: z
      .number()
      .gt(1)
      .default(100)
      .describe(
        'A run whose training loss grows beyond this factor times its own initial loss is stopped as diverged (checked after each epoch, and each step with full batches).',
      ),
    data_parallel: z
      .union([dataParallelSchema, z.array(dataParallelSchema).min(1)])
      .nullable()
      .optional()
      .meta({
        description:
          'Train as K synchronous data-parallel workers with (optionally sparsified) gradient exchange; a list compares several settings (every optimizer runs under each); null trains in one process.',
        default: null,
      }),
  })
  .describe('How long and on what batches each run trains.');

export const gradClipSchema = z
  .strictObject({
    max_norm: positive
      .optional()
      .describe('Rescale the gradient to at most this norm (torch.nn.utils.clip_grad_norm_).'),
    norm_type: z
      .union([z.number(), z.literal('inf')])
      .refine((v) => v === 'inf' || v >= 1, { message: 'must be >= 1 or "inf"' })
      .optional()
      .meta({ description: 'The p of the p-norm used with max_norm, or "inf".', default: 2 }),
    clip_value: positive
      .optional()
      .describe('Clamp every gradient entry to [-clip_value, clip_value] (torch.nn.utils.clip_grad_value_).'),
  })
  .superRefine((c, ctx) => {
    if ((c.max_norm === undefined) === (c.clip_value === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'needs exactly one of "max_norm" or "clip_value"' });
    }
    if (c.norm_type !== undefined && c.max_norm === undefined) {
      ctx.addIssue({ code: 'custom', path: ['norm_type'], message: 'applies with "max_norm" only' });
    }
  })
  .describe('Gradient clipping before each optimizer step.');

export const objectiveSchema = z
  .strictObject({
    metric: z.enum(monitoredMetrics).optional().meta({
      description:
        'What ranks the configurations: val_loss, train_loss, val_accuracy, val_rmse or val_r2 (surfaces: train_loss).',
      default: 'val_loss',
    }),
    mode: mode.optional().describe('min or max; by default from the metric (accuracy and r2 are maximized).'),
    use: z
      .enum(['final', 'best'])
      .default('final')
      .describe('Score a run by its last epoch or by its best epoch.'),
  })
  .describe('How runs are scored and ranked.');

const fileShape = {
  $schema: z.string().optional().describe('Ignored; lets editors find this schema.'),
  name: z
    .string()
    .min(1)
    .optional()
    .describe('Shown in reports; by default the file name without .optlab.json.'),
  description: z.string().optional().describe('Free text shown with the results.'),
  data: dataSpecSchema.optional().describe('Train a model on a data file; paths are relative to this file.'),
  surface: surfaceSchema.optional(),
  model: modelSchema.optional(),
  loss: lossSchema.optional(),
  l2: z
    .number()
    .min(0)
    .default(0)
    .describe('Explicit penalty lambda * sum of squared weights (not biases) added to the loss.'),
  training: trainingSchema.optional(),
  optimizers: z
    .array(optimizerConfigSchema)
    .min(1)
    .superRefine((configs, ctx) => {
      const seen = configs.map((c) => JSON.stringify(c));
      seen.forEach((s, i) => {
        const first = seen.indexOf(s);
        if (first !== i) {
          ctx.addIssue({ code: 'custom', path: [i], message: `same configuration as optimizers[${first}]` });
        }
      });
    })
    .describe('Optimizer configurations to compare: torch.optim class names and keyword arguments.'),
  schedule: scheduleConfigSchema.nullable().optional().meta({
    description: 'Learning-rate schedule applied to every optimizer (torch.optim.lr_scheduler).',
    default: null,
  }),
  grad_clip: gradClipSchema
    .nullable()
    .optional()
    .meta({ description: 'Gradient clipping before each optimizer step; null for none.', default: null }),
  objective: objectiveSchema.optional(),
  search: searchSchema.optional(),
};

type Issue = { path: (string | number)[]; message: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The task the file commits to without looking at the data: explicit, or implied by loss or model. */
function impliedTask(file: Record<string, unknown>): 'regression' | 'classification' | null {
  const data = isObject(file['data']) ? file['data'] : {};
  const task = data['task'] as TaskKind | undefined;
  if (task === 'regression') return 'regression';
  if (task === 'binary' || task === 'multiclass') return 'classification';
  const loss = isObject(file['loss']) ? file['loss']['name'] : undefined;
  if (loss === 'mse' || loss === 'huber') return 'regression';
  if (loss === 'bce_with_logits' || loss === 'cross_entropy') return 'classification';
  const model = isObject(file['model']) ? file['model']['type'] : undefined;
  if (model === 'logistic' || model === 'softmax') return 'classification';
  return null;
}

/**
 * What a pytorch model cannot be combined with: its training runs in the user's own Python process,
 * which has one loss (the file's or the model's) and does not simulate data parallelism or stream
 * data in chunks.
 */
function pytorchModelIssues(
  file: Record<string, unknown>,
  training: Record<string, unknown>,
  data: Record<string, unknown>,
): Issue[] {
  const issues: Issue[] = [];
  const model = isObject(file['model']) ? file['model'] : {};
  if (model['loss'] !== undefined && file['loss'] !== undefined) {
    issues.push({
      path: ['loss'],
      message: `the model's own loss function "${String(model['loss'])}" replaces this loss: keep one of them`,
    });
  }
  if (training['data_parallel'] !== undefined && training['data_parallel'] !== null) {
    issues.push({
      path: ['training', 'data_parallel'],
      message: 'simulated data-parallel training applies to the built-in models, not to a pytorch model',
    });
  }
  if (data['stream'] !== undefined && data['stream'] !== false && data['stream'] !== null) {
    issues.push({
      path: ['data', 'stream'],
      message:
        'streaming data applies to the built-in models; a pytorch model reads the prepared data set whole',
    });
  }
  return issues;
}

/**
 * Rules across sections. They run even when fields failed (zod skips refinements after an issue by
 * default), so every problem is reported at once; hence they read values defensively.
 */
function crossFieldIssues(file: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const has = (key: string) => file[key] !== undefined;
  const training = isObject(file['training']) ? file['training'] : {};
  const early = isObject(training['early_stopping']) ? training['early_stopping'] : null;
  const objective = isObject(file['objective']) ? file['objective'] : {};
  const schedule = isObject(file['schedule']) ? file['schedule'] : null;
  const plateauMonitor = schedule?.['name'] === 'ReduceLROnPlateau' ? schedule['monitor'] : undefined;

  if (!has('data') && !has('surface')) {
    issues.push({
      path: [],
      message:
        'needs exactly one of "data" (train a model on a data file) or "surface" (a 2-D test function)',
    });
  }
  if (has('data') && has('surface')) {
    issues.push({ path: ['surface'], message: '"data" and "surface" exclude each other: keep one' });
  }

  if (has('surface') && !has('data')) {
    for (const key of ['model', 'loss'] as const) {
      if (has(key)) issues.push({ path: [key], message: 'applies to data problems only, not to a surface' });
    }
    if (typeof file['l2'] === 'number' && file['l2'] !== 0) {
      issues.push({ path: ['l2'], message: 'applies to data problems only, not to a surface' });
    }
    for (const key of ['epochs', 'batch_size', 'shuffle', 'early_stopping'] as const) {
      if (training[key] !== undefined) {
        issues.push({
          path: ['training', key],
          message: 'applies to data problems only; a surface run lasts training.steps',
        });
      }
    }
    if (objective['metric'] !== undefined && objective['metric'] !== 'train_loss') {
      issues.push({
        path: ['objective', 'metric'],
        message: `a surface has no validation split: its objective is "train_loss", got "${String(objective['metric'])}"`,
      });
    }
    if (plateauMonitor !== undefined && plateauMonitor !== 'train_loss') {
      issues.push({
        path: ['schedule', 'monitor'],
        message: `ReduceLROnPlateau monitors "${String(plateauMonitor)}", but a surface has no validation split: set "monitor": "train_loss"`,
      });
    }
  }

  if (has('data') && !has('surface')) {
    const model = isObject(file['model']) ? file['model']['type'] : undefined;
    const loss = isObject(file['loss']) ? file['loss']['name'] : undefined;
    const needs = model === 'logistic' ? 'bce_with_logits' : model === 'softmax' ? 'cross_entropy' : null;
    if (needs !== null && loss !== undefined && loss !== needs) {
      issues.push({
        path: ['loss', 'name'],
        message: `a ${String(model)} model needs the "${needs}" loss, got "${String(loss)}"`,
      });
    }

    const data = isObject(file['data']) ? file['data'] : {};
    const task = data['task'];
    if (model === 'pytorch') issues.push(...pytorchModelIssues(file, training, data));
    if (task === 'regression' && (model === 'logistic' || model === 'softmax')) {
      issues.push({
        path: ['model', 'type'],
        message: `a ${model} model needs a classification task, got "regression"`,
      });
    }
    if (task === 'multiclass' && model === 'logistic') {
      issues.push({
        path: ['model', 'type'],
        message: 'a logistic model is binary; use "softmax" for a multiclass task',
      });
    }
    if (task === 'regression' && (loss === 'bce_with_logits' || loss === 'cross_entropy')) {
      issues.push({
        path: ['loss', 'name'],
        message: `"${loss}" is a classification loss, but the task is regression`,
      });
    }
    if ((task === 'binary' || task === 'multiclass') && (loss === 'mse' || loss === 'huber')) {
      issues.push({
        path: ['loss', 'name'],
        message: `"${loss}" is a regression loss, but the task is ${task}`,
      });
    }

    const split = isObject(data['split']) ? data['split'] : {};
    const noValidation = split['validation'] === 0;
    const watched: [(string | number)[], unknown][] = [
      [['objective', 'metric'], objective['metric']],
      [['training', 'early_stopping', 'monitor'], early?.['monitor']],
      [['schedule', 'monitor'], plateauMonitor],
    ];
    const kind = impliedTask(file);
    for (const [path, metric] of watched) {
      if (typeof metric !== 'string') continue;
      if (noValidation && metric.startsWith('val_')) {
        issues.push({
          path,
          message: `"${metric}" needs a validation split, but data.split.validation is 0`,
        });
      } else if (kind === 'regression' && CLASSIFICATION_METRICS.includes(metric)) {
        issues.push({ path, message: `"${metric}" is a classification metric, but the task is regression` });
      } else if (kind === 'classification' && REGRESSION_METRICS.includes(metric)) {
        issues.push({ path, message: `"${metric}" is a regression metric, but the task is classification` });
      }
    }
    // Early stopping's default monitor is val_loss, which does not exist without a validation split.
    if (noValidation && early !== null && early['monitor'] === undefined) {
      issues.push({
        path: ['training', 'early_stopping'],
        message:
          'monitors "val_loss" by default, but data.split.validation is 0: set "monitor": "train_loss"',
      });
    }
  }
  issues.push(...searchIssues(file));
  issues.push(...dataParallelIssues(file));
  return issues;
}

/** The experiment file as written: validates every section and the rules across sections. */
export const experimentFileSchema = z
  .strictObject(fileShape)
  .superRefine(
    (file, ctx) => {
      for (const issue of crossFieldIssues(file as Record<string, unknown>)) {
        ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
      }
    },
    { when: (payload) => isObject(payload.value) },
  )
  .describe('An Optimizer Lab experiment: which problem, which optimizers, how to train and score them.');

export type ExperimentFileInput = z.input<typeof experimentFileSchema>;
export type ExperimentFile = z.output<typeof experimentFileSchema>;
export type SurfaceSpec = z.output<typeof surfaceSchema>;
export type ModelSpec = z.output<typeof modelSchema>;
export type InitSpec = z.output<typeof initSchema>;

/** Gradient clipping after resolution: by norm (torch.nn.utils.clip_grad_norm_) or by value. */
export type GradClip = { max_norm: number; norm_type: number | 'inf' } | { clip_value: number };

export interface Perturbation {
  sigma: number;
  /** Exactly one of these two is non-null. */
  every: number | null;
  when_grad_norm_below: number | null;
}

export interface ResolvedSurface {
  name: SurfaceName;
  /** Null: the surface's own classic start, filled by the engine. */
  start: [number, number] | null;
  /** 100 by default for ill_conditioned, null for every other surface. */
  condition_number: number | null;
  perturbation: Perturbation | null;
  restarts: number;
}

export type ResolvedModel =
  | { type: 'linear' | 'logistic' | 'softmax'; init: InitSpec }
  | { type: 'mlp'; hidden: number[]; activation: Activation; init: InitSpec }
  | ResolvedPytorchModel;

/** The user's own torch.nn.Module, built by a Python runner process (docs/own-model.md). */
export interface ResolvedPytorchModel {
  type: 'pytorch';
  /** Absolute path of the model file. */
  path: string;
  /** The experiment file's folder: the user's code, where the runner locates a traceback. */
  root: string;
  factory: string;
  /** A loss function of the model file, or null for the experiment's loss. */
  loss: string | null;
  init: InitSpec;
}

export type ResolvedLoss = { name: 'huber'; delta: number } | { name: Exclude<LossName, 'huber'> };

export interface ResolvedEarlyStopping {
  monitor: MonitoredMetric;
  patience: number;
  min_delta: number;
  mode: 'min' | 'max';
  restore_best: boolean;
}

export interface ResolvedObjective {
  metric: MonitoredMetric;
  mode: 'min' | 'max';
  use: 'final' | 'best';
}

interface ResolvedCommon {
  name: string;
  description: string | null;
  optimizers: OptimizerConfig[];
  schedule: ScheduleConfig | null;
  grad_clip: GradClip | null;
  objective: ResolvedObjective;
  /** Present when the file has a `search` section: the trials replace the list of optimizers. */
  search?: ResolvedSearch;
}

/** A model trained on a data file; every default filled, `data.path` absolute. */
export interface ResolvedDataExperiment extends ResolvedCommon {
  kind: 'data';
  data: DataSpec;
  model: ResolvedModel;
  /** Null when the loss follows from the task, which is only known once the data is read. */
  loss: ResolvedLoss | null;
  l2: number;
  training: {
    epochs: number;
    /** Cap on the total optimizer steps, or null for none. */
    steps: number | null;
    batch_size: number | null;
    shuffle: boolean;
    seeds: number[];
    precision: 'float64' | 'float32';
    early_stopping: ResolvedEarlyStopping | null;
    divergence_factor: number;
    /** Present only when the file asks for simulated data-parallel training: one entry per setting compared. */
    data_parallel?: ResolvedDataParallel[];
  };
}

/** A 2-D test function minimized directly; every default filled. */
export interface ResolvedSurfaceExperiment extends ResolvedCommon {
  kind: 'surface';
  surface: ResolvedSurface;
  training: {
    steps: number;
    seeds: number[];
    precision: 'float64' | 'float32';
    divergence_factor: number;
  };
}

export type ResolvedExperiment = ResolvedDataExperiment | ResolvedSurfaceExperiment;
