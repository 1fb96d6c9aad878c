// HostServices: What every command handler may use (also HostCommand, isRunsNode).
import type * as vscode from 'vscode';
import type { ExperimentDiagnostics } from '../experimentDiagnostics';
import type { ExperimentRunner } from '../experimentRunner';
import type { Panels } from '../panels';
import type { RunsTree } from '../runsTree';
import type { RunsNode } from '../runsTreeItems';
import type { Stars } from '../stars';

/** What every command handler may use; built once in activate(). */
export interface HostServices {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  runner: ExperimentRunner;
  diagnostics: ExperimentDiagnostics;
  panels: Panels;
  stars: Stars;
  runsTree: RunsTree;
}

/** A command registration: its id and handler, registered by activate(). */
export interface HostCommand {
  id: string;
  /**
   * What the command does that Restricted Mode forbids (reads data, runs, exports or writes), as
   * the end of "it does not …"; null when it is safe in an untrusted workspace. Every command
   * says, and registration refuses a `restricted` command before its handler sees anything.
   */
  restricted: string | null;
  run(s: HostServices, ...args: unknown[]): unknown;
}

/** A runs-tree node passed as a command argument (context menus pass the clicked node). */
export function isRunsNode(v: unknown): v is RunsNode {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as RunsNode).recordDir === 'string' &&
    typeof (v as RunsNode).kind === 'string'
  );
}
