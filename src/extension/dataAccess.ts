// The extension reads a data file outside the experiment's workspace folder only when the user says so.
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import { isInsideFolder } from '../engine/experiment/dataLocation';
import type { ResolvedExperiment } from '../protocol/experiment';

const SETTING = 'allowDataOutsideWorkspace';

/**
 * True when the experiment may read its data file: it is inside the experiment's workspace folder
 * (symlinks resolved), or the user allowed it, once or always (the application-scoped setting
 * `optimizerLab.allowDataOutsideWorkspace`, which a workspace's own settings cannot turn on).
 */
export async function dataAccessAllowed(
  experiment: ResolvedExperiment,
  experimentUri: vscode.Uri,
): Promise<boolean> {
  if (experiment.kind !== 'data' || experiment.data === null) return true; // no data file to read
  const folder =
    vscode.workspace.getWorkspaceFolder(experimentUri)?.uri.fsPath ?? dirname(experimentUri.fsPath);
  if (await isInsideFolder(experiment.data.path, folder)) return true;
  const settings = vscode.workspace.getConfiguration('optimizerLab');
  if (settings.get<boolean>(SETTING, false)) return true;
  const once = 'Read It Once';
  const always = 'Always Allow';
  const answer = await vscode.window.showWarningMessage(
    `Optimizer Lab: ${vscode.workspace.asRelativePath(experimentUri)} reads ${JSON.stringify(experiment.data.path)}, which is outside its workspace folder ${folder}. Read it?`,
    {
      modal: true,
      detail:
        'An experiment file from someone else can point anywhere on this machine. "Always Allow" sets optimizerLab.allowDataOutsideWorkspace in your user settings.',
    },
    once,
    always,
  );
  if (answer === always) await settings.update(SETTING, true, vscode.ConfigurationTarget.Global);
  return answer === once || answer === always;
}
