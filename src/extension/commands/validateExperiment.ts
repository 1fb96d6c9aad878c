// validateExperimentCommand: Validate Experiment.
import * as vscode from 'vscode';
import type { HostCommand } from './services';

/** Validate Experiment: the CLI's validation, problems in the Problems panel. */
export const validateExperimentCommand: HostCommand = {
  id: 'optimizerLab.validateExperiment',
  restricted: null,
  async run(s, arg) {
    const target = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!target) return;
    const doc = await vscode.workspace.openTextDocument(target);
    const problems = s.diagnostics.check(doc);
    if (problems === 0) void vscode.window.showInformationMessage('Optimizer Lab: the experiment is valid.');
    else void vscode.commands.executeCommand('workbench.actions.view.problems');
  },
};
