// ExperimentDiagnostics: Problems of open `*.optlab.json` files in the Problems panel, from the same
// validation the CLI runs (torch's defaults and messages, cross-section rules, did-you-mean), refreshed as
// you type.
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import { parseExperimentText } from '../engine/experiment/loadExperiment';
import { tokenLength } from '../engine/experiment/quickFixes';
import { ExperimentError, type ExperimentIssue } from '../engine/errors';
import { Disposable } from './disposable';

const SUFFIX = '.optlab.json';

/**
 * Problems of open `*.optlab.json` files in the Problems panel, from the same validation the CLI
 * runs (torch's defaults and messages, cross-section rules, did-you-mean), refreshed as you type.
 */
export class ExperimentDiagnostics extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('optimizerLab'));
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The issue behind each diagnostic, per document, for the quick fixes (which see copies of diagnostics). */
  private readonly issues = new Map<string, Map<string, ExperimentIssue>>();

  constructor() {
    super();
    this.register(vscode.workspace.onDidOpenTextDocument((d) => this.check(d)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)));
    this.register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.collection.delete(d.uri);
        this.issues.delete(d.uri.toString());
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.check(d);
  }

  /** Validates now; returns the number of problems found (0 for other files). */
  check(doc: vscode.TextDocument): number {
    if (!doc.uri.path.endsWith(SUFFIX)) return 0;
    try {
      parseExperimentText(doc.getText(), vscode.workspace.asRelativePath(doc.uri), dirname(doc.uri.fsPath));
      this.collection.set(doc.uri, []);
      this.issues.delete(doc.uri.toString());
      return 0;
    } catch (e) {
      if (!(e instanceof ExperimentError)) throw e;
      const byDiagnostic = new Map<string, ExperimentIssue>();
      const diagnostics = e.issues.map((i) => {
        const line = Math.max(0, (i.line ?? 1) - 1);
        const col = Math.max(0, (i.column ?? 1) - 1);
        const text = line < doc.lineCount ? doc.lineAt(line).text : '';
        const range = new vscode.Range(line, col, line, col + tokenLength(text, col));
        const d = new vscode.Diagnostic(
          range,
          `${i.path ? `${i.path}: ` : ''}${i.message}`,
          vscode.DiagnosticSeverity.Error,
        );
        d.source = 'Optimizer Lab';
        byDiagnostic.set(diagnosticKey(d), i);
        return d;
      });
      this.issues.set(doc.uri.toString(), byDiagnostic);
      this.collection.set(doc.uri, diagnostics);
      return diagnostics.length;
    }
  }

  /** The validation issue a diagnostic of `uri` reports, if it is one of ours and still current. */
  issueOf(uri: vscode.Uri, diagnostic: vscode.Diagnostic): ExperimentIssue | undefined {
    return this.issues.get(uri.toString())?.get(diagnosticKey(diagnostic));
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

function diagnosticKey(d: vscode.Diagnostic): string {
  return `${d.range.start.line}:${d.range.start.character}:${d.message}`;
}
