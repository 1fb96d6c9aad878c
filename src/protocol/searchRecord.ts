// The search record on disk (search.json, with trials.jsonl its journal): the state of a search
// and of each of its trials, as a resumed search, the lab and the Optuna export read it.
import { z } from 'zod';
import { choiceValue, searchStrategies } from './searchSection';

/**
 * The search record, `.optimizer-lab/<id>/search.json`, beside the ordinary `record.json` (whose
 * runs are the trials' runs, so `runs list|show` and the report read a search like any experiment).
 * It is rewritten atomically whenever a trial changes state, and is what a resumed search reads.
 */
export const SEARCH_FORMAT = 'optimizer-lab-search';
export const SEARCH_VERSION = 1;

export const trialStatuses = [
  'queued',
  'running',
  'done',
  'pruned',
  'diverged',
  'failed',
  'cancelled',
] as const;
export type TrialStatus = (typeof trialStatuses)[number];

export const trialStateSchema = z.object({
  index: z.number().int().nonnegative(),
  /** The sampled point, keyed by parameter name as in the file. */
  params: z.record(z.string(), choiceValue),
  label: z.string(),
  /** The optimizer configuration the trial ran, with every torch default filled. */
  config: z.record(z.string(), z.unknown()).nullable(),
  batch_size: z.number().int().positive().nullable().optional(),
  l2: z.number().nonnegative().optional(),
  /** Searched data_parallel values, keyed by parameter name (`data_parallel.workers`, ...). */
  data_parallel: z.record(z.string(), z.number()).optional(),
  status: z.enum(trialStatuses),
  /** Mean objective over the trial's runs (seeds × folds); null unless done. */
  value: z.number().nullable(),
  /** Standard deviation of the objective over the runs (population), null with one run. */
  std: z.number().nullable(),
  /** Objective of each run, in runIds order (null where a run gave none). */
  values: z.array(z.number().nullable()),
  runIds: z.array(z.string()),
  /** Hyperband bracket (0 for ASHA), null without pruning. */
  bracket: z.number().int().nullable(),
  /** Mean over runs of the monitored value after each epoch, [epoch, value] pairs. */
  intermediate: z.array(z.tuple([z.number().int(), z.number().nullable()])),
  /** Rungs passed: [epoch, value] recorded with the pruner (replayed on resume). */
  rungs: z.array(z.tuple([z.number().int(), z.number().nullable()])),
  pruned_at_epoch: z.number().int().nullable(),
  message: z.string().nullable(),
  elapsed_ms: z.number(),
});
export type TrialState = z.output<typeof trialStateSchema>;

export const searchStateSchema = z.object({
  format: z.literal(SEARCH_FORMAT),
  version: z.literal(SEARCH_VERSION),
  status: z.enum(['running', 'done', 'cancelled', 'failed']),
  /** Why the search stopped: budget reached, wall time, space exhausted, cancelled. */
  stop_reason: z.string().nullable(),
  strategy: z.enum(searchStrategies),
  seed: z.number().int(),
  /**
   * Trials running at once. TPE suggestion i sees the results of trials 0..i−window and treats
   * the ones after as pending, so the search is reproducible for a given window.
   */
  window: z.number().int().positive(),
  budget: z.object({ trials: z.number().int().positive(), wall_time_s: z.number().nullable() }),
  /** Points of the grid (grid strategy), else null. */
  grid_trials: z.number().int().nullable(),
  objective: z.object({ metric: z.string(), mode: z.enum(['min', 'max']), use: z.enum(['final', 'best']) }),
  cv_folds: z.number().int().nullable(),
  /** JSON of the resolved search section, to refuse resuming with a different search. */
  fingerprint: z.string(),
  /** Search time across sessions (resumes add to it). */
  elapsed_ms: z.number(),
  best: z.number().int().nullable(),
  trials: z.array(trialStateSchema),
});
export type SearchState = z.output<typeof searchStateSchema>;
