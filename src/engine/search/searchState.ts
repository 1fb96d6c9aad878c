// A search's state on disk and its trials' life: search.json plus the trials.jsonl journal, read
// back merged; a new trial, a trial requeued on resume, and the best trial by the record's verdict.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '../../protocol/record';
import {
  searchStateSchema,
  trialStateSchema,
  type SearchState,
  type TrialState,
} from '../../protocol/search';
import { ConfigError } from '../errors';
import { readRecord } from '../runs/records';
import { updateVerdict } from '../verdict/recordVerdict';
import type { TrialParams } from './space';

export const SEARCH_FILE = 'search.json';
/** The trials journal: a trial's state appended each time it starts or ends (readSearchState merges it). */
export const TRIALS_FILE = 'trials.jsonl';

const FINISHED: readonly TrialState['status'][] = ['done', 'pruned', 'diverged', 'failed'];

/** True when a trial ended in a way a resumed search keeps (not queued, running or cancelled). */
export const isFinished = (t: TrialState): boolean => FINISHED.includes(t.status);

/** The best trial by the verdict's rule (docs/records.md): the rank-1 configuration of the record. */
export function bestTrial(record: RunRecord): number | null {
  return updateVerdict(record).best?.configuration ?? null;
}

/** Reads and validates the search record of a record folder. */
export async function readSearchState(dir: string): Promise<SearchState> {
  let text: string;
  try {
    text = await fs.readFile(join(dir, SEARCH_FILE), 'utf8');
  } catch {
    throw new ConfigError(`${dir} has no ${SEARCH_FILE}: it is not the record of a search`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  const parsed = searchStateSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError(`${join(dir, SEARCH_FILE)} is not a valid search record`);
  const state = parsed.data;
  // Trials that started or ended since search.json was written; a torn last line is skipped.
  const journal = await fs.readFile(join(dir, TRIALS_FILE), 'utf8').catch(() => '');
  let merged = false;
  for (const line of journal.split('\n')) {
    if (!line.trim()) continue;
    let trial: TrialState;
    try {
      const t = trialStateSchema.safeParse(JSON.parse(line));
      if (!t.success) continue;
      trial = t.data;
    } catch {
      continue;
    }
    state.trials[trial.index] = trial;
    merged = true;
  }
  if (merged) {
    state.trials = state.trials.filter((t) => t !== undefined);
    // The best trial is the verdict's rank-1 configuration, read from the record's runs (merged
    // with its own journal the same way).
    const entry = await readRecord(dir);
    if (entry.ok) state.best = bestTrial(entry.record);
  }
  return state;
}

/** A new trial at a point of the space, queued. */
export function emptyTrial(index: number, params: TrialParams): TrialState {
  return {
    index,
    params,
    label: `#${index}`,
    config: null,
    status: 'queued',
    value: null,
    std: null,
    values: [],
    runIds: [],
    bracket: null,
    intermediate: [],
    rungs: [],
    pruned_at_epoch: null,
    message: null,
    elapsed_ms: 0,
  };
}

/** A trial back to queued (resume): same point, nothing of its interrupted runs. */
export function requeued(t: TrialState): TrialState {
  return { ...emptyTrial(t.index, t.params), label: t.label, config: t.config };
}
