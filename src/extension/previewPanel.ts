import * as vscode from 'vscode';
import { basename } from 'node:path';
import { balanceOf, previewOf } from '../engine/data/preview';
import { loadTable } from '../engine/data/loadTable';
import type { Table } from '../engine/data/table';
import { DataError } from '../engine/errors';
import {
  previewWebviewMessageSchema,
  type PreviewHostMessage,
  type PreviewWebviewMessage,
} from '../protocol/preview';
import { receive } from '../protocol/webviewChannel';
import { Disposable } from './disposable';
import { renderPage, webviewOptions } from './panelPage';

export const PREVIEW_VIEW_TYPE = 'optimizerLab.preview';

/**
 * Preview Data: what the engine reads in a data file (the same loader the runs use), shown before
 * any experiment: the head, each column's type, missing values, histogram and problems, and the
 * class balance of a target the user picks; New Experiment carries that target on.
 */
export class PreviewPanel extends Disposable {
  private ready = false;
  private table: Table | null = null;
  private summary: PreviewHostMessage | null = null;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly uri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly newExperiment: (uri: vscode.Uri, target: string) => Promise<unknown>,
  ) {
    super();
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)));
    renderPage(
      panel.webview,
      extensionUri,
      'preview',
      `Preview ${basename(uri.fsPath)}`,
      '<div id="app" class="preview"><p role="status">reading the file</p></div>',
    );
    void this.load();
  }

  /** Opens a preview of the data file `uri`. */
  static show(
    context: vscode.ExtensionContext,
    uri: vscode.Uri,
    log: vscode.LogOutputChannel,
    newExperiment: (uri: vscode.Uri, target: string) => Promise<unknown>,
  ): PreviewPanel {
    const panel = vscode.window.createWebviewPanel(
      PREVIEW_VIEW_TYPE,
      `Preview ${basename(uri.fsPath)}`,
      vscode.ViewColumn.Active,
      webviewOptions(context.extensionUri),
    );
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.svg');
    const p = new PreviewPanel(panel, context.extensionUri, uri, log, newExperiment);
    context.subscriptions.push(p);
    return p;
  }

  private async load(): Promise<void> {
    const settings = vscode.workspace.getConfiguration('optimizerLab');
    try {
      this.table = await loadTable(this.uri.fsPath, {
        displayName: vscode.workspace.asRelativePath(this.uri),
        maxBytes: settings.get<number>('maxDataFileMB', 256) * 1024 * 1024,
      });
      this.summary = { type: 'summary', payload: { summary: previewOf(this.table), error: null } };
    } catch (e) {
      if (!(e instanceof DataError)) this.log.error(`preview: ${(e as Error)?.stack ?? String(e)}`);
      this.summary = {
        type: 'summary',
        payload: {
          summary: null,
          error: e instanceof DataError ? e.format() : String((e as Error)?.message),
        },
      };
    }
    this.post(this.summary);
  }

  private post(message: PreviewHostMessage): void {
    if (this.ready && !this.isDisposed) void this.panel.webview.postMessage(message);
  }

  private async onMessage(data: unknown): Promise<void> {
    const arrival = receive<PreviewWebviewMessage>(previewWebviewMessageSchema, data);
    if (!arrival.ok) {
      this.log.warn(`preview: dropped ${arrival.reason}`);
      return;
    }
    const m = arrival.message;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.summary) this.post(this.summary);
        return;
      case 'chooseTarget':
        if (this.table)
          this.post({
            type: 'target',
            payload: { requestId: m.payload.requestId, balance: balanceOf(this.table, m.payload.name) },
          });
        return;
      case 'newExperiment':
        await this.newExperiment(this.uri, m.payload.target);
        return;
    }
  }
}
