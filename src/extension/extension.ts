// activate: Wires the extension (also deactivate).
import * as vscode from 'vscode';
import { hostCommands } from './commands';
import { trustedFor } from './trust';
import { endOpenSessionsSync } from '../engine/runs/runSession';
import type { HostServices } from './commands/services';
import { ExperimentCodeLens } from './codeLens';
import { ExperimentDiagnostics } from './experimentDiagnostics';
import { ExperimentQuickFixes } from './experimentQuickFixes';
import { ExperimentRunner } from './experimentRunner';
import { registerPanels } from './panels';
import { ReportPanel } from './reportPanel';
import { RunsTree } from './runsTree';
import { Stars } from './stars';

/** Wires the extension: services, views and commands, every disposable owned by the context. */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Optimizer Lab', { log: true });
  const diagnostics = new ExperimentDiagnostics();
  const stars = new Stars(context.workspaceState);
  // The runner and the panels know each other only through these hooks and the LiveRuns interface.
  const runner = new ExperimentRunner(context, log, {
    onStarted: () => panels.showLab(),
    openLab: (dir) => panels.showLab([dir]),
  });
  const panels = registerPanels({ context, liveRuns: runner, log, stars });
  const runsTree = new RunsTree(stars, runner);
  const lenses = new ExperimentCodeLens(runner);
  const services: HostServices = { context, log, runner, diagnostics, panels, stars, runsTree };
  context.subscriptions.push(
    log,
    stars,
    diagnostics,
    runner,
    panels,
    runsTree,
    vscode.window.createTreeView('optimizerLab.runs', { treeDataProvider: runsTree, canSelectMany: true }),
    vscode.window.registerWebviewPanelSerializer('optimizerLab.report', ReportPanel.serializer()),
    lenses,
    vscode.languages.registerCodeLensProvider({ scheme: 'file', pattern: '**/*.optlab.json' }, lenses),
    vscode.languages.registerCodeActionsProvider(
      { pattern: '**/*.optlab.json' },
      new ExperimentQuickFixes(diagnostics),
      { providedCodeActionKinds: ExperimentQuickFixes.kinds },
    ),
    ...hostCommands.map((c) =>
      vscode.commands.registerCommand(c.id, (...args: unknown[]) =>
        c.restricted !== null && !trustedFor(c.restricted) ? undefined : c.run(services, ...args),
      ),
    ),
  );
}

/** A closing window ends the records it was writing as cancelled rather than leaving them running. */
export function deactivate(): void {
  endOpenSessionsSync('cancelled', 'the VS Code window closed');
}
