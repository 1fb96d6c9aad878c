// previewDataCommand: Preview Data (palette, explorer context menu and editor title on a data file).
import * as vscode from 'vscode';
import { newExperimentFromDataFile } from '../newExperiment';
import { PreviewPanel } from '../previewPanel';
import { dataFileFilters, isDataFilePath } from '../../protocol/dataFormats';
import type { HostCommand } from './services';

/** Preview Data (palette, explorer context menu and editor title on a data file). */
export const previewDataCommand: HostCommand = {
  id: 'optimizerLab.previewData',
  restricted: 'read data files',
  async run(s, arg) {
    const uri =
      arg instanceof vscode.Uri
        ? arg
        : ((vscode.window.activeTextEditor?.document.uri.scheme === 'file' &&
          isDataFilePath(vscode.window.activeTextEditor.document.uri.fsPath)
            ? vscode.window.activeTextEditor.document.uri
            : undefined) ??
          (
            await vscode.window.showOpenDialog({
              title: 'Optimizer Lab: choose a data file to preview',
              canSelectMany: false,
              filters: dataFileFilters,
            })
          )?.[0]);
    if (!uri) return;
    PreviewPanel.show(s.context, uri, s.log, async (file, target) => {
      // Writing an experiment file is for trusted workspaces, as the command itself.
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('Optimizer Lab: trust this workspace to create experiments.');
        return;
      }
      await newExperimentFromDataFile(s.log, file, target);
    });
  },
};
