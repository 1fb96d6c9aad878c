// rerunWithEditsCommand: Re-run with Edited Hyperparameters (runs tree, on a run).
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseExperimentText } from '../../engine/experiment/loadExperiment';
import { ExperimentError } from '../../engine/errors';
import { readRecord } from '../../engine/runs/records';
import { configText, parseConfigEdit, rerunExperimentText, rerunFileName } from '../rerun';
import type { RunRecord } from '../../protocol/record';
import type { OptimizerConfig } from '../../protocol/optimizers';
import { isRunsNode, type HostCommand, type HostServices } from './services';

/**
 * Re-run with Edited Hyperparameters (runs tree, on a run): edit the run's optimizer configuration,
 * validated as you type; the configuration is written into a copy of the experiment file beside it,
 * which opens and runs.
 */
export const rerunWithEditsCommand: HostCommand = {
  id: 'optimizerLab.rerunWithEdits',
  restricted: 'run experiments',
  async run(s, arg) {
    if (!isRunsNode(arg) || !arg.runId) return;
    const entry = await readRecord(arg.recordDir);
    if (!entry.ok) {
      void vscode.window.showErrorMessage(`Optimizer Lab: ${entry.error}`);
      return;
    }
    const run = entry.record.runs.find((r) => r.id === arg.runId);
    const file = entry.record.experimentFile;
    if (!run) return;
    if (!file || !existsSync(file)) {
      void vscode.window.showErrorMessage(
        `Optimizer Lab: the experiment file of this record (${file ?? 'none recorded'}) is gone, so it cannot be re-run.`,
      );
      return;
    }
    const edited = await vscode.window.showInputBox({
      title: `Re-run ${run.label} with edited hyperparameters`,
      prompt: 'torch.optim keyword arguments, as JSON',
      value: configText(run.config),
      ignoreFocusOut: true,
      validateInput: (text) => {
        const r = parseConfigEdit(text);
        return r.ok ? null : r.message;
      },
    });
    if (edited === undefined) return;
    const parsed = parseConfigEdit(edited);
    if (!parsed.ok) return;
    await startRerun(s, entry.record, file, parsed.config);
  },
};

/**
 * Writes a copy of the record's experiment file that runs only `config`, opens it and runs it;
 * shared by Re-run with Edited Hyperparameters and the doctor's one-action remedy.
 */
export async function startRerun(
  s: HostServices,
  record: RunRecord,
  file: string,
  config: OptimizerConfig,
): Promise<void> {
  const folder = dirname(file);
  const name = rerunFileName(file, (n) => existsSync(join(folder, n)));
  const text = rerunExperimentText(await readFile(file, 'utf8'), `${record.name} (re-run)`, config);
  try {
    parseExperimentText(text, name, folder);
  } catch (e) {
    if (!(e instanceof ExperimentError)) throw e;
    const choice = await vscode.window.showErrorMessage(
      `Optimizer Lab: ${file} no longer validates, so it cannot be re-run: ${e.format().split('\n')[0]}`,
      'Open Experiment',
    );
    if (choice) await vscode.window.showTextDocument(vscode.Uri.file(file));
    return;
  }
  const target = vscode.Uri.file(join(folder, name));
  await writeFile(target.fsPath, text, { flag: 'wx' });
  await vscode.window.showTextDocument(target, { preview: false });
  await s.runner.run(target);
}
