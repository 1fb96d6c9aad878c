// The verdict of a record (docs/records.md, "Which run is best"): per configuration, and the best one.
import { z } from 'zod';

/**
 * The verdict of a record (docs/records.md, "Which run is best"): its configurations ranked by the
 * objective over their seeds, with a 95% confidence interval and a paired tie test against the
 * leader, and the one run that stands for the best configuration. The same shape is the
 * `configurations` / `best` of `record.json`, `run --json` and `search --json`.
 */
export const configurationVerdictSchema = z.object({
  /** The configuration index (the trial index in a search). */
  index: z.number().int().nonnegative(),
  label: z.string(),
  /** Runs of the configuration: seeds × folds × restarts. */
  runs: z.number().int(),
  /** Runs per status, e.g. `{ "done": 2, "diverged": 1 }`. */
  statuses: z.record(z.string(), z.number().int()),
  /** Mean objective over the runs that finished; null when none did. */
  mean: z.number().nullable(),
  /** Sample standard deviation (n − 1) over the finished runs; null with fewer than two. */
  std: z.number().nullable(),
  /** 95% Student t confidence interval of the mean; null with fewer than two finished runs. */
  ci95: z.tuple([z.number(), z.number()]).nullable(),
  /** 1 = best; equal configurations share a rank; null when no run finished. */
  rank: z.number().int().nullable(),
  /** Cannot be told apart from the leader by a paired t-test over seeds (false for the leader). */
  tied_with_leader: z.boolean(),
  /** The objective's metric on the test rows for the representative run; null without a test split. */
  test_metric: z.number().nullable(),
  /** The run that stands for the configuration: its median finished seed; null when none finished. */
  representative_run: z.string().nullable(),
});
export type ConfigurationVerdict = z.output<typeof configurationVerdictSchema>;

/** The best configuration and its representative run. */
export const bestSchema = z.object({
  configuration: z.number().int().nonnegative(),
  run: z.string(),
});
export type Best = z.output<typeof bestSchema>;
