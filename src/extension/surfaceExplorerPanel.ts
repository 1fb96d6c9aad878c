import * as vscode from 'vscode';
import { join } from 'node:path';
import { isUserError } from '../engine/errors';
import { resolveExperiment } from '../engine/experiment/resolveExperiment';
import { runExperiment } from '../engine/runs/runExperiment';
import { deleteRecord, listRecords } from '../engine/runs/records';
import { getSurface, hessianAt, sampleGrid, SURFACE_NAMES } from '../engine/surfaces';
import { experimentFileSchema } from '../protocol/experiment';
import {
  surfacesWebviewMessageSchema,
  type SurfaceInfo,
  type SurfacesHostMessage,
  type SurfacesWebviewMessage,
} from '../protocol/surfaceExplorer';
import { receive } from '../protocol/webviewChannel';
import { Disposable } from './disposable';
import type { PanelDeps } from './panelDeps';
import { renderPage, webviewOptions } from './panelPage';

export const SURFACES_VIEW_TYPE = 'optimizerLab.surfaces';

/** Explorer runs kept in global storage; older ones are deleted as new ones finish. */
const KEEP_EXPLORER_RECORDS = 20;

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

function surfaceInfo(name: (typeof SURFACE_NAMES)[number]): SurfaceInfo {
  const s = getSurface(name);
  return {
    name: s.name,
    formula: s.formula,
    bounds: s.bounds,
    start: s.start,
    minima: s.minima.map((m) => ({ point: m.point, value: m.value, kind: m.kind })),
    saddles: s.saddles.map((p) => ({ point: p.point, value: p.value })),
    maxima: s.maxima.map((p) => ({ point: p.point, value: p.value })),
    unboundedBelow: s.unboundedBelow,
  };
}

/**
 * The loss-surface explorer: contours of the engine's 2-D surfaces, optimizers run from a clicked
 * start on the engine's run pool (records under the extension's global storage), and the Hessian
 * inspector. All numbers come from the engine in the host; the webview only draws them.
 */
export class SurfaceExplorerPanel extends Disposable {
  private ready = false;
  private readonly running = new Set<AbortController>();

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: PanelDeps,
    private readonly onDispose: () => void,
  ) {
    super();
    const { extensionUri } = deps.context;
    panel.webview.options = webviewOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)));
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
    for (const c of this.running) c.abort();
    super.dispose();
    this.panel.dispose();
    this.onDispose();
  }

  private post(message: SurfacesHostMessage): void {
    if (this.ready && !this.isDisposed) void this.panel.webview.postMessage(message);
  }

  private async onMessage(data: unknown): Promise<void> {
    const arrival = receive<SurfacesWebviewMessage>(surfacesWebviewMessageSchema, data);
    if (!arrival.ok) {
      this.deps.log.warn(`surface explorer: dropped ${arrival.reason}`);
      return;
    }
    const m = arrival.message;
    try {
      switch (m.type) {
        case 'ready':
          this.ready = true;
          this.post({ type: 'init', payload: { surfaces: SURFACE_NAMES.map(surfaceInfo) } });
          return;
        case 'grid': {
          const s = getSurface(m.payload.name);
          const g = sampleGrid(s, m.payload.size, m.payload.size);
          this.post({
            type: 'grid',
            payload: {
              requestId: m.payload.requestId,
              grid: {
                name: s.name,
                nx: m.payload.size,
                ny: m.payload.size,
                bounds: s.bounds,
                values: Array.from(g.values, finiteOrNull),
              },
            },
          });
          return;
        }
        case 'inspect': {
          const r = hessianAt(getSurface(m.payload.name), m.payload.point);
          const numbers = [...r.gradient, ...r.hessian.flat(), ...r.eigenvalues, ...r.eigenvectors.flat()];
          if (!numbers.every(Number.isFinite)) {
            this.post({
              type: 'error',
              payload: {
                requestId: m.payload.requestId,
                message: `the Hessian is not finite at (${m.payload.point.join(', ')})`,
              },
            });
            return;
          }
          this.post({
            type: 'hessian',
            payload: {
              requestId: m.payload.requestId,
              report: { ...r, value: finiteOrNull(r.value), gradientNorm: finiteOrNull(r.gradientNorm) },
            },
          });
          return;
        }
        case 'run':
          await this.run(m.payload);
          return;
      }
    } catch (e) {
      const message = isUserError(e) ? e.message : `internal error: ${(e as Error).message}`;
      if (!isUserError(e)) this.deps.log.error(`surface explorer: ${(e as Error).stack ?? String(e)}`);
      if ('requestId' in m.payload)
        this.post({ type: 'error', payload: { requestId: m.payload.requestId, message } });
    }
  }

  private async run(p: Extract<SurfacesWebviewMessage, { type: 'run' }>['payload']): Promise<void> {
    // The same validation and defaults as an experiment file: the explorer is one more front door.
    const file = experimentFileSchema.safeParse({
      name: `explore-${p.name}`,
      surface: { name: p.name, start: p.start },
      training: { steps: p.steps },
      optimizers: p.optimizers,
    });
    if (!file.success) {
      const issue = file.error.issues[0];
      this.post({
        type: 'error',
        payload: { requestId: p.requestId, message: `${issue?.path.join('.')}: ${issue?.message}` },
      });
      return;
    }
    const storage = this.deps.context.globalStorageUri.fsPath;
    const recordsRoot = join(storage, 'surface-runs');
    const experiment = resolveExperiment(file.data, { name: `explore-${p.name}`, baseDir: storage });
    const workers = vscode.workspace.getConfiguration('optimizerLab').get<number>('workers', 0);
    const controller = new AbortController();
    this.running.add(controller);
    try {
      const outcome = await runExperiment({
        experiment,
        experimentFile: null,
        recordsRoot,
        workerPath: this.deps.context.asAbsolutePath(join('dist', 'worker.js')),
        ...(workers > 0 ? { poolSize: workers } : {}),
        signal: controller.signal,
      });
      this.post({
        type: 'trajectories',
        payload: {
          requestId: p.requestId,
          recordDir: outcome.recordDir,
          trajectories: outcome.record.runs.map((r) => ({
            runId: r.id,
            configIndex: r.configIndex,
            label: r.label,
            status: r.status,
            points: outcome.curves.get(r.id)?.trajectory ?? [],
            finalLoss: r.final_train_loss,
            message: r.message,
          })),
        },
      });
      await this.prune(recordsRoot);
    } finally {
      this.running.delete(controller);
    }
  }

  private async prune(root: string): Promise<void> {
    const entries = await listRecords(root);
    for (const e of entries.slice(KEEP_EXPLORER_RECORDS)) {
      await deleteRecord(root, e.dir).catch((err: unknown) =>
        this.deps.log.warn(`surface explorer: cannot delete ${e.dir}: ${String(err)}`),
      );
    }
  }
}
