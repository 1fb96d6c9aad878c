import * as vscode from 'vscode';
import { dirname, join } from 'node:path';
import { loadExperiment } from '../engine/experiment/loadExperiment';
import { DataError, ExperimentError, isUserError } from '../engine/errors';
import { runExperiment } from '../engine/runs/runExperiment';
import { writeReport } from '../engine/report/writeReport';
import type { RunRecord, RunSummary } from '../protocol/record';
import type { RunProgress } from '../protocol/runs';
import { Disposable } from './disposable';
import type { ActiveExperiment, LiveRuns } from './liveRuns';
import { ReportPanel } from './reportPanel';
import { recordsRootFor } from './recordsLocation';
import { formatNumber } from './runsTreeItems';

interface Active extends ActiveExperiment {
  progress: Map<string, RunProgress[]>;
  controller: AbortController;
}

/** What the runner needs from the rest of the host, passed in so tests and panels stay replaceable. */
export interface RunnerHooks {
  /** Called when an experiment's runs are queued (the lab panel attaches to it). */
  onStarted?(recordDir: string): void;
  /** Opens a finished record in the lab panel. */
  openLab?(recordDir: string): void;
}

/**
 * Runs experiment files on the engine's worker pool: progress in a cancellable notification and
 * the status bar, details in the log, and everything streamed kept per run so a panel opened (or
 * reopened) mid-run can replay it (the LiveRuns interface). The host only waits on messages; the
 * training happens in worker threads. One experiment runs at a time: the runs of one experiment
 * already fill every worker.
 */
export class ExperimentRunner extends Disposable implements LiveRuns {
  private readonly status = this.register(
    vscode.window.createStatusBarItem('optimizerLab.status', vscode.StatusBarAlignment.Left, 50),
  );
  private readonly activeRuns = new Map<string, Active>();
  private starting = false;
  private readonly startEmitter = this.register(new vscode.EventEmitter<ActiveExperiment>());
  private readonly progressEmitter = this.register(
    new vscode.EventEmitter<{ recordDir: string; runId: string; progress: RunProgress }>(),
  );
  private readonly runEndEmitter = this.register(
    new vscode.EventEmitter<{ recordDir: string; summary: RunSummary; record: RunRecord }>(),
  );
  private readonly finishEmitter = this.register(
    new vscode.EventEmitter<{ recordDir: string; record: RunRecord }>(),
  );
  private pendingAbort: AbortController | null = null;

  readonly onDidStart = this.startEmitter.event;
  readonly onDidProgress = this.progressEmitter.event;
  readonly onDidRunEnd = this.runEndEmitter.event;
  readonly onDidFinish = this.finishEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly hooks: RunnerHooks = {},
  ) {
    super();
    this.status.name = 'Optimizer Lab runs';
    this.status.command = 'optimizerLab.cancel';
  }

  get active(): ReadonlyMap<string, ActiveExperiment> {
    return this.activeRuns;
  }

  get running(): boolean {
    return this.starting || this.activeRuns.size > 0;
  }

  /**
   * Cancels everything (no argument), one experiment, or one run. The engine stops runs only as a
   * whole experiment, so cancelling one run of an experiment cancels that experiment; finished
   * runs are kept in its record either way.
   */
  cancel(recordDir?: string, _runId?: string): void {
    if (recordDir === undefined) {
      this.pendingAbort?.abort();
      for (const a of this.activeRuns.values()) a.controller.abort();
      return;
    }
    this.activeRuns.get(recordDir)?.controller.abort();
  }

  /** Runs one experiment file; resolves when it ended (or failed to start), never rejects. */
  async run(uri: vscode.Uri): Promise<string | null> {
    if (this.running) {
      void vscode.window.showWarningMessage(
        'Optimizer Lab: an experiment is already running; cancel it first.',
      );
      return null;
    }
    let experiment;
    try {
      experiment = loadExperiment(uri.fsPath);
    } catch (e) {
      await this.reportError(e, uri);
      return null;
    }
    const settings = vscode.workspace.getConfiguration('optimizerLab');
    const folder = recordsRootFor(
      uri.fsPath,
      settings.get<string>('recordsFolder', ''),
      vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? null,
    );
    const workers = settings.get<number>('workers', 0);
    const maxMb = settings.get<number>('maxDataFileMB', 256);
    const controller = new AbortController();
    this.pendingAbort = controller;
    this.starting = true;
    this.setRunningContext();
    this.log.info(`run ${uri.fsPath}`);
    let recordDir: string | null = null;
    try {
      const outcome = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Optimizer Lab: ${experiment.name}`,
          cancellable: true,
        },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          let total = 0;
          let ended = 0;
          return runExperiment({
            experiment,
            experimentFile: uri.fsPath,
            recordsRoot: folder,
            workerPath: this.context.asAbsolutePath(join('dist', 'worker.js')),
            ...(workers > 0 ? { poolSize: workers } : {}),
            maxDataBytes: maxMb * 1024 * 1024,
            signal: controller.signal,
            events: {
              onStart: ({ recordDir: dir, record, specs }) => {
                recordDir = dir;
                total = specs.length;
                const active: Active = { recordDir: dir, record, specs, progress: new Map(), controller };
                this.activeRuns.set(dir, active);
                this.pendingAbort = null;
                this.starting = false;
                this.log.info(`${total} runs; record ${dir}`);
                this.status.text = `$(sync~spin) Optimizer Lab 0/${total}`;
                this.status.tooltip = `Optimizer Lab: ${experiment.name} running — click to cancel`;
                this.status.show();
                this.startEmitter.fire(active);
                this.hooks.onStarted?.(dir);
              },
              onProgress: (runId, p) => {
                const active = recordDir ? this.activeRuns.get(recordDir) : undefined;
                if (!active) return;
                let list = active.progress.get(runId);
                if (!list) active.progress.set(runId, (list = []));
                list.push(p);
                this.progressEmitter.fire({ recordDir: active.recordDir, runId, progress: p });
              },
              onRunEnd: (s, record) => {
                ended++;
                this.status.text = `$(sync~spin) Optimizer Lab ${ended}/${total}`;
                progress.report({ increment: 100 / Math.max(1, total), message: `${ended}/${total} runs` });
                const detail = s.message ? `: ${s.message}` : '';
                const line = `${s.id} ${s.label}: ${s.status} after ${s.steps} steps, objective ${s.objective ?? '—'}${detail}`;
                if (s.status === 'failed') this.log.error(line);
                else if (s.status === 'diverged') this.log.warn(line);
                else this.log.info(line);
                if (recordDir) this.runEndEmitter.fire({ recordDir, summary: s, record });
              },
            },
            finish: (dir, record, curves) =>
              writeReport(dir, record, curves, this.context.asAbsolutePath(join('dist', 'report.js'))).then(
                () => {},
              ),
          });
        },
      );
      this.activeRuns.delete(outcome.recordDir);
      this.finishEmitter.fire({ recordDir: outcome.recordDir, record: outcome.record });
      this.log.info(`record ${outcome.recordDir}: ${outcome.record.status}`);
      void this.announce(experiment.name, outcome.recordDir, outcome.record);
      return outcome.recordDir;
    } catch (e) {
      await this.reportError(e, uri);
      return null;
    } finally {
      if (recordDir) this.activeRuns.delete(recordDir);
      this.pendingAbort = null;
      this.starting = false;
      if (this.activeRuns.size === 0) this.status.hide();
      this.setRunningContext();
    }
  }

  private async announce(name: string, recordDir: string, record: RunRecord): Promise<void> {
    const best = record.runs.find((r) => r.rank === 1);
    const summary = record.status === 'cancelled' ? 'cancelled (finished runs kept)' : 'done';
    const choice = await vscode.window.showInformationMessage(
      `Optimizer Lab: ${name} ${summary}.${best ? ` Best: ${best.label} (${record.objective.metric} ${formatNumber(best.objective)}).` : ''}`,
      'Open in Lab',
      'Open Report',
      'Show Log',
    );
    if (choice === 'Open in Lab') this.hooks.openLab?.(recordDir);
    if (choice === 'Open Report') ReportPanel.show(join(recordDir, 'report.html'));
    if (choice === 'Show Log') this.log.show();
  }

  private setRunningContext(): void {
    void vscode.commands.executeCommand('setContext', 'optimizerLab.running', this.running);
  }

  /** A user mistake as a message with an action that opens the place to fix; anything else is logged. */
  private async reportError(e: unknown, experimentUri: vscode.Uri): Promise<void> {
    if (!isUserError(e)) {
      this.log.error(`internal error: ${(e as Error)?.stack ?? String(e)}`);
      void vscode.window
        .showErrorMessage(`Optimizer Lab: internal error: ${(e as Error)?.message}`, 'Show Log')
        .then((c) => {
          if (c) this.log.show();
        });
      return;
    }
    let target: { uri: vscode.Uri; line: number; column: number } | null = null;
    let message = e.message;
    if (e instanceof ExperimentError) {
      message = e.format().split('\n')[0]!;
      const first = e.issues[0];
      target = { uri: experimentUri, line: first?.line ?? 1, column: first?.column ?? 1 };
    } else if (e instanceof DataError) {
      message = e.format();
      const file = e.location.file;
      const abs = file.startsWith('/') ? file : join(dirname(experimentUri.fsPath), file);
      target = { uri: vscode.Uri.file(abs), line: e.location.line ?? 1, column: e.location.column ?? 1 };
    }
    this.log.warn(message);
    const actions = target ? ['Open at Problem'] : ['Open Settings'];
    const choice = await vscode.window.showErrorMessage(`Optimizer Lab: ${message}`, ...actions);
    if (choice === 'Open at Problem' && target) {
      const pos = new vscode.Position(Math.max(0, target.line - 1), Math.max(0, target.column - 1));
      await vscode.window.showTextDocument(target.uri, { selection: new vscode.Range(pos, pos) });
    }
    if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'optimizerLab');
    }
  }
}
