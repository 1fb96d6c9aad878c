import * as vscode from 'vscode';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { exportFromRecord } from '../../engine/export/index';
import { isUserError } from '../../engine/errors';
import { readRecord } from '../../engine/runs/records';
import { deliveryChoices, exportFileName, targetChoices } from '../exportChoices';
import { pickRecords } from './recordPicker';
import { isRunsNode, type HostCommand } from './services';

/**
 * Export Best Configuration: the best run of a record (or the run it was invoked on in the runs
 * tree) as PyTorch, a reproduction script, Keras, optax, Optuna or Ray code; opened as an untitled
 * document, inserted at the cursor, copied, or saved with its data file.
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
      const picked = await pickRecords(s.runsTree, 'Optimizer Lab: export the best configuration of', false);
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
    try {
      code = await exportFromRecord(recordDir, { target: target.value, ...(runId ? { runId } : {}) });
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
    } else {
      const entry = await readRecord(recordDir);
      const name = exportFileName(entry.ok ? entry.record.name : 'experiment', target.value);
      const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? dirname(dirname(recordDir));
      const uri = await vscode.window.showSaveDialog({
        title: `Save the ${target.label} code`,
        defaultUri: vscode.Uri.file(join(base, name)),
        filters: { Python: ['py'] },
      });
      if (!uri) return;
      for (const sidecar of code.sidecars)
        await writeFile(join(dirname(uri.fsPath), sidecar.name), sidecar.text);
      await writeFile(uri.fsPath, code.text);
      s.log.info(`exported ${recordDir}${runId ? ` run ${runId}` : ''} as ${target.value} to ${uri.fsPath}`);
      await vscode.window.showTextDocument(uri);
    }
  },
};
