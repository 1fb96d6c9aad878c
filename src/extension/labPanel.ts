// The lab's tab: a thin VS Code adapter over controllers/labController.
import * as vscode from 'vscode';
import { dirname, join } from 'node:path';
import { listRecords, RECORDS_FOLDER } from '../engine/runs/records';
import { labPanelStateSchema, type LabPanelState } from '../protocol/lab';
import { LabController } from './controllers/labController';
import { Disposable } from './disposable';
import type { PanelDeps } from './panelDeps';
import { renderPage, webviewOptions } from './panelPage';
import { writeLearningRate } from './useLearningRate';

export const LAB_VIEW_TYPE = 'optimizerLab.lab';

/** Record folders under the configured records folder and every `.optimizer-lab` of the workspace. */
export async function findRecordDirs(): Promise<string[]> {
  const roots = new Set<string>();
  const configured = vscode.workspace.getConfiguration('optimizerLab').get<string>('recordsFolder', '');
  if (configured) {
    for (const f of vscode.workspace.workspaceFolders ?? [])
      roots.add(configured.startsWith('/') ? configured : join(f.uri.fsPath, configured));
  }
  const found = await vscode.workspace.findFiles(
    `**/${RECORDS_FOLDER}/*/record.json`,
    '**/node_modules/**',
    500,
  );
  for (const uri of found) roots.add(dirname(dirname(uri.fsPath)));
  const dirs: { dir: string; createdAt: string }[] = [];
  for (const root of roots) {
    for (const e of await listRecords(root))
      if (e.ok) dirs.push({ dir: e.dir, createdAt: e.record.createdAt });
  }
  return dirs.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((d) => d.dir);
}

/**
 * The lab: loss curves, learning-rate and gradient-norm charts and the ranked results table of
 * one record or several (compare). It follows the live runs of the records it shows; opened with
 * no record it attaches to the running experiment, or the newest record, and follows the next
 * experiment that starts. The webview keeps which records it shows in its state, so the panel
 * comes back after a reload with the same ones.
 */
export class LabPanel extends Disposable {
  private readonly controller: LabController;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    deps: PanelDeps,
    state: LabPanelState,
    private readonly onDispose: (p: LabPanel) => void,
  ) {
    super();
    const { context, liveRuns, stars, log } = deps;
    this.controller = new LabController(state, {
      post: (m) => void panel.webview.postMessage(m),
      log,
      setTitle: (t) => (panel.title = t),
      stars,
      live: liveRuns,
      findRecordDirs,
      settings: () => {
        const settings = vscode.workspace.getConfiguration('optimizerLab');
        return {
          smoothing: settings.get<number>('smoothing', 0.6),
          pointCap: settings.get<number>('chartPointCap', 2000),
        };
      },
      trusted: () => vscode.workspace.isTrusted,
      saveDialog: async ({ title, filter, defaultPath }) => {
        const target = await vscode.window.showSaveDialog({
          title,
          filters: { [filter[0]]: [filter[1]] },
          ...(defaultPath ? { defaultUri: vscode.Uri.file(defaultPath) } : {}),
        });
        return target ? target.fsPath : null;
      },
      writeFile: (path, bytes) =>
        Promise.resolve(vscode.workspace.fs.writeFile(vscode.Uri.file(path), bytes)),
      showWarning: (t) => void vscode.window.showWarningMessage(t),
      showError: (t) => void vscode.window.showErrorMessage(t),
      writeLearningRate: (file, index, lr) => writeLearningRate(vscode.Uri.file(file), index, lr),
      applyRemedy: async (target) => {
        await vscode.commands.executeCommand('optimizerLab.applyRemedy', target);
      },
    });
    panel.webview.options = webviewOptions(context.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.svg');
    const c = this.controller;
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((m: unknown) => c.handle(m)));
    this.register(liveRuns.onDidStart((e) => void c.experimentStarted(e.recordDir)));
    this.register(liveRuns.onDidProgress((e) => c.progress(e.recordDir, e.runId, e.progress)));
    this.register(liveRuns.onDidRunEnd((e) => void c.runEnded(e.recordDir, e.summary, e.record)));
    this.register(liveRuns.onDidFinish((e) => void c.finished(e.recordDir, e.record)));
    this.register(stars.onDidChange(() => c.starsChanged()));
    renderPage(
      panel.webview,
      context.extensionUri,
      'lab',
      'Optimizer Lab',
      '<div id="app" class="lab"><p id="lab-status" role="status">loading</p></div>',
    );
  }

  /** Opens a lab tab on `recordDirs`, or (none) on what is running or newest, following new runs. */
  static create(
    deps: PanelDeps,
    recordDirs: string[] | undefined,
    onDispose: (p: LabPanel) => void,
  ): LabPanel {
    const panel = vscode.window.createWebviewPanel(
      LAB_VIEW_TYPE,
      'Optimizer Lab',
      vscode.ViewColumn.Active,
      webviewOptions(deps.context.extensionUri),
    );
    const follow = !recordDirs || recordDirs.length === 0;
    return new LabPanel(panel, deps, { recordDirs: recordDirs ?? [], follow }, onDispose);
  }

  /** Restores a lab tab after a reload from the state its webview saved. */
  static revive(
    deps: PanelDeps,
    panel: vscode.WebviewPanel,
    saved: unknown,
    onDispose: (p: LabPanel) => void,
  ): LabPanel {
    const parsed = labPanelStateSchema.safeParse(saved);
    if (!parsed.success) deps.log.warn(`lab panel: unreadable saved state, starting afresh`);
    return new LabPanel(
      panel,
      deps,
      parsed.success ? parsed.data : { recordDirs: [], follow: true },
      onDispose,
    );
  }

  get follows(): boolean {
    return this.controller.follows;
  }

  /** The record folders this tab shows now. */
  get recordDirs(): readonly string[] {
    return this.controller.recordDirs;
  }

  reveal(): void {
    this.panel.reveal();
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.controller.close();
    super.dispose();
    this.panel.dispose();
    this.onDispose(this);
  }

  /** Shows other records in this tab (the webview saves them in its state). */
  show(recordDirs: string[] | undefined): void {
    void this.controller.show(recordDirs);
    this.panel.reveal();
  }
}
