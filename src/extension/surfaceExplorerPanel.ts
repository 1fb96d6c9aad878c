// The surface explorer's tab: a thin VS Code adapter over controllers/surfaceExplorerController.
import * as vscode from 'vscode';
import { join } from 'node:path';
import { runExperiment } from '../engine/runs/runExperiment';
import { deleteRecord, listRecords } from '../engine/runs/records';
import { SurfaceExplorerController } from './controllers/surfaceExplorerController';
import { Disposable } from './disposable';
import type { PanelDeps } from './panelDeps';
import { renderPage, webviewOptions } from './panelPage';

export const SURFACES_VIEW_TYPE = 'optimizerLab.surfaces';

/** Explorer runs kept in global storage; older ones are deleted as new ones finish. */
const KEEP_EXPLORER_RECORDS = 20;

/**
 * The loss-surface explorer: contours of the engine's 2-D surfaces, optimizers run from a clicked
 * start on the engine's run pool (records under the extension's global storage), and the Hessian
 * inspector. All numbers come from the engine in the host; the webview only draws them.
 */
export class SurfaceExplorerPanel extends Disposable {
  private readonly controller: SurfaceExplorerController;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    deps: PanelDeps,
    private readonly onDispose: () => void,
  ) {
    super();
    const { context, log } = deps;
    const { extensionUri } = context;
    this.controller = new SurfaceExplorerController({
      post: (m) => void panel.webview.postMessage(m),
      log,
      storageDir: context.globalStorageUri.fsPath,
      runExperiment: (o) => {
        const workers = vscode.workspace.getConfiguration('optimizerLab').get<number>('workers', 0);
        return runExperiment({
          ...o,
          experimentFile: null,
          workerPath: context.asAbsolutePath(join('dist', 'worker.js')),
          ...(workers > 0 ? { poolSize: workers } : {}),
        });
      },
      prune: async (root) => {
        const entries = await listRecords(root);
        for (const e of entries.slice(KEEP_EXPLORER_RECORDS)) {
          await deleteRecord(root, e.dir).catch((err: unknown) =>
            log.warn(`surface explorer: cannot delete ${e.dir}: ${String(err)}`),
          );
        }
      },
    });
    panel.webview.options = webviewOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((m: unknown) => this.controller.handle(m)));
    renderPage(
      panel.webview,
      extensionUri,
      'surfaces',
      'Loss surfaces',
      '<div id="app" class="surfaces"><p role="status">loading</p></div>',
    );
  }

  static create(deps: PanelDeps, onDispose: () => void): SurfaceExplorerPanel {
    const panel = vscode.window.createWebviewPanel(
      SURFACES_VIEW_TYPE,
      'Loss surfaces',
      vscode.ViewColumn.Active,
      webviewOptions(deps.context.extensionUri),
    );
    return new SurfaceExplorerPanel(panel, deps, onDispose);
  }

  /** After a reload: the webview restores its own choices (surface, start, optimizers) from its state. */
  static revive(deps: PanelDeps, panel: vscode.WebviewPanel, onDispose: () => void): SurfaceExplorerPanel {
    return new SurfaceExplorerPanel(panel, deps, onDispose);
  }

  reveal(): void {
    this.panel.reveal();
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.controller.close();
    super.dispose();
    this.panel.dispose();
    this.onDispose();
  }
}
