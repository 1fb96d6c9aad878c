// What the run manager says, decided without VS Code: a failed start as a message with the place
// to fix it and the actions to offer, and the status-bar and log lines of a running experiment.
import { dirname, join } from 'node:path';
import { dataErrorSetting } from '../../engine/experiment/dataErrorSetting';
import { DataError, ExperimentError, isUserError } from '../../engine/errors';
import type { RunSummary } from '../../protocol/record';
import type { RunProgress } from '../../protocol/runs';
import { streamAction } from '../streamOffer';

/** A place in a file to open at, 1-based. */
export interface FileTarget {
  path: string;
  line: number;
  column: number;
}

/** How the runner reports an error that stopped an experiment before or while it ran. */
export type RunErrorReport =
  | { kind: 'internal'; message: string; log: string }
  | {
      kind: 'user';
      message: string;
      /** Where "Open at Problem" goes; null when the fix is a setting. */
      target: FileTarget | null;
      /** The buttons of the message, in order. */
      actions: string[];
      /** Which settings "Open Settings" shows: the one that refused the file, else all of ours. */
      settingsQuery: string;
    };

/**
 * The report of error `e` of the experiment file at `experimentPath`: a user mistake in words with
 * the place to fix it (the experiment file's offending key, or the data file's line), a refused
 * size with the setting and the offer to stream, anything else an internal error with its stack.
 * `experimentText` reads the experiment file, needed only for data errors caused by a setting.
 */
export async function describeRunError(
  e: unknown,
  experimentPath: string,
  experimentText: () => Promise<string>,
): Promise<RunErrorReport> {
  if (!isUserError(e)) {
    return {
      kind: 'internal',
      message: `internal error: ${(e as Error)?.message}`,
      log: `internal error: ${(e as Error)?.stack ?? String(e)}`,
    };
  }
  if (e instanceof ExperimentError) {
    const first = e.issues[0];
    return {
      kind: 'user',
      message: e.format().split('\n')[0]!,
      target: { path: experimentPath, line: first?.line ?? 1, column: first?.column ?? 1 },
      actions: ['Open at Problem'],
      settingsQuery: 'optimizerLab',
    };
  }
  if (e instanceof DataError && e.limit === 'maxBytes') {
    // Above the size limit, streaming (data.stream) trains without loading the file whole.
    return {
      kind: 'user',
      message: `${e.format()} (the optimizerLab.maxDataFileMB setting)`,
      target: null,
      actions: [streamAction, 'Open Settings'],
      settingsQuery: 'optimizerLab.maxDataFileMB',
    };
  }
  if (e instanceof DataError) {
    // A target or feature the data lacks is fixed in the experiment file, at that key.
    const setting = dataErrorSetting(e, await experimentText());
    const file = e.location.file;
    const abs = file.startsWith('/') ? file : join(dirname(experimentPath), file);
    return {
      kind: 'user',
      message: e.format(),
      target: setting
        ? { path: experimentPath, line: setting.line, column: setting.column }
        : { path: abs, line: e.location.line ?? 1, column: e.location.column ?? 1 },
      actions: ['Open at Problem'],
      settingsQuery: 'optimizerLab',
    };
  }
  return {
    kind: 'user',
    message: e.message,
    target: null,
    actions: ['Open Settings'],
    settingsQuery: 'optimizerLab',
  };
}

/** The status bar while runs go: `ended/total`, and how far a streamed run's pass through its file is. */
export function progressStatus(ended: number, total: number, p?: RunProgress): string {
  if (!p?.rows) return `$(sync~spin) Optimizer Lab ${ended}/${total}`;
  const pct = Math.floor((100 * p.rows.read) / Math.max(1, p.rows.total));
  return `$(sync~spin) Optimizer Lab ${ended}/${total} · ${p.rows.pass === 'train' ? 'training' : 'evaluating'}: ${p.rows.read} of ${p.rows.total} rows read (${pct}%)`;
}

/** A run's end as a log line at the level its status deserves. */
export function runEndLine(s: RunSummary): { level: 'error' | 'warn' | 'info'; line: string } {
  const detail = s.message ? `: ${s.message}` : '';
  const line = `${s.id} ${s.label}: ${s.status} after ${s.steps} steps, objective ${s.objective ?? '—'}${detail}`;
  return { level: s.status === 'failed' ? 'error' : s.status === 'diverged' ? 'warn' : 'info', line };
}
