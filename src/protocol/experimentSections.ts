// The sections of the experiment file as a user writes them (surface, model, init, loss, training,
// early stopping, gradient clipping, objective): zod schemas with the descriptions the editor shows.
import { z } from 'zod';
import { dataParallelSchema } from './dataParallel';
import { activations, lossNames, modelTypes, monitoredMetrics, surfaceNames } from './experimentNames';

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
    data: pyIdentifier
      .optional()
      .describe(
        'A function of the model file that returns the data instead of a data file: torch Datasets or (X, y) tensor pairs, alone or as {train, validation, test} (pytorch only).',
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
    for (const key of ['path', 'factory', 'loss', 'data'] as const) {
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

export type SurfaceSpec = z.output<typeof surfaceSchema>;
export type ModelSpec = z.output<typeof modelSchema>;
export type InitSpec = z.output<typeof initSchema>;
