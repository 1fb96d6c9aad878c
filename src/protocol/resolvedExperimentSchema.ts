// The resolved experiment as a zod schema, so a record's `experiment` is validated on read, not cast.
import { z } from 'zod';
import { dataSpecSchema } from './data';
import { resolvedDataParallelSchema } from './dataParallel';
import {
  activations,
  initSchema,
  lossNames,
  monitoredMetrics,
  surfaceNames,
  type ResolvedExperiment,
} from './experiment';
import { optimizerConfigSchema, optimizerNames } from './optimizers';
import { scheduleConfigSchema } from './schedules';
import { searchParamSchema, searchStrategies } from './search';

const precision = z.enum(['float64', 'float32']);
const mode = z.enum(['min', 'max']);

const gradClip = z.union([
  z.object({ max_norm: z.number(), norm_type: z.union([z.number(), z.literal('inf')]) }),
  z.object({ clip_value: z.number() }),
]);

const resolvedSearch = z.object({
  strategy: z.enum(searchStrategies),
  seed: z.number(),
  parameters: z.record(z.string(), searchParamSchema),
  conditional: z.record(z.string(), z.record(z.string(), searchParamSchema)),
  budget: z.object({ trials: z.number().int(), wall_time_s: z.number().nullable() }),
  pruning: z
    .object({ type: z.enum(['asha', 'hyperband']), min_epochs: z.number(), reduction_factor: z.number() })
    .nullable(),
  cv_folds: z.number().int().nullable(),
  tpe: z.object({ startup_trials: z.number().int(), ei_candidates: z.number().int() }),
  base: z.partialRecord(z.enum(optimizerNames), optimizerConfigSchema),
});

const common = {
  name: z.string(),
  description: z.string().nullable(),
  optimizers: z.array(optimizerConfigSchema),
  schedule: scheduleConfigSchema.nullable(),
  grad_clip: gradClip.nullable(),
  objective: z.object({ metric: z.enum(monitoredMetrics), mode, use: z.enum(['final', 'best']) }),
  search: resolvedSearch.optional(),
};

const resolvedModel = z.discriminatedUnion('type', [
  z.object({ type: z.enum(['linear', 'logistic', 'softmax']), init: initSchema }),
  z.object({
    type: z.literal('mlp'),
    hidden: z.array(z.number().int()),
    activation: z.enum(activations),
    init: initSchema,
  }),
  z.object({
    type: z.literal('pytorch'),
    path: z.string(),
    root: z.string(),
    factory: z.string(),
    loss: z.string().nullable(),
    data: z.string().optional(),
    init: initSchema,
  }),
]);

const resolvedLoss = z.union([
  z.object({ name: z.literal('huber'), delta: z.number() }),
  z.object({ name: z.enum(lossNames).exclude(['huber']) }),
]);

const dataExperiment = z.object({
  ...common,
  kind: z.literal('data'),
  data: dataSpecSchema.nullable(),
  model: resolvedModel,
  loss: resolvedLoss.nullable(),
  l2: z.number(),
  training: z.object({
    epochs: z.number().int(),
    steps: z.number().int().nullable(),
    batch_size: z.number().int().nullable(),
    shuffle: z.boolean(),
    seeds: z.array(z.number().int()),
    precision,
    early_stopping: z
      .object({
        monitor: z.enum(monitoredMetrics),
        patience: z.number().int(),
        min_delta: z.number(),
        mode,
        restore_best: z.boolean(),
      })
      .nullable(),
    divergence_factor: z.number(),
    data_parallel: z.array(resolvedDataParallelSchema).optional(),
  }),
});

const surfaceExperiment = z.object({
  ...common,
  kind: z.literal('surface'),
  surface: z.object({
    name: z.enum(surfaceNames),
    start: z.tuple([z.number(), z.number()]).nullable(),
    condition_number: z.number().nullable(),
    perturbation: z
      .object({
        sigma: z.number(),
        every: z.number().int().nullable(),
        when_grad_norm_below: z.number().nullable(),
      })
      .nullable(),
    restarts: z.number().int(),
  }),
  training: z.object({
    steps: z.number().int(),
    seeds: z.array(z.number().int()),
    precision,
    divergence_factor: z.number(),
  }),
});

/** A record's `experiment`: the resolved experiment the record ran, every default filled. */
export const resolvedExperimentSchema = z.discriminatedUnion('kind', [dataExperiment, surfaceExperiment]);

// The schema and the ResolvedExperiment type must describe the same values: each is assignable to
// the other, or this file does not compile.
type Parsed = z.output<typeof resolvedExperimentSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesType: Same<Parsed, ResolvedExperiment> = true;
void schemaMatchesType;

/**
 * The resolved experiment of a record, validated: the typed experiment, or the problems found as
 * `path: message` lines (a corrupt or hand-edited record.json).
 */
export function parseRecordedExperiment(
  value: unknown,
): { ok: true; experiment: ResolvedExperiment } | { ok: false; problems: string[] } {
  const parsed = resolvedExperimentSchema.safeParse(value);
  if (parsed.success) return { ok: true, experiment: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map(
      (i) => `experiment${i.path.map((k) => `.${String(k)}`).join('')}: ${i.message}`,
    ),
  };
}
