// exportBestCommand: Export Best Configuration.
import * as vscode from 'vscode';
import { mkdir, readdir, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { exportFromRecord } from '../../engine/export/index';
import { isLrTestRecord } from '../../engine/export/candidates';
import { isUserError } from '../../engine/errors';
import { readRecord } from '../../engine/runs/records';
import {
  deliveryChoices,
  exportFileName,
  exportFilters,
  exportFolder,
  targetChoices,
} from '../exportChoices';
import { pickRecords } from './recordPicker';
import { isRunsNode, type HostCommand } from './services';

/**
 * Export Best Configuration: the best run of a record (or the run it was invoked on in the runs
 * tree) as PyTorch, a reproduction script, Keras, optax, Optuna or Ray code; opened as an untitled
 * document, inserted at the cursor, copied, or saved with its data file (proposed in the workspace's
 * `exports/<record>/` folder); a notebook opens in VS Code's notebook editor. LR range tests are not
 * offered.
 */
export const exportBestCommand: HostCommand = {
  id: 'optimizerLab.exportBest',
  restricted: 'export code',
  async run(s, arg) {
    const editor = vscode.window.activeTextEditor;
    let recordDir: string;
    let runId: string | undefined;
    if (isRunsNode(arg)) {
      recordDir = arg.recordDir;
      runId = arg.runId ?? undefined;
    } else {
      // An LR range test is a sweep of the lr, not a configuration: it is not offered.
      const picked = await pickRecords(
        s.runsTree,
        'Optimizer Lab: export the best configuration of',
        false,
        async (dir) => !(await isLrTestRecord(dir)),
      );
      if (!picked) return;
      recordDir = picked[0]!;
    }
    const target = await vscode.window.showQuickPick(targetChoices(), {
      title: runId ? `Export run ${runId}` : 'Export the best configuration',
      placeHolder: 'Export as',
      ignoreFocusOut: true,
    });
    if (!target) return;
    const delivery = await vscode.window.showQuickPick(deliveryChoices(target.value, editor !== undefined), {
      title: `Export as ${target.label}`,
      ignoreFocusOut: true,
    });
    if (!delivery) return;
    let code;
    let saveTo: vscode.Uri | undefined;
    if (delivery.value === 'save') {
      const entry = await readRecord(recordDir);
      const recordName = entry.ok ? entry.record.name : 'experiment';
      const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? dirname(dirname(recordDir));
      // Proposed in exports/<record>/, never the workspace root: the sidecar goes beside the code.
      const folder = join(...exportFolder(root, recordName));
      const created = await mkdir(folder, { recursive: true });
      saveTo = await vscode.window.showSaveDialog({
        title: `Save the ${target.label} code`,
        defaultUri: vscode.Uri.file(join(folder, exportFileName(recordName, target.value))),
        filters: exportFilters(target.value),
      });
      // A cancelled dialog leaves no empty folders behind (only those this command created).
      if (created !== undefined && (await readdir(folder)).length === 0) {
        await rmdir(folder).catch(() => {});
        if (created !== folder) await rmdir(created).catch(() => {});
      }
      if (!saveTo) return;
    }
    try {
      code = await exportFromRecord(recordDir, {
        target: target.value,
        ...(runId ? { runId } : {}),
        ...(saveTo ? { out: saveTo.fsPath } : {}),
      });
    } catch (e) {
      if (!isUserError(e)) throw e;
      s.log.warn(e.message);
      void vscode.window.showErrorMessage(`Optimizer Lab: ${e.message}`);
      return;
    }
    if (delivery.value === 'untitled') {
      const doc = await vscode.workspace.openTextDocument({ language: 'python', content: code.text });
      await vscode.window.showTextDocument(doc);
    } else if (delivery.value === 'insert' && editor) {
      await editor.edit((b) => b.replace(editor.selection, code.text));
    } else if (delivery.value === 'copy') {
      await vscode.env.clipboard.writeText(code.text);
      void vscode.window.showInformationMessage(`Optimizer Lab: ${target.label} code copied.`);
    } else if (saveTo) {
      await mkdir(dirname(saveTo.fsPath), { recursive: true });
      for (const sidecar of code.sidecars)
        await writeFile(join(dirname(saveTo.fsPath), sidecar.name), sidecar.text);
      await writeFile(saveTo.fsPath, code.text);
      s.log.info(
        `exported ${recordDir}${runId ? ` run ${runId}` : ''} as ${target.value} to ${saveTo.fsPath}`,
      );
      if (target.value === 'notebook') {
        // VS Code's built-in ipynb support opens it in the notebook editor; where no notebook
        // serializer is installed, VS Code's default editor for the file opens it instead.
        try {
          const notebook = await vscode.workspace.openNotebookDocument(saveTo);
          await vscode.window.showNotebookDocument(notebook);
        } catch (e) {
          s.log.warn(`the notebook editor could not open ${saveTo.fsPath}: ${(e as Error).message}`);
          await vscode.commands.executeCommand('vscode.open', saveTo);
        }
      } else await vscode.window.showTextDocument(saveTo);
    }
  },
};
