// resumeSearchCommand: Resume Search (Runs view, on a search that stopped before its end).
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { readRecord } from '../../engine/runs/records';
import { isRunsNode, type HostCommand } from './services';

/**
 * Resume Search (Runs view, on a search that stopped before its end): continues the record from
 * its experiment file; finished trials are kept, cancelled or interrupted ones run again.
 */
export const resumeSearchCommand: HostCommand = {
  id: 'optimizerLab.resumeSearch',
  restricted: 'resume searches',
  async run(s, arg) {
    if (!isRunsNode(arg)) {
      void vscode.window.showWarningMessage(
        'Optimizer Lab: choose a search record in the Runs view to resume it.',
      );
      return;
    }
    const entry = await readRecord(arg.recordDir);
    if (!entry.ok) {
      void vscode.window.showErrorMessage(`Optimizer Lab: cannot resume ${arg.recordDir}: ${entry.error}`);
      return;
    }
    const file = entry.record.experimentFile;
    if (file === null || !existsSync(file)) {
      void vscode.window.showErrorMessage(
        `Optimizer Lab: cannot resume ${entry.record.name}: its experiment file ${file ?? '(none recorded)'} is gone.`,
      );
      return;
    }
    await s.runner.runSearch(vscode.Uri.file(file), arg.recordDir);
  },
};
