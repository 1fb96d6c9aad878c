// Quick fixes (a CodeActionProvider) for the problems ExperimentDiagnostics reports.
import * as vscode from 'vscode';
import { quickFixes } from '../engine/experiment/quickFixes';
import type { ExperimentDiagnostics } from './experimentDiagnostics';

/**
 * Quick fixes (Ctrl+.) on the problems of experiment files: the did-you-mean spelling, a value back
 * in range. Which fixes apply is worked out by the engine (`quickFixes`); this only turns them into edits.
 */
export class ExperimentQuickFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly diagnostics: ExperimentDiagnostics) {}

  provideCodeActions(
    doc: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      const issue = this.diagnostics.issueOf(doc.uri, diagnostic);
      if (issue === undefined) continue;
      for (const fix of quickFixes(doc.getText(), issue)) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(doc.uri, diagnostic.range, fix.replacement);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.preferred;
        actions.push(action);
      }
    }
    return actions;
  }
}
