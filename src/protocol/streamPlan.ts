// A streamed data set's plan as workers receive it: the columns, their encoding and the chunking.
import { z } from 'zod';
import { dataFormats, taskKinds } from './data';

/**
 * The plan of a streamed data set (see engine/data/stream/streamPlan.ts): what a worker needs to
 * read the file chunk by chunk and encode each row as the statistics pass decided. Carried in a
 * run spec; plain JSON.
 */
const kind = z.enum(['numeric', 'boolean', 'categorical']);

export const streamPlanSchema = z.object({
  path: z.string(),
  file: z.string(),
  format: z.enum(dataFormats),
  chunkBytes: z.number().int().positive(),
  /** Rows of the shuffle buffer. */
  shuffleBuffer: z.number().int().positive(),
  features: z.array(
    z.object({
      name: z.string(),
      kind,
      /** First feature index of the column. */
      first: z.number().int().nonnegative(),
      /** Categorical: the levels present in the kept rows, sorted; level i is feature `first + i`. */
      levels: z.array(z.string()).nullable(),
    }),
  ),
  featureNames: z.array(z.string()),
  featureSources: z.array(
    z.union([
      z.object({ column: z.string(), kind: z.literal('numeric') }),
      z.object({ column: z.string(), kind: z.literal('boolean') }),
      z.object({ column: z.string(), kind: z.literal('categorical'), level: z.string() }),
    ]),
  ),
  nFeatures: z.number().int().positive(),
  target: z.object({ name: z.string(), kind }),
  task: z.enum(taskKinds),
  classes: z.array(z.union([z.string(), z.number(), z.boolean()])).nullable(),
  /** Per feature: training mean, divisor (1 where the std is 0), fill of a missing value (`mean` policy). */
  mean: z.array(z.number()).nullable(),
  scale: z.array(z.number()).nullable(),
  fill: z.array(z.number()).nullable(),
  targetMean: z.number().nullable(),
  targetStd: z.number().nullable(),
  missing: z.enum(['error', 'drop', 'mean']),
  split: z.object({ validation: z.number(), test: z.number(), seed: z.number().int() }),
  rows: z.object({
    file: z.number().int(),
    kept: z.number().int(),
    train: z.number().int(),
    validation: z.number().int(),
    test: z.number().int(),
  }),
  warnings: z.array(z.string()),
});

export type StreamPlan = z.infer<typeof streamPlanSchema>;
export type PlannedColumn = StreamPlan['features'][number];
