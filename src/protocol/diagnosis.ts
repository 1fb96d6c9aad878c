// What the optimizer doctor says about a finished run: the kinds of diagnosis and their schema.
import { z } from 'zod';

/**
 * What the optimizer doctor says about a finished run: the kind, where it shows (step or epoch),
 * the numbers behind it, the remedy in words and, when the remedy is a change of the learning
 * rate, the factor a "re-run with it" applies.
 */

export const diagnosisKinds = [
  'diverged',
  'oscillating',
  'plateau',
  'saddle',
  'vanishing-gradients',
  'exploding-gradients',
  'overfitting',
] as const;
export type DiagnosisKind = (typeof diagnosisKinds)[number];

export const diagnosisSchema = z.object({
  kind: z.enum(diagnosisKinds),
  /** Where the problem shows: an optimizer step and/or an epoch (0 = before training). */
  at: z.object({ step: z.number().int().nullable(), epoch: z.number().int().nullable() }),
  evidence: z.string(),
  remedy: z.string(),
  /** A one-action remedy: multiply the run's lr by this factor and run again; null when none. */
  lrFactor: z.number().positive().nullable(),
});
export type Diagnosis = z.output<typeof diagnosisSchema>;
