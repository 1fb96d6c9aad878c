import * as vscode from 'vscode';
import { ExperimentDiagnostics } from './experimentDiagnostics';
import { ExperimentRunner } from './experimentRunner';
import { ReportPanel } from './reportPanel';

/** Wires the extension: services and commands, every disposable owned by the context. */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Optimizer Lab', { log: true });
  const diagnostics = new ExperimentDiagnostics();
  const runner = new ExperimentRunner(context, log);
  context.subscriptions.push(
    log,
    diagnostics,
    runner,
    vscode.window.registerWebviewPanelSerializer('optimizerLab.report', ReportPanel.serializer()),
    vscode.commands.registerCommand('optimizerLab.runExperiment', async (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      if (!target || !target.path.endsWith('.optlab.json')) {
        void vscode.window.showWarningMessage(
          'Optimizer Lab: open an *.optlab.json experiment file to run it.',
        );
        return;
      }
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
      if (doc?.isDirty) await doc.save();
      await runner.run(target);
    }),
    vscode.commands.registerCommand('optimizerLab.cancel', () => runner.cancel()),
    vscode.commands.registerCommand('optimizerLab.validateExperiment', async (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      if (!target) return;
      const doc = await vscode.workspace.openTextDocument(target);
      const problems = diagnostics.check(doc);
      if (problems === 0)
        void vscode.window.showInformationMessage('Optimizer Lab: the experiment is valid.');
      else void vscode.commands.executeCommand('workbench.actions.view.problems');
    }),
  );
}

export function deactivate(): void {}
