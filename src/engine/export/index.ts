// ExportOptions: What to export and where it goes (also exportFromRecord).
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors';
import { loadExportRun } from './loadRun';
import { pytorchScript } from './pytorchScript';
import { pytorchDdp } from './pytorchDdp';
import { pytorchSnippet } from './pytorchSnippet';
import { kerasExport } from './keras';
import { optaxExport } from './optax';
import { optunaSweep, raySweep } from './sweep';
import { notebookExport } from './notebook';
import type { ExportOutput } from './types';
import type { ExportRun } from './loadRun';
import { exportTargets, isExportTarget, type ExportTarget } from '../../protocol/exportTargets';

export type { ExportOutput } from './types';
export { pyStr, pyNum, pyFloat, pyValue } from '../pyCode/pyLiteral';

export { exportTargets, type ExportTarget } from '../../protocol/exportTargets';

/** What to export and where it goes. */
export interface ExportOptions {
  target: ExportTarget;
  /** The run; default: the best-ranked one. */
  runId?: string | undefined;
  /** Where the code will be saved: paths in it (data file, record) are written relative to its folder. */
  out?: string | undefined;
  /** Optuna target: the default storage URL and study name of the generated script. */
  storage?: string | undefined;
  study?: string | undefined;
  /** Notebook target: the runs to reproduce (default: every run of the record with curves). */
  runs?: string[] | undefined;
}

/**
 * Exports one run of a record folder as code: `runId`, or the best-ranked run by default (the
 * notebook: every run, or `runs`). Returns the code and the files it needs beside it (the sidecar
 * JSON), to be saved in the folder of `out`. A user mistake (unknown run, corrupt record, a target
 * that does not apply to the run) is a ConfigError.
 */
export async function exportFromRecord(
  recordDir: string,
  opts: ExportOptions,
): Promise<{ text: string; sidecars: { name: string; text: string }[] }> {
  const outDir = opts.out ? dirname(resolve(opts.out)) : null;
  // A target name from a caller that skipped the type check (a message, a setting) is a user error.
  if (!isExportTarget(opts.target)) {
    throw new ConfigError(
      `unknown export target "${String(opts.target)}"; expected one of ${exportTargets.join(', ')}`,
    );
  }
  return EXPORTERS[opts.target](recordDir, opts, outDir);
}

type Exporter = (recordDir: string, opts: ExportOptions, outDir: string | null) => Promise<ExportOutput>;

/** One run's exporter, given the run the options name (the best-ranked one by default). */
function ofRun(
  write: (run: ExportRun, opts: ExportOptions) => ExportOutput | Promise<ExportOutput>,
): Exporter {
  return async (recordDir, opts, outDir) =>
    write({ ...(await loadExportRun(recordDir, opts.runId)), outDir }, opts);
}

/** The code writer of every target; a target of the table missing here is a compile error. */
const EXPORTERS: Record<ExportTarget, Exporter> = {
  pytorch: ofRun(pytorchSnippet),
  'pytorch-script': ofRun(pytorchScript),
  'pytorch-ddp': ofRun(pytorchDdp),
  // The notebook reproduces the whole record (or the chosen runs), not one run.
  notebook: (recordDir, opts, outDir) => notebookExport(recordDir, { runs: opts.runs, outDir }),
  keras: ofRun(kerasExport),
  optax: ofRun(optaxExport),
  optuna: ofRun((run, opts) => optunaSweep(run, { storage: opts.storage, study: opts.study })),
  ray: ofRun(raySweep),
};
