import { ConfigError } from '../errors';
import { loadExportRun } from './loadRun';
import { pytorchScript } from './pytorchScript';
import { pytorchSnippet } from './pytorchSnippet';
import { kerasExport } from './keras';
import { optaxExport } from './optax';
import { optunaSweep, raySweep } from './sweep';
import type { ExportOutput } from './types';

export type { ExportOutput } from './types';
export { pyStr, pyNum, pyFloat, pyValue } from './pyLiteral';

/** What a run can be exported as. */
export type ExportTarget = 'pytorch' | 'pytorch-script' | 'keras' | 'optax' | 'optuna' | 'ray';
export const exportTargets: readonly ExportTarget[] = [
  'pytorch',
  'pytorch-script',
  'keras',
  'optax',
  'optuna',
  'ray',
];

/**
 * Exports one run of a record folder as code: `runId`, or the best-ranked run by default. Returns
 * the code and the files it needs beside it (the reproduction script's sidecar JSON). A user
 * mistake (unknown run, corrupt record, a target that does not apply to the run) is a ConfigError.
 */
export async function exportFromRecord(
  recordDir: string,
  opts: { target: ExportTarget; runId?: string },
): Promise<{ text: string; sidecars: { name: string; text: string }[] }> {
  const run = await loadExportRun(recordDir, opts.runId);
  const out: ExportOutput = await (async () => {
    switch (opts.target) {
      case 'pytorch':
        return pytorchSnippet(run);
      case 'pytorch-script':
        return pytorchScript(run);
      case 'keras':
        return kerasExport(run);
      case 'optax':
        return optaxExport(run);
      case 'optuna':
        return optunaSweep(run);
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
