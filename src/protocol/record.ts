// The on-disk record of one experiment (record.json, docs/records.md): runs, summaries, curves files.
import { z } from 'zod';
import { diagnosisSchema } from './diagnosis';
import { runCurvesSchema, runStatuses } from './runs';
import { bestSchema, configurationVerdictSchema } from './verdict';

/**
 * The on-disk record of one experiment run (docs/records.md):
 *
 *   .optimizer-lab/<id>/record.json        this schema, written atomically when the record starts and ends
 *   .optimizer-lab/<id>/runs.jsonl         one run summary a line, appended as runs end (readers merge it)
 *   .optimizer-lab/<id>/curves/<run>.json  full-resolution curves + parameters of one run
 *   .optimizer-lab/<id>/report.html        the self-contained report
 */
export const RECORD_FORMAT = 'optimizer-lab-record';
export const RECORD_VERSION = 1;

const num = z.number().nullable();

export const runSummarySchema = z.object({
  id: z.string(),
  configIndex: z.number().int().nonnegative(),
  label: z.string(),
  /** The optimizer configuration with every torch default filled. */
  config: z.record(z.string(), z.unknown()),
  seed: z.number().int(),
  fold: z.number().int().nullable(),
  /** Surface runs: 0 for the configured start, r for the r-th random restart. */
  restart: z.number().int().nullable(),
  status: z.enum([...runStatuses, 'queued', 'running']),
  steps: z.number().int(),
  epochs: z.number().int(),
  final_train_loss: num,
  final_val_loss: num,
  best_val_loss: num,
  best_epoch: z.number().int().nullable(),
  /** The objective's value for ranking (final or best, per the experiment). */
  objective: num,
  metrics: z.record(z.string(), z.number()),
  diverged_at_step: z.number().int().nullable(),
  message: z.string().nullable(),
  elapsed_ms: z.number(),
  /** Its configuration's rank (docs/records.md) when the run finished; null for runs that did not. */
  rank: z.number().int().nullable(),
  /** Loss and metrics on the test rows after training; absent without a test split (older records too). */
  test_loss: num.optional(),
  test_metrics: z.record(z.string(), z.number()).optional(),
  /** Path of the curves file, relative to the record folder. */
  curves: z.string().nullable(),
  /** The optimizer doctor's findings for a finished run (docs/doctor.md); absent in older records. */
  diagnoses: z.array(diagnosisSchema).optional(),
  /** Data-parallel runs (docs/data-parallel.md): bytes all workers sent over the run. */
  bytes_sent: z.number().optional(),
  /** Dense float32 all-reduce bytes / bytes_sent; null when nothing was sent. */
  compression_ratio: z.number().nullable().optional(),
  /** Simulated communication time of the run, seconds. */
  comm_time_s: z.number().optional(),
});
export type RunSummary = z.output<typeof runSummarySchema>;

export const environmentSchema = z.object({
  engineVersion: z.string(),
  node: z.string(),
  platform: z.string(),
  arch: z.string(),
  cpus: z.number().int(),
  poolSize: z.number().int(),
  precision: z.enum(['float32', 'float64']),
  /** Runs of a user's PyTorch model (docs/own-model.md): the Python that ran them. */
  python: z
    .object({
      executable: z.string(),
      version: z.string(),
      torch: z.string(),
      device: z.enum(['cpu', 'cuda']),
    })
    .optional(),
});

export const datasetInfoSchema = z.object({
  file: z.string(),
  rows: z.number().int(),
  features: z.array(z.string()),
  target: z.string(),
  task: z.enum(['regression', 'binary', 'multiclass']),
  classes: z.array(z.string()).nullable(),
  trainRows: z.number().int(),
  validationRows: z.number().int(),
  testRows: z.number().int(),
  warnings: z.array(z.string()),
});

/** The process that writes a record, so a reader can tell a live record from one whose writer died. */
export const recordOwnerSchema = z.object({
  pid: z.number().int(),
  host: z.string(),
  startedAt: z.string(),
  /** The writer's start in clock ticks since boot (Linux /proc), so a reused pid is not taken for it. */
  procStart: z.string().optional(),
});

/**
 * How a record ended. `interrupted` is never written: readers show a `running` record as
 * interrupted when the process that wrote it is gone (killed, crashed, window closed).
 */
export const recordStatuses = ['running', 'done', 'cancelled', 'failed', 'interrupted'] as const;

export const recordSchema = z.object({
  format: z.literal(RECORD_FORMAT),
  version: z.literal(RECORD_VERSION),
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  status: z.enum(recordStatuses),
  /** Why the record failed or was stopped (an internal error, SIGTERM), null otherwise. */
  message: z.string().nullable().optional(),
  owner: recordOwnerSchema.optional(),
  experimentFile: z.string().nullable(),
  environment: environmentSchema,
  /** The resolved experiment: every default filled. */
  experiment: z.record(z.string(), z.unknown()),
  dataset: datasetInfoSchema.nullable(),
  objective: z.object({ metric: z.string(), mode: z.enum(['min', 'max']), use: z.enum(['final', 'best']) }),
  runs: z.array(runSummarySchema),
  /** The best configuration and its representative run (absent in records before verdicts). */
  best: bestSchema.nullable().optional(),
  /** Every configuration ranked over its seeds, in rank order (absent in older records). */
  configurations: z.array(configurationVerdictSchema).optional(),
});
export type RunRecord = z.output<typeof recordSchema>;

/** One run's curves file: the curves plus the parameters it started and ended with. */
export const curvesFileSchema = runCurvesSchema.extend({
  runId: z.string(),
  layout: z.array(z.object({ name: z.string(), shape: z.array(z.number().int()) })).nullable(),
  initialParams: z.array(z.number()),
  finalParams: z.array(z.number().nullable()),
});
export type CurvesFile = z.output<typeof curvesFileSchema>;
