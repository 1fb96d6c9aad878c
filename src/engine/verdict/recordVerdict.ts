// The verdict of a whole record: computed from its runs, written into it, read back by every view.
import type { RunRecord, RunSummary } from '../../protocol/record';
import type { ConfigurationVerdict } from '../../protocol/verdict';
import { formatMeanStd } from '../format';
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

/** The best configuration's verdict and its representative run, or null when no run finished. */
export function bestOf(
  record: Pick<RunRecord, 'runs' | 'objective'>,
): { configuration: ConfigurationVerdict; run: RunSummary } | null {
  const v = verdictOf(record);
  const configuration = v.configurations.find((c) => c.index === v.best?.configuration);
  const run = record.runs.find((r) => r.id === v.best?.run);
  return configuration && run ? { configuration, run } : null;
}

/**
 * The best configuration in words, the same on every surface: `Adam(lr=0.01): val_loss 0.31 ±
 * 0.01 over 3 runs (run c1-s2)`, or null when no run finished.
 */
export function describeBest(record: Pick<RunRecord, 'runs' | 'objective'>): string | null {
  const b = bestOf(record);
  if (!b) return null;
  const c = b.configuration;
  const over = c.runs > 1 ? ` over ${c.runs} runs` : '';
  return `${c.label}: ${record.objective.metric} ${formatMeanStd(c.mean, c.std)}${over} (run ${b.run.id})`;
}
