// ExperimentCodeLens: "Run Experiment" (or "Cancel" while running) above the first line of every
// `*.optlab.json`, plus "Run Search" when the file has a search section, "Find Learning Rate" and
// "Validate".
import * as vscode from 'vscode';
import { parse } from 'jsonc-parser';
import { Disposable } from './disposable';
import type { LiveRuns } from './liveRuns';

/**
 * "Run Experiment" (or "Cancel" while running) above the first line of every `*.optlab.json`,
 * plus "Run Search" when the file has a search section, "Find Learning Rate" and "Validate". The
 * lenses follow the running state through LiveRuns events.
 */
export class ExperimentCodeLens extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly liveRuns: LiveRuns & { readonly running: boolean }) {
    super();
    this.register(liveRuns.onDidStart(() => this.changed.fire()));
    this.register(liveRuns.onDidFinish(() => this.changed.fire()));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()));
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!doc.uri.path.endsWith('.optlab.json')) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    if (!vscode.workspace.isTrusted) {
      // A lens runs its command without looking at `enablement`, so none is offered that would run.
      return [
        new vscode.CodeLens(top, {
          title: '$(shield) Restricted Mode: trust this workspace to run experiments',
          command: 'workbench.trust.manage',
        }),
      ];
    }
    if (this.liveRuns.running) {
      return [new vscode.CodeLens(top, { title: '$(debug-stop) Cancel', command: 'optimizerLab.cancel' })];
    }
    const args = [doc.uri];
    return [
      new vscode.CodeLens(top, {
        title: '$(play) Run Experiment',
        command: 'optimizerLab.runExperiment',
        arguments: args,
      }),
      ...(hasSearch(doc.getText())
        ? [
            new vscode.CodeLens(top, {
              title: 'Run Search',
              command: 'optimizerLab.runSearch',
              arguments: args,
            }),
          ]
        : []),
      new vscode.CodeLens(top, {
        title: 'Find Learning Rate',
        command: 'optimizerLab.findLearningRate',
        arguments: args,
      }),
      new vscode.CodeLens(top, {
        title: 'Validate',
        command: 'optimizerLab.validateExperiment',
        arguments: args,
      }),
    ];
  }
}

/** Whether the experiment text has a top-level "search" section (a tolerant parse: it may be mid-edit). */
function hasSearch(text: string): boolean {
  const value: unknown = parse(text);
  return typeof value === 'object' && value !== null && 'search' in value;
}
