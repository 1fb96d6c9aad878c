// What every panel host is given by registerPanels; its own module so panels.ts and the panels
// it opens do not import each other.
import type * as vscode from 'vscode';
import type { LiveRuns } from './liveRuns';
import type { Stars } from './stars';

export interface PanelDeps {
  context: vscode.ExtensionContext;
  liveRuns: LiveRuns;
  log: vscode.LogOutputChannel;
  stars: Stars;
}
