// The report tab: a thin VS Code adapter over controllers/reportPage.
import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { isReportState, reportErrorHtml, reportPanelHtml } from './controllers/reportPage';

const VIEW_TYPE = 'optimizerLab.report';

/**
 * Shows a record's self-contained report in an editor tab. The report carries its own strict CSP,
 * re-nonced on every render (nothing remote), so the panel enables scripts and no local resources.
 * The panel remembers which report it shows, so it comes back after a window reload.
 */
export class ReportPanel {
  static show(path: string): void {
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      `Report: ${basename(dirname(path))}`,
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        localResourceRoots: [],
      },
    );
    void ReportPanel.render(panel, path);
  }

  /** Restores report tabs after a reload (registered in activate). */
  static serializer(): vscode.WebviewPanelSerializer {
    return {
      async deserializeWebviewPanel(panel, state) {
        if (isReportState(state)) await ReportPanel.render(panel, state.path);
        else panel.dispose();
      },
    };
  }

  private static async render(panel: vscode.WebviewPanel, path: string): Promise<void> {
    panel.webview.options = { enableScripts: true, localResourceRoots: [] };
    try {
      panel.webview.html = reportPanelHtml(await readFile(path, 'utf8'), path);
    } catch (e) {
      panel.webview.html = reportErrorHtml(path, (e as Error).message);
    }
  }
}
