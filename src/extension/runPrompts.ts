// The run manager's messages that wait for the user: a failed start with the place to fix it, and
// a crash in the user's model code; what they say comes from controllers/runMessages.
import * as vscode from 'vscode';
import { describeRunError } from './controllers/runMessages';
import { enableStreaming, streamAction } from './streamOffer';

/** A crash in the user's model code, with an action that opens the file at the line. */
export async function showCrash(
  runId: string,
  at: { file: string; line: number; text: string },
  log: vscode.LogOutputChannel,
): Promise<void> {
  const rel = vscode.workspace.asRelativePath(at.file);
  const choice = await vscode.window.showErrorMessage(
    `Optimizer Lab: run ${runId} failed in your model code at ${rel}:${at.line}: ${at.text}`,
    'Open at Problem',
    'Show Log',
  );
  if (choice === 'Open at Problem') {
    const pos = new vscode.Position(Math.max(0, at.line - 1), 0);
    await vscode.window.showTextDocument(vscode.Uri.file(at.file), {
      selection: new vscode.Range(pos, pos),
    });
  }
  if (choice === 'Show Log') log.show();
}

/** A user mistake as a message with an action that opens the place to fix; anything else is logged. */
export async function reportRunError(
  e: unknown,
  experimentUri: vscode.Uri,
  log: vscode.LogOutputChannel,
): Promise<void> {
  const report = await describeRunError(e, experimentUri.fsPath, async () =>
    (await vscode.workspace.openTextDocument(experimentUri)).getText(),
  );
  if (report.kind === 'internal') {
    log.error(report.log);
    void vscode.window.showErrorMessage(`Optimizer Lab: ${report.message}`, 'Show Log').then((c) => {
      if (c) log.show();
    });
    return;
  }
  log.warn(report.message);
  const choice = await vscode.window.showErrorMessage(`Optimizer Lab: ${report.message}`, ...report.actions);
  const target = report.target;
  if (choice === 'Open at Problem' && target) {
    const pos = new vscode.Position(Math.max(0, target.line - 1), Math.max(0, target.column - 1));
    await vscode.window.showTextDocument(vscode.Uri.file(target.path), {
      selection: new vscode.Range(pos, pos),
    });
  }
  if (choice === streamAction) {
    await enableStreaming(experimentUri.fsPath);
    await vscode.window.showTextDocument(experimentUri);
    void vscode.window.showInformationMessage(
      'Optimizer Lab: "data.stream": true is set; run the experiment again to train from the file chunk by chunk.',
    );
  }
  if (choice === 'Open Settings') {
    await vscode.commands.executeCommand('workbench.action.openSettings', report.settingsQuery);
  }
}
