// experimentUri: The experiment file a command acts on.
import * as vscode from 'vscode';

/**
 * The experiment file a command acts on: the argument (explorer, editor title, CodeLens) or the
 * active editor's file; saved first when dirty, so the run sees what the editor shows.
 */
export async function experimentUri(arg: unknown, what: string): Promise<vscode.Uri | undefined> {
  const target = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!target || !target.path.endsWith('.optlab.json')) {
    void vscode.window.showWarningMessage(`Optimizer Lab: open an *.optlab.json experiment file to ${what}.`);
    return undefined;
  }
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
  if (doc?.isDirty) await doc.save();
  return target;
}
