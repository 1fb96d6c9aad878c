// The worker → host form of live progress: a batch's step points as columns of Float64Arrays.
import { z } from 'zod';
import { runProgressSchema } from './runs';

/**
 * Why columns: a fast run (a 2-D surface takes about a million steps a second) sends tens of
 * thousands of points per batch. As an array of objects each point cost the host's main thread
 * about 2.5 µs to receive and validate, more than the worker took to compute it, so the host fell
 * further behind every second and handled Ctrl-C and SIGTERM only after the backlog. A typed array
 * crosses the thread boundary as one copy and is validated by its length alone.
 */
const column = z.custom<Float64Array>((v) => v instanceof Float64Array, {
  message: 'expected a Float64Array',
});

export const packedStepsSchema = z
  .object({
    step: column,
    epoch: column,
    /** NaN where the loss was not finite (RunProgress has null there). */
    loss: column,
    lr: column,
    /** NaN where the gradient norm was not finite. */
    gradNorm: column,
    /** Data-parallel runs: what the workers sent at each step (NaN bytes: none at that step). */
    traffic: z.object({ bytes: column, density: column, commS: column }).optional(),
  })
  .refine(
    (s) => {
      const n = s.step.length;
      const cols = [s.epoch, s.loss, s.lr, s.gradNorm];
      if (s.traffic) cols.push(s.traffic.bytes, s.traffic.density, s.traffic.commS);
      return cols.every((c) => c.length === n);
    },
    { message: 'step columns of different lengths' },
  );
export type PackedSteps = z.output<typeof packedStepsSchema>;

const evaluation = runProgressSchema.shape.epochs.element.shape.validation.unwrap();

/**
 * Epoch ends as columns too: a surface run ends an epoch at every step. Validation results are
 * listed only for the epochs that have one (`at` indexes the columns).
 */
export const packedEpochsSchema = z
  .object({
    epoch: column,
    step: column,
    /** NaN where the training loss was not finite. */
    trainLoss: column,
    elapsedMs: column,
    validation: z.array(evaluation.extend({ at: z.number().int().nonnegative() })),
  })
  .refine(
    (e) =>
      [e.step, e.trainLoss, e.elapsedMs].every((c) => c.length === e.epoch.length) &&
      e.validation.every((v) => v.at < e.epoch.length),
    { message: 'epoch columns of different lengths' },
  );
export type PackedEpochs = z.output<typeof packedEpochsSchema>;

/** One progress message as the worker (or a Python run's reader) sends it. */
export const packedProgressSchema = z.object({
  steps: packedStepsSchema,
  epochs: packedEpochsSchema,
  rows: runProgressSchema.shape.rows,
});
export type PackedProgress = z.output<typeof packedProgressSchema>;
