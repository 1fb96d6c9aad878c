// RunPanelView: The sidebar's run panel (also RUN_PANEL_VIEW_ID).
import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { detectFormat } from '../engine/data/detectFormat';
import { summarizeTable } from '../engine/data/inspect';
import { loadTable } from '../engine/data/loadTable';
import { isMissingAt, usableOrThrow, type Table } from '../engine/data/table';
import { encodeTarget } from '../engine/data/target';
import type { TaskKind } from '../protocol/data';
import { DataError, isUserError } from '../engine/errors';
import { dataFileGlob } from '../protocol/dataFormats';
import { experimentFileSchema } from '../protocol/experiment';
import type { RunProgress, RunSpec } from '../protocol/runs';
import {
  runPanelWebviewMessageSchema,
  type DataFileEntry,
  type PythonFileEntry,
  type RunLine,
  type RunPanelHostMessage,
  type RunPanelWebviewMessage,
} from '../protocol/runPanel';
import { receive } from '../protocol/webviewChannel';
import { Disposable } from './disposable';
import type { ActiveExperiment } from './liveRuns';
import type { PanelDeps } from './panelDeps';
import { renderPage, webviewOptions } from './panelPage';
import { trustedFor } from './trust';

export const RUN_PANEL_VIEW_ID = 'optimizerLab.runPanel';

const DATA_GLOB = dataFileGlob;
const EXCLUDE_GLOB = '{**/node_modules/**,**/.optimizer-lab/**,**/.vscode/**,**/.git/**}';
/** JSON files that are tooling, not data. */
const NOT_DATA =
  /(\.optlab\.json|^package(-lock)?\.json|^tsconfig.*\.json|^jsconfig.*\.json|\.schema\.json)$/;

/** The workspace's data files of the five formats, sorted by path. */
async function findDataFiles(): Promise<DataFileEntry[]> {
  const uris = await vscode.workspace.findFiles(DATA_GLOB, EXCLUDE_GLOB, 2000);
  const out: DataFileEntry[] = [];
  for (const uri of uris) {
    if (NOT_DATA.test(basename(uri.fsPath))) continue;
    out.push({
      path: uri.fsPath,
      label: vscode.workspace.asRelativePath(uri, true),
      format: detectFormat(uri.fsPath),
    });
  }
  return out.sort((a, b) => a.label.localeCompare(b.label));
}

/** The workspace's Python files (a user's own PyTorch model), virtual environments left out. */
async function findPythonFiles(): Promise<PythonFileEntry[]> {
  const exclude =
    '{**/node_modules/**,**/.optimizer-lab/**,**/.git/**,**/.venv/**,**/venv/**,**/site-packages/**,**/__pycache__/**}';
  const uris = await vscode.workspace.findFiles('**/*.py', exclude, 2000);
  return uris
    .map((uri) => ({ path: uri.fsPath, label: vscode.workspace.asRelativePath(uri, true) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** The task the engine infers with `name` as the target (the form's defaults follow it), or null. */
function targetTask(table: Table, name: string): TaskKind | null {
  const c = table.columns.findIndex((col) => col.name === name);
  const column = table.columns[c];
  if (!column) return null;
  try {
    usableOrThrow(column);
    const rows: number[] = [];
    for (let r = 0; r < table.nRows; r++) if (!isMissingAt(column, r)) rows.push(r);
    return encodeTarget(table, c, Int32Array.from(rows)).task;
  } catch (e) {
    if (isUserError(e)) return null;
    throw e;
  }
}

interface Tracked {
  spec: RunSpec;
  line: RunLine;
}

/**
 * The sidebar's run panel: a form that describes an experiment (data file, target, model,
 * optimizers with torch's names and defaults, seeds, epochs, batch size, schedule), validated in
 * the webview with the experiment schema as the user types. Run writes `<name>.optlab.json`
 * beside the data file and runs it with the Run Experiment command; the panel then shows each
 * run's progress live.
 */
export class RunPanelView extends Disposable implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | null = null;
  private ready = false;
  private current: {
    recordDir: string;
    name: string;
    status: string | null;
    runs: Map<string, Tracked>;
  } | null = null;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly deps: PanelDeps) {
    super();
    const { liveRuns } = deps;
    this.register(liveRuns.onDidStart((e) => this.track(e)));
    this.register(
      liveRuns.onDidProgress(({ recordDir, runId, progress }) => this.progress(recordDir, runId, progress)),
    );
    this.register(
      liveRuns.onDidRunEnd(({ recordDir, summary }) => {
        const t = this.current?.recordDir === recordDir ? this.current.runs.get(summary.id) : undefined;
        if (!t) return;
        t.line = {
          ...t.line,
          status: summary.status,
          done: 1,
          loss: summary.final_train_loss ?? t.line.loss,
        };
        this.schedule();
      }),
    );
    this.register(
      liveRuns.onDidFinish(({ recordDir, record }) => {
        if (this.current?.recordDir !== recordDir) return;
        this.current.status = record.status;
        this.schedule();
      }),
    );
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.sendInit()));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    view.webview.options = webviewOptions(this.deps.context.extensionUri);
    view.onDidDispose(() => {
      if (this.view === view) this.view = null;
    });
    view.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m));
    renderPage(
      view.webview,
      this.deps.context.extensionUri,
      'runPanel',
      'Run',
      '<div id="app" class="run-panel"><p role="status">loading</p></div>',
    );
    const active = [...this.deps.liveRuns.active.values()].at(-1);
    if (active && this.current?.recordDir !== active.recordDir) this.track(active);
  }

  private post(message: RunPanelHostMessage): void {
    if (this.view && this.ready) void this.view.webview.postMessage(message);
  }

  private track(e: ActiveExperiment): void {
    const runs = new Map<string, Tracked>();
    for (const spec of e.specs) {
      runs.set(spec.runId, {
        spec,
        line: {
          runId: spec.runId,
          label: spec.label,
          seed: spec.seed,
          status: 'queued',
          done: 0,
          loss: null,
        },
      });
    }
    this.current = { recordDir: e.recordDir, name: e.record.name, status: 'running', runs };
    for (const [runId, batches] of e.progress) for (const b of batches) this.progress(e.recordDir, runId, b);
    for (const s of e.record.runs) {
      const t = runs.get(s.id);
      if (t && s.status !== 'queued' && s.status !== 'running')
        t.line = { ...t.line, status: s.status, done: 1 };
    }
    this.schedule();
  }

  private progress(recordDir: string, runId: string, p: RunProgress): void {
    const t = this.current?.recordDir === recordDir ? this.current.runs.get(runId) : undefined;
    if (!t) return;
    const lastEpoch = p.epochs.at(-1);
    const lastStep = p.steps.at(-1);
    const epochsDone = lastEpoch ? lastEpoch.epoch + 1 : lastStep ? lastStep.epoch : 0;
    const stepFrac = t.spec.maxSteps && lastStep ? (lastStep.step + 1) / t.spec.maxSteps : 0;
    const done = Math.min(1, Math.max(t.line.done, epochsDone / t.spec.epochs, stepFrac));
    const loss = lastEpoch?.trainLoss ?? lastStep?.loss ?? t.line.loss;
    t.line = { ...t.line, status: 'running', done, loss };
    this.schedule();
  }

  /** Progress is posted at most five times a second: the panel shows bars, not every point. */
  private schedule(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.sendRuns();
    }, 200);
  }

  private sendRuns(): void {
    const c = this.current;
    this.post({
      type: 'runs',
      payload: {
        name: c?.name ?? null,
        running: c !== null && this.deps.liveRuns.active.has(c.recordDir),
        status: c?.status ?? null,
        runs: c ? [...c.runs.values()].map((t) => t.line) : [],
      },
    });
  }

  override dispose(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    super.dispose();
  }

  private async sendInit(): Promise<void> {
    const precision = vscode.workspace
      .getConfiguration('optimizerLab')
      .get<'float64' | 'float32'>('defaultPrecision', 'float64');
    const trusted = vscode.workspace.isTrusted;
    this.post({
      type: 'init',
      payload: {
        files: trusted ? await findDataFiles() : [],
        pythonFiles: trusted ? await findPythonFiles() : [],
        precision,
        trusted,
      },
    });
    this.sendRuns();
  }

  private async onMessage(data: unknown): Promise<void> {
    const arrival = receive<RunPanelWebviewMessage>(runPanelWebviewMessageSchema, data);
    if (!arrival.ok) {
      this.deps.log.warn(`run panel: dropped ${arrival.reason}`);
      return;
    }
    const m = arrival.message;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        await this.sendInit();
        return;
      case 'refreshFiles':
        this.post({
          type: 'files',
          payload: {
            files: vscode.workspace.isTrusted ? await findDataFiles() : [],
            pythonFiles: vscode.workspace.isTrusted ? await findPythonFiles() : [],
          },
        });
        return;
      case 'inspect':
        this.post({
          type: 'columns',
          payload: { requestId: m.payload.requestId, ...(await this.inspect(m.payload.path)) },
        });
        return;
      case 'run':
        if (!trustedFor('run experiments')) return;
        await this.run(m.payload);
        return;
      case 'cancel':
        await vscode.commands.executeCommand('optimizerLab.cancel');
        return;
    }
  }

  /** Only files the panel listed may be read: the webview names a file, the host decides. */
  private async isListed(path: string): Promise<boolean> {
    return vscode.workspace.isTrusted && (await findDataFiles()).some((f) => f.path === path);
  }

  private async inspect(path: string) {
    if (!(await this.isListed(path))) {
      return { path, rows: null, columns: [], error: 'not a data file of this workspace' };
    }
    const maxMb = vscode.workspace.getConfiguration('optimizerLab').get<number>('maxDataFileMB', 256);
    try {
      const table = await loadTable(path, {
        maxBytes: maxMb * 1024 * 1024,
        displayName: vscode.workspace.asRelativePath(path, true),
      });
      const summary = summarizeTable(table);
      return {
        path,
        rows: summary.rows,
        columns: summary.columns.map((c) => ({
          name: c.name,
          kind: c.kind,
          missing: c.missing,
          distinct: c.distinct,
          task: targetTask(table, c.name),
        })),
        error: null,
      };
    } catch (e) {
      if (!isUserError(e))
        this.deps.log.error(`run panel: inspect ${path}: ${(e as Error).stack ?? String(e)}`);
      const message = e instanceof DataError ? e.format() : (e as Error).message;
      return { path, rows: null, columns: [], error: message };
    }
  }

  private async run(p: Extract<RunPanelWebviewMessage, { type: 'run' }>['payload']): Promise<void> {
    const answer = (file: string | null, error: string | null) =>
      this.post({ type: 'runResult', payload: { requestId: p.requestId, file, error } });
    if (!(await this.isListed(p.dataPath)))
      return answer(null, 'the data file is not in this (trusted) workspace');
    // The file sits beside its data, so the data path in it is the bare file name.
    const content = {
      ...p.experiment,
      data: { ...(p.experiment['data'] as object), path: basename(p.dataPath) },
    };
    const parsed = experimentFileSchema.safeParse(content);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return answer(null, `${issue?.path.join('.') || 'experiment'}: ${issue?.message}`);
    }
    const target = join(dirname(p.dataPath), `${p.name}.optlab.json`);
    const text = `${JSON.stringify(content, null, 2)}\n`;
    const existing = await readFile(target, 'utf8').catch(() => null);
    if (existing !== null && existing !== text) {
      const choice = await vscode.window.showWarningMessage(
        `${vscode.workspace.asRelativePath(target)} exists. Replace it with the experiment from the run panel?`,
        { modal: true },
        'Replace',
      );
      if (choice !== 'Replace') return answer(null, 'not run: the existing experiment file was kept');
    }
    const uri = vscode.Uri.file(target);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    answer(target, null);
    // The command resolves when the whole experiment has run; the panel hears progress meanwhile.
    void vscode.commands.executeCommand('optimizerLab.runExperiment', uri);
  }
}
