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

export type { ExportOutput } from './types';
export { pyStr, pyNum, pyFloat, pyValue } from '../pyCode/pyLiteral';

/** What a run can be exported as. */
export type ExportTarget =
  'pytorch' | 'pytorch-script' | 'pytorch-ddp' | 'notebook' | 'keras' | 'optax' | 'optuna' | 'ray';
export const exportTargets: readonly ExportTarget[] = [
  'pytorch',
  'pytorch-script',
  'pytorch-ddp',
  'notebook',
  'keras',
  'optax',
  'optuna',
  'ray',
];

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
  // The notebook reproduces the whole record (or the chosen runs), not one run.
  if (opts.target === 'notebook') return notebookExport(recordDir, { runs: opts.runs, outDir });
  const run = { ...(await loadExportRun(recordDir, opts.runId)), outDir };
  const out: ExportOutput = await (async () => {
    switch (opts.target) {
      case 'pytorch':
        return pytorchSnippet(run);
      case 'pytorch-script':
        return pytorchScript(run);
      case 'pytorch-ddp':
        return pytorchDdp(run);
      case 'keras':
        return kerasExport(run);
      case 'optax':
        return optaxExport(run);
      case 'optuna':
        return optunaSweep(run, { storage: opts.storage, study: opts.study });
      case 'ray':
        return raySweep(run);
      default:
        throw new ConfigError(
          `unknown export target "${String(opts.target)}"; expected one of ${exportTargets.join(', ')}`,
        );
    }
  })();
  return out;
}
