// The `data` section of an experiment file: file, format, target, task, split and preprocessing.
import { z } from 'zod';
import { dataFormats } from './dataFormats';

/**
 * The `data` section of an experiment file: which file, which target, how it is split and
 * preprocessed. Paths are relative to the experiment file.
 */

export { dataFormats, type DataFormat } from './dataFormats';

export const taskKinds = ['regression', 'binary', 'multiclass'] as const;
export type TaskKind = (typeof taskKinds)[number];

const fraction = z.number().refine((v) => v >= 0 && v < 1, { message: 'must be in [0, 1)' });

export const splitSchema = z
  .strictObject({
    /** Fraction of rows held out for validation (early stopping, ranking). */
    validation: fraction.default(0.2),
    /** Fraction of rows held out for a final test score, never used for decisions. */
    test: fraction.default(0),
    /** Seed of the row shuffle; the same seed gives the same split on any machine. */
    seed: z.number().int().default(0),
    /** Keep class proportions in every split (classification only). */
    stratify: z.boolean().default(false),
    /**
     * `shuffle` (the default): exact split sizes from a seeded shuffle of the rows. `hash`: each
     * row goes by a seeded hash of its position in the file, so a split is decided one row at a
     * time (what streaming does; sizes are then near, not exactly, the fractions).
     */
    method: z.enum(['shuffle', 'hash']).optional(),
  })
  .superRefine((s, ctx) => {
    if (s.validation + s.test >= 1) {
      ctx.addIssue({
        code: 'custom',
        message: `validation + test must be < 1 (leave rows to train on), got ${s.validation + s.test}`,
      });
    }
  });

export const preprocessingSchema = z.strictObject({
  /** Standardize features with the training split's mean and population std. */
  standardize: z.boolean().default(true),
  /** Standardize a regression target the same way (losses are then in target-std units). */
  standardize_target: z.boolean().default(false),
  /** What to do with a missing value in a used column: fail with its location, drop the row, or fill with the training mean. */
  missing: z.enum(['error', 'drop', 'mean']).default('error'),
  /** A categorical feature with more distinct values than this is an error (one-hot would explode). */
  max_categories: z.number().int().positive().default(20),
});

export const dataSpecSchema = z.strictObject({
  path: z.string().min(1),
  /** Overrides detection by file extension. */
  format: z.enum(dataFormats).optional(),
  target: z.string().min(1),
  /** Feature columns; by default every column except the target. */
  features: z.array(z.string().min(1)).min(1).optional(),
  /** Overrides the inferred task. */
  task: z.enum(taskKinds).optional(),
  /**
   * Train from the file in chunks, one pass per epoch, never holding the table in memory (for
   * files larger than memory; CSV, TSV, JSONL, Parquet by row group). Implies the hash split.
   */
  stream: z.boolean().optional(),
  /**
   * Streaming: rows held for shuffling (tf.data's buffer_size; 10 000 by default). Each step draws
   * a random row of the buffer, so rows mix only within this many of their neighbours in the file.
   */
  shuffle_buffer: z.number().int().positive().optional(),
  split: splitSchema.default({ validation: 0.2, test: 0, seed: 0, stratify: false }),
  preprocessing: preprocessingSchema.default({
    standardize: true,
    standardize_target: false,
    missing: 'error',
    max_categories: 20,
  }),
});

export type DataSpecInput = z.input<typeof dataSpecSchema>;
export type DataSpec = z.output<typeof dataSpecSchema>;
