import * as vscode from 'vscode';
import { labTitle } from './labTitle';
import { pngBytes } from './pngImage';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { listRecords, readCurves, readRecord, RECORDS_FOLDER } from '../engine/runs/records';
import { readSearchState, SEARCH_FILE } from '../engine/search/runSearch';
import { readLrFindView } from '../engine/search/lrFindFile';
import { writeLearningRate } from './useLearningRate';
import type { SearchState } from '../protocol/search';
import {
  appendProgress,
  curvesFromFile,
  emptyCurves,
  packCurves,
  runStepsPerEpoch,
  stepsPerEpoch,
  type PackedCurves,
} from '../engine/report/labCurves';
import type { CurvesFile, RunRecord, RunSummary } from '../protocol/record';
import type { RunProgress } from '../protocol/runs';
import {
  labPanelStateSchema,
  labWebviewMessageSchema,
  type LabHostMessage,
  type LabPanelState,
  type LabRecord,
  type LabWebviewMessage,
} from '../protocol/lab';
import { receive } from '../protocol/webviewChannel';
import { Disposable } from './disposable';
import type { ActiveExperiment } from './liveRuns';
import type { PanelDeps } from './panelDeps';
import { renderPage, webviewOptions } from './panelPage';

export const LAB_VIEW_TYPE = 'optimizerLab.lab';

/** A run's curves packed for the lab, from its curves file. */
function packFile(file: CurvesFile, summary: RunSummary, record: RunRecord): PackedCurves {
  return packCurves(
    curvesFromFile(file, runStepsPerEpoch(summary.steps, summary.epochs, stepsPerEpoch(record))),
  );
}

/** Packed curves of every run of `record` with a curves file on disk, and (live) of the runs still going. */
async function curvesOf(
  dir: string,
  record: RunRecord,
  progress?: ReadonlyMap<string, readonly RunProgress[]>,
): Promise<Record<string, PackedCurves>> {
  const out: Record<string, PackedCurves> = {};
  await Promise.all(
    record.runs.map(async (r) => {
      const file = r.curves ? await readCurves(dir, r.curves) : null;
      if (file) {
        out[r.id] = packFile(file, r, record);
        return;
      }
      const batches = progress?.get(r.id);
      if (!batches?.length) return;
      const c = emptyCurves();
      for (const b of batches) appendProgress(c, b);
      out[r.id] = packCurves(c);
    }),
  );
  return out;
}

/** The trials of a search record, or null for an experiment that is not a search. */
async function searchOf(dir: string): Promise<SearchState | null> {
  if (!existsSync(join(dir, SEARCH_FILE))) return null;
  return readSearchState(dir).catch(() => null);
}

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
  private state: LabPanelState;
  private ready = false;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: PanelDeps,
    state: LabPanelState,
    private readonly onDispose: (p: LabPanel) => void,
  ) {
    super();
    this.state = state;
    const { context, liveRuns, stars } = deps;
    panel.webview.options = webviewOptions(context.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.svg');
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)));
    this.register(liveRuns.onDidStart((e) => this.onStart(e)));
    this.register(
      liveRuns.onDidProgress(({ recordDir, runId, progress }) => {
        if (this.shows(recordDir)) this.post({ type: 'progress', payload: { recordDir, runId, progress } });
      }),
    );
    this.register(
      liveRuns.onDidRunEnd(async ({ recordDir, summary, record }) => {
        if (!this.shows(recordDir)) return;
        const file = summary.curves ? await readCurves(recordDir, summary.curves) : null;
        const curves = file ? packFile(file, summary, record) : null;
        const search = await searchOf(recordDir);
        this.post({ type: 'runEnd', payload: { recordDir, summary, record, curves, search } });
      }),
    );
    this.register(
      liveRuns.onDidFinish(async ({ recordDir, record }) => {
        if (!this.shows(recordDir)) return;
        this.post({ type: 'finish', payload: { recordDir, record, search: await searchOf(recordDir) } });
      }),
    );
    this.register(stars.onDidChange(() => this.post({ type: 'stars', payload: { stars: stars.all() } })));
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
    return this.state.follow;
  }

  /** The record folders this tab shows now. */
  get recordDirs(): readonly string[] {
    return this.state.recordDirs;
  }

  reveal(): void {
    this.panel.reveal();
  }

  override dispose(): void {
    if (this.isDisposed) return;
    super.dispose();
    this.panel.dispose();
    this.onDispose(this);
  }

  private shows(recordDir: string): boolean {
    return this.state.recordDirs.includes(recordDir);
  }

  private post(message: LabHostMessage): void {
    if (!this.ready || this.isDisposed) return;
    void this.panel.webview.postMessage(message);
  }

  private onStart(e: ActiveExperiment): void {
    if (!this.state.follow) return;
    this.state = { ...this.state, recordDirs: [e.recordDir] };
    void this.sendInit();
  }

  private async onMessage(data: unknown): Promise<void> {
    const arrival = receive<LabWebviewMessage>(labWebviewMessageSchema, data);
    if (!arrival.ok) {
      this.deps.log.warn(`lab panel: dropped ${arrival.reason}`);
      return;
    }
    const m = arrival.message;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        await this.sendInit();
        return;
      case 'toggleStar':
        this.deps.stars.toggle(m.payload.recordDir, m.payload.runId);
        return;
      case 'cancel':
        this.deps.liveRuns.cancel(m.payload.recordDir, m.payload.runId ?? undefined);
        return;
      case 'useLr': {
        const view = await readLrFindView(m.payload.recordDir);
        const entry = await readRecord(m.payload.recordDir);
        const file = entry.ok ? entry.record.experimentFile : null;
        if (!view || !file) {
          void vscode.window.showErrorMessage(
            'Optimizer Lab: this record has no experiment file to write the rate into.',
          );
          return;
        }
        await writeLearningRate(vscode.Uri.file(file), view.optimizerIndex, m.payload.lr);
        return;
      }
      case 'applyRemedy':
        await vscode.commands.executeCommand('optimizerLab.applyRemedy', m.payload);
        return;
      case 'exportCsv': {
        if (!vscode.workspace.isTrusted) {
          void vscode.window.showWarningMessage(
            'Optimizer Lab: trust the workspace to export results; an untrusted workspace writes no files.',
          );
          this.post({ type: 'exportCsvResult', payload: { requestId: m.payload.requestId, saved: null } });
          return;
        }
        const near = this.state.recordDirs[0];
        const target = await vscode.window.showSaveDialog({
          title: 'Export results as CSV',
          filters: { CSV: ['csv'] },
          ...(near ? { defaultUri: vscode.Uri.file(join(near, m.payload.suggestedName)) } : {}),
        });
        if (target) {
          await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(m.payload.csv));
          this.deps.log.info(`results exported to ${target.fsPath}`);
        }
        this.post({
          type: 'exportCsvResult',
          payload: { requestId: m.payload.requestId, saved: target ? target.fsPath : null },
        });
        return;
      }
      case 'saveImage': {
        const bytes = pngBytes(m.payload.dataUrl);
        const done = (saved: string | null) =>
          this.post({ type: 'saveImageResult', payload: { requestId: m.payload.requestId, saved } });
        if (!vscode.workspace.isTrusted) {
          void vscode.window.showWarningMessage(
            'Optimizer Lab: trust the workspace to save images; an untrusted workspace writes no files.',
          );
          return done(null);
        }
        if (!bytes) {
          this.deps.log.warn('a chart image that is not a PNG was dropped');
          return done(null);
        }
        const near = this.state.recordDirs[0];
        const target = await vscode.window.showSaveDialog({
          title: 'Save chart as PNG',
          filters: { 'PNG image': ['png'] },
          ...(near ? { defaultUri: vscode.Uri.file(join(near, m.payload.suggestedName)) } : {}),
        });
        if (target) {
          await vscode.workspace.fs.writeFile(target, bytes);
          this.deps.log.info(`chart saved to ${target.fsPath}`);
        }
        return done(target ? target.fsPath : null);
      }
    }
  }

  /** Which records to show when following: the newest running experiment, else the newest record. */
  private async followed(): Promise<string[]> {
    const active = [...this.deps.liveRuns.active.values()].sort((a, b) =>
      b.record.createdAt.localeCompare(a.record.createdAt),
    );
    if (active[0]) return [active[0].recordDir];
    const newest = (await findRecordDirs())[0];
    return newest ? [newest] : [];
  }

  private async load(dir: string): Promise<LabRecord | string> {
    const active = this.deps.liveRuns.active.get(dir);
    if (active) {
      return {
        recordDir: dir,
        record: active.record,
        curves: await curvesOf(dir, active.record, active.progress),
        live: true,
        search: await searchOf(dir),
      };
    }
    const entry = await readRecord(dir);
    if (!entry.ok) return `${basename(dir)}: ${entry.error}`;
    return {
      recordDir: dir,
      record: entry.record,
      curves: await curvesOf(dir, entry.record),
      live: false,
      search: await searchOf(dir),
      lrFind: await readLrFindView(dir),
    };
  }

  private async sendInit(): Promise<void> {
    if (!this.ready) return;
    if (this.state.follow && this.state.recordDirs.length === 0) {
      this.state = { ...this.state, recordDirs: await this.followed() };
    }
    const loaded = await Promise.all(this.state.recordDirs.map((d) => this.load(d)));
    const records = loaded.filter((r): r is LabRecord => typeof r !== 'string');
    const problems = loaded.filter((r): r is string => typeof r === 'string');
    for (const p of problems) this.deps.log.warn(`lab panel: ${p}`);
    this.panel.title = labTitle(records.map((r) => r.record));
    const settings = vscode.workspace.getConfiguration('optimizerLab');
    const smoothing = Math.min(0.999, Math.max(0, settings.get<number>('smoothing', 0.6)));
    const pointCap = Math.max(16, Math.round(settings.get<number>('chartPointCap', 2000)));
    const empty =
      records.length > 0
        ? null
        : problems.length > 0
          ? problems.join('\n')
          : 'No experiment records yet: run an experiment (Optimizer Lab: Run Experiment) and its runs appear here live.';
    this.post({
      type: 'init',
      payload: {
        settings: { smoothing, pointCap },
        records,
        stars: this.deps.stars.all(),
        follow: this.state.follow,
        empty,
      },
    });
  }

  /** Shows other records in this tab (the webview saves them in its state). */
  show(recordDirs: string[] | undefined): void {
    const follow = !recordDirs || recordDirs.length === 0;
    this.state = { recordDirs: recordDirs ?? [], follow };
    void this.sendInit();
    this.panel.reveal();
  }
}
