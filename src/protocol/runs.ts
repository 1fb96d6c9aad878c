// One run as the pool executes it (the run spec) and what the worker sends back (progress, result).
import { z } from 'zod';
import { streamPlanSchema } from './streamPlan';
import { optimizerConfigSchema } from './optimizers';
import { scheduleConfigSchema } from './schedules';
import { resolvedDataParallelSchema } from './dataParallel';

/**
 * One run as the pool executes it: an optimizer configuration, a seed (and a fold), and the
 * problem. It is plain JSON; the data set itself travels separately in SharedArrayBuffers.
 */

export const gradClipSchema = z.union([
  z.strictObject({
    max_norm: z.number().positive(),
    norm_type: z.union([z.number().min(1), z.literal('inf')]).default(2),
  }),
  z.strictObject({ clip_value: z.number().positive() }),
]);

export const earlyStoppingSpecSchema = z.object({
  monitor: z.string(),
  patience: z.number().int().nonnegative(),
  min_delta: z.number().nonnegative(),
  mode: z.enum(['min', 'max']),
  restore_best: z.boolean(),
});

const datasetProblemSchema = z.object({
  kind: z.literal('dataset'),
  model: z.union([
    z.object({
      type: z.enum(['linear', 'logistic', 'softmax', 'mlp']),
      hidden: z.array(z.number().int().positive()).optional(),
      activation: z.enum(['relu', 'tanh', 'sigmoid', 'leaky_relu']).optional(),
    }),
    /** The user's torch.nn.Module: the run is a Python process (engine/runs/pythonRun.ts). */
    z.object({
      type: z.literal('pytorch'),
      path: z.string(),
      root: z.string(),
      factory: z.string(),
      loss: z.string().nullable(),
      /** The model file's data function when it supplies the data (model.data). */
      data: z.string().optional(),
    }),
  ]),
  loss: z.object({
    name: z.enum(['mse', 'huber', 'bce_with_logits', 'cross_entropy']),
    delta: z.number().optional(),
  }),
  l2: z.number().nonnegative(),
  task: z.enum(['regression', 'binary', 'multiclass']),
  nFeatures: z.number().int().positive(),
  nOutputs: z.number().int().positive(),
  /** Rows [0, trainRows) of the shared matrices train; the next valRows validate. */
  trainRows: z.number().int().positive(),
  valRows: z.number().int().nonnegative(),
  /** The next testRows are scored once after training (docs/records.md), never trained on. */
  testRows: z.number().int().nonnegative().default(0),
  /** Divisor of a standardized regression target, so RMSE is reported in the target's units. */
  targetScale: z.number().positive().nullable(),
  /** Name of the shared buffers to use (one layout per fold). */
  layout: z.string(),
  /** Streaming training: read the data file through this plan instead of shared matrices. */
  stream: streamPlanSchema.optional(),
  init: z.union([
    z.literal('torch_default'),
    z.literal('zeros'),
    z.object({ params: z.record(z.string(), z.unknown()) }),
  ]),
});

const surfaceProblemSchema = z.object({
  kind: z.literal('surface'),
  name: z.string(),
  /** The start of this run: the configured one, or a random restart point. */
  start: z.tuple([z.number(), z.number()]),
  condition_number: z.number().nullable(),
  perturbation: z
    .object({
      sigma: z.number().positive(),
      every: z.number().int().positive().nullable(),
      when_grad_norm_below: z.number().positive().nullable(),
    })
    .nullable(),
});

export const runSpecSchema = z.object({
  runId: z.string(),
  configIndex: z.number().int().nonnegative(),
  label: z.string(),
  seed: z.number().int(),
  fold: z.number().int().nonnegative().nullable(),
  /** Surface runs: 0 for the configured start, r for the r-th random restart; null for data. */
  restart: z.number().int().nonnegative().nullable(),
  optimizer: optimizerConfigSchema,
  schedule: scheduleConfigSchema.nullable(),
  gradClip: gradClipSchema.nullable(),
  epochs: z.number().int().positive(),
  maxSteps: z.number().int().positive().nullable(),
  batchSize: z.number().int().positive().nullable(),
  shuffle: z.boolean(),
  precision: z.enum(['float32', 'float64']),
  earlyStopping: earlyStoppingSpecSchema.nullable(),
  divergenceFactor: z.number(),
  /** Simulated data-parallel training (data runs); absent or null trains in one process. */
  dataParallel: resolvedDataParallelSchema.nullable().optional(),
  /**
   * Epoch counts after which the run waits for the host's pruning decision (docs/search.md): it
   * goes on only when released, so a pruned run trains no epoch past its rung.
   */
  rungs: z.array(z.number().int().positive()).default([]),
  problem: z.discriminatedUnion('kind', [datasetProblemSchema, surfaceProblemSchema]),
});
export type RunSpec = z.output<typeof runSpecSchema>;
export type RunSpecInput = z.input<typeof runSpecSchema>;

/** `pruned`: a search trial's run stopped early by the pruner (docs/search.md), not a failure. */
export const runStatuses = ['done', 'early-stopped', 'diverged', 'cancelled', 'failed', 'pruned'] as const;
export type RunStatusName = (typeof runStatuses)[number];

const evaluation = z.object({ loss: z.number(), metrics: z.record(z.string(), z.number()) }).nullable();

/** Full-resolution curves of one run. Non-finite losses are kept as null in JSON. */
export const runCurvesSchema = z.object({
  stepLoss: z.array(z.number().nullable()),
  stepLr: z.array(z.number()),
  stepGradNorm: z.array(z.number().nullable()),
  epochTrainLoss: z.array(z.number().nullable()),
  epochValidation: z.array(evaluation),
  epochElapsedMs: z.array(z.number()),
  trajectory: z.array(z.number().nullable()).nullable(),
  /** Data-parallel runs: what the workers sent at each step (docs/data-parallel.md). */
  traffic: z
    .object({
      /** Bytes all workers sent at the step. */
      stepBytes: z.array(z.number()),
      /** Components sent / (workers × parameters). */
      stepDensity: z.array(z.number()),
      /** Simulated communication time of the step, in seconds. */
      stepCommS: z.array(z.number()),
    })
    .optional(),
});
export type RunCurves = z.output<typeof runCurvesSchema>;

/** What a worker returns at the end of a run. */
export const runResultSchema = z.object({
  status: z.enum(['done', 'early-stopped', 'diverged', 'cancelled', 'failed']),
  steps: z.number().int(),
  epochs: z.number().int(),
  finalTrainLoss: z.number().nullable(),
  finalValidation: evaluation,
  /** Loss and metrics on the test rows at the final parameters; absent without test rows. */
  finalTest: evaluation.optional(),
  bestEpoch: z.number().int().nullable(),
  divergedAtStep: z.number().int().nullable(),
  divergenceReason: z.string().nullable(),
  /** Why a run that started ended as 'failed' (its curves are kept); null otherwise. */
  failure: z.string().nullable().optional(),
  elapsedMs: z.number(),
  finalParams: z.array(z.number().nullable()),
  initialParams: z.array(z.number()),
  /** Surfaces with restarts: which start won (0 = the configured start). */
  restartIndex: z.number().int().nullable(),
  /** Parameter names and shapes, when the runner knows them and the spec does not (pytorch models). */
  layout: z.array(z.object({ name: z.string(), shape: z.array(z.number().int()) })).optional(),
  curves: runCurvesSchema,
  /** Data-parallel runs: the traffic of the whole run, all workers. */
  traffic: z
    .object({
      workers: z.number().int(),
      bytesSent: z.number(),
      valuesSent: z.number(),
      /** What a dense float32 all-reduce of every step would have sent. */
      denseBytes: z.number(),
      /** denseBytes / bytesSent; null when nothing was sent. */
      compressionRatio: z.number().nullable(),
      simTimeS: z.number(),
    })
    .optional(),
});
export type RunResult = z.output<typeof runResultSchema>;

const float64Array = z.custom<Float64Array>((v) => v instanceof Float64Array, {
  message: 'expected a Float64Array',
});
const bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array && v.length > 0, {
  message: 'expected non-empty bytes',
});

/**
 * What a pool worker sends at the end of a run (runs/resultWire.ts): the result with its parameter
 * vectors as Float64Arrays (a non-finite final value, null in a result, as NaN) and its curves file
 * encoded as UTF-8 JSON by the worker, each cloned as one block (not transferred: resultWire.ts
 * says why). The typed arrays are checked as such (their values are numbers by construction), not
 * element by element.
 */
export const packedRunResultSchema = runResultSchema
  .omit({ initialParams: true, finalParams: true })
  .extend({ initialParams: float64Array, finalParams: float64Array, curvesJson: bytes });
export type PackedRunResult = z.output<typeof packedRunResultSchema>;

/** Live progress: new points since the last message, at full resolution, batched. */
export const runProgressSchema = z.object({
  steps: z.array(
    z.object({
      step: z.number(),
      epoch: z.number(),
      loss: z.number().nullable(),
      lr: z.number(),
      gradNorm: z.number().nullable(),
      /** Data-parallel runs: what the workers sent at this step. */
      traffic: z.object({ bytes: z.number(), density: z.number(), commS: z.number() }).optional(),
    }),
  ),
  epochs: z.array(
    z.object({
      epoch: z.number(),
      step: z.number(),
      trainLoss: z.number().nullable(),
      validation: evaluation,
      elapsedMs: z.number(),
    }),
  ),
  /** Streaming runs: rows of the file read in the current pass (training or evaluation) and in all. */
  rows: z
    .object({ read: z.number().int(), total: z.number().int(), pass: z.enum(['train', 'evaluate']) })
    .optional(),
});
export type RunProgress = z.output<typeof runProgressSchema>;
