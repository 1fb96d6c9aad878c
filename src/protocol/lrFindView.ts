// The Find Learning Rate view's data as the lab receives it: the curve, the suggestions and the runs.
import { z } from 'zod';

/**
 * What the lab draws of a Find Learning Rate record (its lr-find.json): the range test's smoothed
 * curve, the sweep's points, the suggestions, and which optimizer of which file the rate is for.
 */

const num = z.number().nullable();

export const lrFindViewSchema = z.object({
  /** Entry of the experiment's `optimizers` the rate is for. */
  optimizerIndex: z.number().int().nonnegative().default(0),
  method: z.enum(['sweep', 'range']).default('range'),
  suggestedLr: num.default(null),
  curve: z.object({ lrs: z.array(z.number()), smoothed: z.array(z.number().nullable()) }),
  suggestions: z.object({ valley: num, steep: num, minimum: num }),
  sweep: z
    .object({
      points: z.array(
        z.object({
          lr: z.number(),
          objective: num,
          status: z.enum(['done', 'diverged', 'failed', 'cancelled']),
        }),
      ),
      lr: num,
      edgeOfStability: num,
    })
    .nullable()
    .default(null),
});
export type LrFindView = z.output<typeof lrFindViewSchema>;
