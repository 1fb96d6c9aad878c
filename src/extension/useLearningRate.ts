// writeLearningRate: Writes `lr` into `optimizers[index].lr` of an experiment file as one undoable
// WorkspaceEdit (Ctrl+Z in the editor takes it back), saves, and shows the file with the changed line
// selected.
import * as vscode from 'vscode';
import { lrEdits } from './lrSuggestion';

/**
 * Writes `lr` into `optimizers[index].lr` of an experiment file as one undoable WorkspaceEdit
 * (Ctrl+Z in the editor takes it back), saves, and shows the file with the changed line selected.
 * Used by Find Learning Rate's buttons and the lab's Use This Rate.
 */
export async function writeLearningRate(uri: vscode.Uri, index: number, lr: number): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const edits = lrEdits(doc.getText(), index, lr);
  const at = edits[0] ? doc.positionAt(edits[0].offset) : null;
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) {
    edit.replace(
      uri,
      new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)),
      e.content,
    );
  }
  await vscode.workspace.applyEdit(edit);
  await doc.save();
  const line = at ? doc.lineAt(at.line).range : undefined;
  await vscode.window.showTextDocument(doc, line ? { selection: line, preview: false } : { preview: false });
}
