// Restricted Mode: what Optimizer Lab refuses in a workspace the user has not trusted.
import * as vscode from 'vscode';

/**
 * True when `action` may go ahead: the workspace is trusted. Otherwise says why nothing happens
 * (with a way to trust it) and returns false. Command handlers call it themselves, because a
 * CodeLens or a script runs a command without looking at its `enablement` (VS Code #111354).
 */
export function trustedFor(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage(
      `Optimizer Lab: this workspace is in Restricted Mode, so it does not ${action}. Trust the workspace to do that; nothing was read, run or written.`,
      'Manage Workspace Trust',
    )
    .then((answer) => {
      if (answer) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}
