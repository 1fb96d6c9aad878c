import * as vscode from 'vscode';
import { dirname } from 'node:path';
import { parseExperimentText } from '../engine/experiment/loadExperiment';
import { ExperimentError } from '../engine/errors';
import { Disposable } from './disposable';

const SUFFIX = '.optlab.json';

/**
 * Problems of open `*.optlab.json` files in the Problems panel, from the same validation the CLI
 * runs (torch's defaults and messages, cross-section rules, did-you-mean), refreshed as you type.
 */
export class ExperimentDiagnostics extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('optimizerLab'));
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor() {
    super();
    this.register(vscode.workspace.onDidOpenTextDocument((d) => this.check(d)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)));
    for (const d of vscode.workspace.textDocuments) this.check(d);
  }

  /** Validates now; returns the number of problems found (0 for other files). */
  check(doc: vscode.TextDocument): number {
    if (!doc.uri.path.endsWith(SUFFIX)) return 0;
    try {
      parseExperimentText(doc.getText(), vscode.workspace.asRelativePath(doc.uri), dirname(doc.uri.fsPath));
      this.collection.set(doc.uri, []);
      return 0;
    } catch (e) {
      if (!(e instanceof ExperimentError)) throw e;
      const diagnostics = e.issues.map((i) => {
        const line = Math.max(0, (i.line ?? 1) - 1);
        const col = Math.max(0, (i.column ?? 1) - 1);
        const range =
          doc.getWordRangeAtPosition(new vscode.Position(line, col), /"[^"]*"|[-+0-9.eE]+|\w+/) ??
          new vscode.Range(line, col, line, col + 1);
        const d = new vscode.Diagnostic(
          range,
          `${i.path ? `${i.path}: ` : ''}${i.message}`,
          vscode.DiagnosticSeverity.Error,
        );
        d.source = 'Optimizer Lab';
        return d;
      });
      this.collection.set(doc.uri, diagnostics);
      return diagnostics.length;
    }
  }

  private schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.check(doc);
      }, 250),
    );
  }

  override dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    super.dispose();
  }
}
