// LiveRuns: The host's live view of running experiments (also ActiveExperiment).
import type * as vscode from 'vscode';
import type { RunRecord, RunSummary } from '../protocol/record';
import type { RunProgress, RunSpec } from '../protocol/runs';

/** An experiment running now, with everything it streamed so far (a reopened panel replays it). */
export interface ActiveExperiment {
  recordDir: string;
  record: RunRecord;
  specs: RunSpec[];
  /** Every progress batch received per run id, in arrival order. */
  progress: ReadonlyMap<string, readonly RunProgress[]>;
}

/**
 * The host's live view of running experiments: the run manager implements it, panels subscribe.
 * Payloads are the engine's own types (src/protocol), so the panels need no translation layer.
 */
export interface LiveRuns {
  /** Experiments running now, by record folder. */
  readonly active: ReadonlyMap<string, ActiveExperiment>;
  readonly onDidStart: vscode.Event<ActiveExperiment>;
  readonly onDidProgress: vscode.Event<{ recordDir: string; runId: string; progress: RunProgress }>;
  readonly onDidRunEnd: vscode.Event<{ recordDir: string; summary: RunSummary; record: RunRecord }>;
  readonly onDidFinish: vscode.Event<{ recordDir: string; record: RunRecord }>;
  /** Cancels one run, one experiment, or (no argument) everything running. */
  cancel(recordDir?: string, runId?: string): void;
}
