// Drives one experiment or search on the engine for the run manager, without VS Code: maps the
// engine's events (runs or trials) onto one set of session callbacks.
import { appendAll } from '../../engine/extremes';
import {
  runExperiment,
  type ExperimentOutcome,
  type RunExperimentOptions,
} from '../../engine/runs/runExperiment';
import { runSearch } from '../../engine/search/runSearch';
import type { RunRecord, RunSummary } from '../../protocol/record';
import type { RunProgress, RunSpec } from '../../protocol/runs';
import { formatNumber } from '../../engine/format';

/** What a session reports, the same for an experiment's runs and a search's trials. */
export interface SessionCallbacks {
  /** The record exists and `count` units (runs or trials) are planned; `specs` grows as trials start. */
  begin(
    recordDir: string,
    record: RunRecord,
    specs: RunSpec[],
    count: number,
    cancelRun: ((runId: string) => void) | null,
  ): void;
  progress(runId: string, p: RunProgress): void;
  runEnded(s: RunSummary): void;
  /** One unit (a run, or a whole trial) ended. */
  unitEnded(): void;
  log(line: string): void;
}

/**
 * Runs `options` as an experiment, or as a search (resuming the record at `resume` when given):
 * a search's trial runs join the session's specs as they start, each trial's runs are reported
 * ended with it, and its outcome is logged as `trial #i label: status metric value`.
 */
export function driveSession(
  mode: 'experiment' | 'search',
  options: Omit<RunExperimentOptions, 'events'>,
  cb: SessionCallbacks,
  resume?: string,
): Promise<ExperimentOutcome> {
  if (mode === 'experiment') {
    return runExperiment({
      ...options,
      events: {
        onStart: ({ recordDir, record, specs, cancelRun }) =>
          cb.begin(recordDir, record, specs, specs.length, cancelRun),
        onProgress: (runId, p) => cb.progress(runId, p),
        onRunEnd: (s) => {
          cb.runEnded(s);
          cb.unitEnded();
        },
      },
    });
  }
  let session: { record: RunRecord; specs: RunSpec[] } | null = null;
  return runSearch({
    ...options,
    ...(resume !== undefined ? { resume } : {}),
    events: {
      onStart: ({ recordDir, record, state }) => {
        session = { record, specs: [] };
        cb.begin(recordDir, record, session.specs, state.budget.trials, null);
      },
      // A trial's runs join the live experiment as it starts them.
      onTrialStart: (_t, specs) => session && appendAll(session.specs, specs),
      onProgress: (runId, _trial, p) => cb.progress(runId, p),
      onTrialEnd: (t, state) => {
        const runs = session?.record.runs ?? [];
        for (const id of t.runIds) {
          const s = runs.find((r) => r.id === id);
          if (s) cb.runEnded(s);
        }
        const value =
          t.value === null ? (t.message ?? '') : `${state.objective.metric} ${formatNumber(t.value)}`;
        cb.log(`trial #${t.index} ${t.label}: ${t.status} ${value}`);
        cb.unitEnded();
      },
    },
  });
}
