// The verdict of a whole record: computed from its runs, written into it, read back by every view.
import type { RunRecord } from '../../protocol/record';
import { applyRanks, rankConfigurations, type Verdict } from './rankConfigurations';

/** Ranks a record's configurations by its objective (docs/records.md). */
export function verdictOf(record: Pick<RunRecord, 'runs' | 'objective'>): Verdict {
  return rankConfigurations(record.runs, record.objective);
}

/**
 * Brings a record's verdict up to date in place: `configurations`, `best` and each run's `rank`.
 * Called whenever a run ends, so the record on disk always holds the verdict of its runs.
 */
export function updateVerdict(record: RunRecord): Verdict {
  const v = verdictOf(record);
  applyRanks(record.runs, v);
  record.configurations = v.configurations;
  record.best = v.best;
  return v;
}

/**
 * The id of a record's best run: the representative run of its best configuration. Records
 * written before verdicts existed have no `best`; theirs is computed from the runs by the same rule.
 */
export function bestRunId(record: Pick<RunRecord, 'runs' | 'objective' | 'best'>): string | null {
  if (record.best !== undefined) return record.best?.run ?? null;
  return verdictOf(record).best?.run ?? null;
}
