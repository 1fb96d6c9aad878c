// deleteRecordCommand: Delete (runs tree).
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import { deleteRecord } from '../../engine/runs/records';
import { isRunsNode, type HostCommand } from './services';

/** Delete (runs tree): removes a record folder after a modal confirmation; never a running one. */
export const deleteRecordCommand: HostCommand = {
  id: 'optimizerLab.deleteRecord',
  restricted: 'delete records',
  async run(s, arg) {
    if (!isRunsNode(arg)) return;
    if (s.runner.active.has(arg.recordDir)) {
      void vscode.window.showWarningMessage(
        'Optimizer Lab: this experiment is still running; cancel it first.',
      );
      return;
    }
    const name = arg.recordDir.split(/[\\/]/).pop();
    const answer = await vscode.window.showWarningMessage(
      `Delete the record ${name} and its curves and report?`,
      { modal: true, detail: arg.recordDir },
      'Delete',
    );
    if (answer !== 'Delete') return;
    // deleteRecord refuses anything that is not a folder directly under its records root.
    await deleteRecord(dirname(arg.recordDir), arg.recordDir);
    s.log.info(`deleted ${arg.recordDir}`);
    s.runsTree.refresh();
  },
};
