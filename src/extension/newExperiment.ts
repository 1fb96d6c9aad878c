// newExperimentFromDataFile: New Experiment from Data File.
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { loadTable } from '../engine/data/loadTable';
import { summarizeTable } from '../engine/data/inspect';
import { parseExperimentText } from '../engine/experiment/loadExperiment';
import { DataError } from '../engine/errors';
import { dataFileFilters } from '../protocol/dataFormats';
import {
  draftExperiment,
  experimentFileName,
  modelOptions,
  optimizerOptions,
  targetOptions,
  type ModelChoice,
  type PickOption,
} from './experimentDraft';

async function pick<T>(options: PickOption<T>[], title: string, placeHolder: string): Promise<T | undefined> {
  const chosen = await vscode.window.showQuickPick(options, { title, placeHolder, ignoreFocusOut: true });
  return chosen?.value;
}

/**
 * "Your PyTorch model…": a .py file in the data file's folder or below (the experiment file is
 * written beside the data and runs code from its own folder only), and the factory's name.
 */
async function pickPytorchModel(data: vscode.Uri, title: string): Promise<ModelChoice | undefined> {
  const folder = dirname(data.fsPath);
  const file = (
    await vscode.window.showOpenDialog({
      title: `${title}: your model's Python file`,
      defaultUri: vscode.Uri.file(folder),
      canSelectMany: false,
      filters: { Python: ['py'] },
    })
  )?.[0];
  if (!file) return undefined;
  const rel = relative(folder, file.fsPath);
  if (rel.startsWith('..') || rel === '' || rel.startsWith(sep)) {
    void vscode.window.showErrorMessage(
      `Optimizer Lab: ${vscode.workspace.asRelativePath(file)} is not in the data file's folder or below it; move your model file there (an experiment runs code from its own folder only).`,
    );
    return undefined;
  }
  const factory = await vscode.window.showInputBox({
    title,
    prompt: `The function of ${basename(file.fsPath)} that returns the torch.nn.Module`,
    value: 'build_model',
    ignoreFocusOut: true,
    validateInput: (v) =>
      /^[A-Za-z_][A-Za-z0-9_]*$/.test(v) ? null : 'a Python function name, e.g. build_model',
  });
  if (!factory) return undefined;
  return { type: 'pytorch', path: rel.split(sep).join('/'), factory };
}

/**
 * New Experiment from Data File: inspects the file with the engine (the same reader the runs use),
 * asks target, model and optimizers, writes `<name>.optlab.json` beside the data file and opens it.
 * Returns the new file, or undefined when the user stopped or the file cannot be read.
 */
export async function newExperimentFromDataFile(
  log: vscode.LogOutputChannel,
  given?: vscode.Uri,
  /** A target chosen already (Preview Data's New Experiment); asked for otherwise. */
  chosenTarget?: string,
): Promise<vscode.Uri | undefined> {
  const uri =
    given ??
    (
      await vscode.window.showOpenDialog({
        title: 'Optimizer Lab: choose a data file',
        canSelectMany: false,
        filters: dataFileFilters,
      })
    )?.[0];
  if (!uri) return undefined;
  const settings = vscode.workspace.getConfiguration('optimizerLab');
  const title = `New Experiment from ${basename(uri.fsPath)}`;
  let table;
  try {
    table = await loadTable(uri.fsPath, {
      displayName: vscode.workspace.asRelativePath(uri),
      maxBytes: settings.get<number>('maxDataFileMB', 256) * 1024 * 1024,
    });
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    log.warn(e.format());
    const choice = await vscode.window.showErrorMessage(`Optimizer Lab: ${e.format()}`, 'Open at Problem');
    if (choice) {
      const pos = new vscode.Position(
        Math.max(0, (e.location.line ?? 1) - 1),
        Math.max(0, (e.location.column ?? 1) - 1),
      );
      await vscode.window.showTextDocument(uri, { selection: new vscode.Range(pos, pos) });
    }
    return undefined;
  }
  const overview = summarizeTable(table);
  const target =
    chosenTarget !== undefined && overview.columns.some((c) => c.name === chosenTarget)
      ? chosenTarget
      : await pick(targetOptions(overview), title, `Target column (${overview.rows} rows)`);
  if (target === undefined) return undefined;
  let summary;
  try {
    summary = summarizeTable(table, target);
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    void vscode.window.showErrorMessage(`Optimizer Lab: ${e.format()}`);
    return undefined;
  }
  const task = summary.target!.task;
  const picked = await pick(modelOptions(task), title, `Model for ${task} target "${target}"`);
  if (!picked) return undefined;
  const model = picked.type === 'pytorch' ? await pickPytorchModel(uri, title) : picked;
  if (!model) return undefined;
  const optimizers = await vscode.window.showQuickPick(optimizerOptions(), {
    title,
    placeHolder: 'Optimizers to compare (torch.optim names; edit hyperparameters in the file afterwards)',
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!optimizers || optimizers.length === 0) return undefined;
  const folder = dirname(uri.fsPath);
  const experiment = draftExperiment(summary, {
    dataPath: basename(uri.fsPath),
    target,
    task,
    model,
    optimizers: optimizers.map((o) => o.value),
    precision: settings.get<'float64' | 'float32'>('defaultPrecision', 'float64'),
  });
  const name = experimentFileName(uri.fsPath, (n) => existsSync(join(folder, n)));
  const text = `${JSON.stringify(experiment, null, 2)}\n`;
  // The draft must pass the same validation a run does; a failure here is a bug, reported as such.
  parseExperimentText(text, name, folder);
  const file = vscode.Uri.file(join(folder, name));
  await writeFile(file.fsPath, text, { flag: 'wx' });
  log.info(`wrote ${file.fsPath}`);
  await vscode.window.showTextDocument(file);
  return file;
}
