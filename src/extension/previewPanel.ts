// The Preview Data tab: a thin VS Code adapter over controllers/previewController.
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { PreviewController } from './controllers/previewController';
import { Disposable } from './disposable';
import { renderPage, webviewOptions } from './panelPage';

export const PREVIEW_VIEW_TYPE = 'optimizerLab.preview';

/**
 * Preview Data: what the engine reads in a data file (the same loader the runs use), shown before
 * any experiment: the head, each column's type, missing values, histogram and problems, and the
 * class balance of a target the user picks; New Experiment carries that target on.
 */
export class PreviewPanel extends Disposable {
  private readonly controller: PreviewController;

  private constructor(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    uri: vscode.Uri,
    log: vscode.LogOutputChannel,
    newExperiment: (uri: vscode.Uri, target: string) => Promise<unknown>,
  ) {
    super();
    const controller = new PreviewController({
      post: (m) => void panel.webview.postMessage(m),
      log,
      newExperiment: (target) => newExperiment(uri, target),
    });
    this.controller = controller;
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((m: unknown) => controller.handle(m)));
    renderPage(
      panel.webview,
      extensionUri,
      'preview',
      `Preview ${basename(uri.fsPath)}`,
      '<div id="app" class="preview"><p role="status">reading the file</p></div>',
    );
    const settings = vscode.workspace.getConfiguration('optimizerLab');
    void controller.load(
      uri.fsPath,
      vscode.workspace.asRelativePath(uri),
      settings.get<number>('maxDataFileMB', 256) * 1024 * 1024,
    );
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

  override dispose(): void {
    if (this.isDisposed) return;
    this.controller.close();
    super.dispose();
  }
}
