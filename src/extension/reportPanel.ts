import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

const VIEW_TYPE = 'optimizerLab.report';

interface ReportState {
  path: string;
}

function isReportState(v: unknown): v is ReportState {
  return typeof v === 'object' && v !== null && typeof (v as ReportState).path === 'string';
}

/**
 * Shows a record's self-contained report in an editor tab. The report carries its own strict CSP
 * (a fresh nonce per render, nothing remote), so the panel enables scripts and no local resources.
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
      const html = await readFile(path, 'utf8');
      // The state travels with the page, so the serializer can find the report again.
      const state = JSON.stringify({ path } satisfies ReportState).replace(/</g, '\\u003c');
      panel.webview.html = html.replace(
        '</body>',
        `<script type="application/json" id="optimizer-lab-panel-state">${state}</script></body>`,
      );
    } catch (e) {
      panel.webview.html = `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'none'"><p>The report ${path} cannot be read: ${String((e as Error).message).replace(/[<&>]/g, '')}</p>`;
    }
  }
}
