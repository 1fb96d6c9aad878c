// The run manager: runs experiment files, searches and LR range tests on the engine with VS Code's
// progress, status bar and messages; what it says is decided in controllers/runMessages.
import * as vscode from 'vscode';
import { describeBest } from '../engine/verdict/recordVerdict';
import { dirname, join } from 'node:path';
import { loadExperiment } from '../engine/experiment/loadExperiment';
import { dataAccessAllowed } from './dataAccess';
import { lrFind, type LrFindResult } from '../engine/search/lrFind';
import type { ResolvedExperiment } from '../protocol/experiment';
import { writeReport } from '../engine/report/writeReport';
import type { CurvesFile, RunRecord, RunSummary } from '../protocol/record';
import type { RunProgress, RunSpec } from '../protocol/runs';
import { Disposable } from './disposable';
import type { ActiveExperiment, LiveRuns } from './liveRuns';
import { ReportPanel } from './reportPanel';
import { recordsRootFor } from './recordsLocation';
import { formatNumber } from '../engine/format';
import { pythonFor } from './pythonInterpreter';
import { userCodeLocation } from './userCodeLocation';
import { progressStatus, runEndLine } from './controllers/runMessages';
import { reportRunError, showCrash } from './runPrompts';
import { driveSession } from './controllers/sessionDriver';

interface Active extends ActiveExperiment {
  progress: Map<string, RunProgress[]>;
  controller: AbortController;
  /** Stops one run of the experiment; null where the driver (a search) cancels only as a whole. */
  cancelRun: ((runId: string) => void) | null;
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
   * Cancels everything (no argument), one experiment, or one run of it (the others go on; a
   * search's trials are cancelled as a whole search). Finished runs are kept in the record.
   */
  cancel(recordDir?: string, runId?: string): void {
    if (recordDir === undefined) {
      this.pendingAbort?.abort();
      for (const a of this.activeRuns.values()) a.controller.abort();
      return;
    }
    const a = this.activeRuns.get(recordDir);
    if (runId !== undefined && a?.cancelRun) a.cancelRun(runId);
    else a?.controller.abort();
  }

  /** Runs one experiment file; resolves when it ended (or failed to start), never rejects. */
  run(uri: vscode.Uri): Promise<string | null> {
    return this.session(uri, 'experiment');
  }

  /**
   * Runs the `search` section of an experiment file (grid, random or TPE trials, pruning); with
   * `resume`, continues the search record in that folder without redoing its finished trials.
   */
  runSearch(uri: vscode.Uri, resume?: string): Promise<string | null> {
    return this.session(uri, 'search', resume);
  }

  /** The runner's settings for an experiment file. */
  private settingsFor(uri: vscode.Uri) {
    const settings = vscode.workspace.getConfiguration('optimizerLab');
    const workers = settings.get<number>('workers', 0);
    return {
      recordsRoot: recordsRootFor(
        uri.fsPath,
        settings.get<string>('recordsFolder', ''),
        vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? null,
      ),
      workerPath: this.context.asAbsolutePath(join('dist', 'worker.js')),
      ...(workers > 0 ? { poolSize: workers } : {}),
      maxDataBytes: settings.get<number>('maxDataFileMB', 256) * 1024 * 1024,
    };
  }

  /** Loads an experiment file, or reports why it cannot be (and returns null). */
  private async load(uri: vscode.Uri): Promise<ResolvedExperiment | null> {
    if (this.running) {
      void vscode.window.showWarningMessage(
        'Optimizer Lab: an experiment is already running; cancel it first.',
      );
      return null;
    }
    let experiment: ResolvedExperiment;
    try {
      experiment = loadExperiment(uri.fsPath);
    } catch (e) {
      await reportRunError(e, uri, this.log);
      return null;
    }
    return (await dataAccessAllowed(experiment, uri)) ? experiment : null;
  }

  /**
   * One experiment or search from start to end: the running context and status bar, a cancellable
   * notification, every streamed batch kept for LiveRuns, the report written, the outcome announced.
   */
  private async session(
    uri: vscode.Uri,
    mode: 'experiment' | 'search',
    resume?: string,
  ): Promise<string | null> {
    const experiment = await this.load(uri);
    if (!experiment) return null;
    if (mode === 'search' && !experiment.search) {
      const choice = await vscode.window.showWarningMessage(
        `Optimizer Lab: ${vscode.workspace.asRelativePath(uri)} has no "search" section, so there is nothing to search; Run Experiment runs its list of optimizers.`,
        'Run Experiment',
      );
      if (choice) return this.session(uri, 'experiment');
      return null;
    }
    // Only a user's own PyTorch model runs in Python: the Python extension is asked for nothing else.
    const python =
      experiment.kind === 'data' && experiment.model.type === 'pytorch'
        ? await pythonFor(uri, this.log)
        : undefined;
    const shownCrashes = new Set<string>();
    const controller = new AbortController();
    this.pendingAbort = controller;
    this.starting = true;
    this.setRunningContext();
    this.log.info(
      `${mode === 'search' ? 'search' : 'run'} ${uri.fsPath}${python ? ` (Python ${python})` : ''}`,
    );
    let active: Active | null = null;
    try {
      const outcome = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Optimizer Lab: ${experiment.name}${mode === 'search' ? ' (search)' : ''}`,
          cancellable: true,
        },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          const unit = mode === 'search' ? 'trials' : 'runs';
          let total = 0;
          let ended = 0;
          const begin = (
            recordDir: string,
            record: RunRecord,
            specs: RunSpec[],
            count: number,
            cancelRun: ((runId: string) => void) | null,
          ): void => {
            total = count;
            active = { recordDir, record, specs, progress: new Map(), controller, cancelRun };
            this.activeRuns.set(recordDir, active);
            this.pendingAbort = null;
            this.starting = false;
            this.log.info(`${total} ${unit}; record ${recordDir}`);
            this.status.text = `$(sync~spin) Optimizer Lab 0/${total}`;
            this.status.tooltip = `Optimizer Lab: ${experiment.name} running — click to cancel`;
            this.status.show();
            this.startEmitter.fire(active);
            this.hooks.onStarted?.(recordDir);
          };
          const onProgress = (runId: string, p: RunProgress): void => {
            if (!active) return;
            let list = active.progress.get(runId);
            if (!list) active.progress.set(runId, (list = []));
            list.push(p);
            // A streamed run says how far through the file its current pass is.
            if (p.rows) this.status.text = progressStatus(ended, total, p);
            this.progressEmitter.fire({ recordDir: active.recordDir, runId, progress: p });
          };
          const runEnded = (s: RunSummary): void => {
            const { level, line } = runEndLine(s);
            this.log[level](line);
            if (s.status === 'failed') {
              const at = userCodeLocation(s.message, dirname(uri.fsPath));
              if (at && !shownCrashes.has(at.key)) {
                shownCrashes.add(at.key);
                void showCrash(s.id, at, this.log);
              }
            }
            if (active)
              this.runEndEmitter.fire({ recordDir: active.recordDir, summary: s, record: active.record });
          };
          const unitEnded = (): void => {
            ended++;
            this.status.text = progressStatus(ended, total);
            progress.report({ increment: 100 / Math.max(1, total), message: `${ended}/${total} ${unit}` });
          };
          const common = {
            experiment,
            experimentFile: uri.fsPath,
            ...this.settingsFor(uri),
            ...(python !== undefined ? { python } : {}),
            signal: controller.signal,
            finish: (dir: string, record: RunRecord, curves: Map<string, CurvesFile>) =>
              writeReport(dir, record, curves, this.context.asAbsolutePath(join('dist', 'report.js'))).then(
                () => {},
              ),
          };
          return driveSession(
            mode,
            common,
            { begin, progress: onProgress, runEnded, unitEnded, log: (l) => this.log.info(l) },
            resume,
          );
        },
      );
      this.activeRuns.delete(outcome.recordDir);
      this.finishEmitter.fire({ recordDir: outcome.recordDir, record: outcome.record });
      this.log.info(`record ${outcome.recordDir}: ${outcome.record.status}`);
      void this.announce(experiment.name, outcome.recordDir, outcome.record);
      return outcome.recordDir;
    } catch (e) {
      // Not awaited: the message waits for the user, and the run is over now (finally below).
      void reportRunError(e, uri, this.log);
      return null;
    } finally {
      const a = active as Active | null;
      if (a) this.activeRuns.delete(a.recordDir);
      this.pendingAbort = null;
      this.starting = false;
      if (this.activeRuns.size === 0) this.status.hide();
      this.setRunningContext();
    }
  }

  /**
   * The LR range test of one of the experiment's optimizers (fastai lr_find): a cancellable
   * notification shows the sweep; the result is recorded beside the experiment's other records.
   */
  async findLearningRate(uri: vscode.Uri, optimizerIndex: number): Promise<LrFindResult | null> {
    const experiment = await this.load(uri);
    if (!experiment) return null;
    // A user's PyTorch model: the range test and the sweep run in its Python, as its runs do.
    const python =
      experiment.kind === 'data' && experiment.model.type === 'pytorch'
        ? await pythonFor(uri, this.log)
        : undefined;
    const controller = new AbortController();
    this.pendingAbort = controller;
    this.starting = true;
    this.setRunningContext();
    this.log.info(
      `LR range test of optimizers[${optimizerIndex}] in ${uri.fsPath}${python ? ` (Python ${python})` : ''}`,
    );
    this.status.text = '$(sync~spin) Optimizer Lab: LR range test';
    this.status.tooltip = `Optimizer Lab: LR range test of ${experiment.name} — click to cancel`;
    this.status.show();
    try {
      const { poolSize: _pool, ...settings } = this.settingsFor(uri);
      const result = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Optimizer Lab: LR range test of ${experiment.name}`,
          cancellable: true,
        },
        (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          const numIt = 100;
          return lrFind({
            experiment,
            experimentFile: uri.fsPath,
            optimizerIndex,
            numIt,
            signal: controller.signal,
            ...settings,
            ...(python !== undefined ? { python } : {}),
            // Half the bar for the range test, half for the sweep's rates.
            onPoint: (p) =>
              progress.report({
                increment: 50 / numIt,
                message: `range test: lr ${formatNumber(p.lr)}, smoothed loss ${formatNumber(p.smoothed)}`,
              }),
            onSweepPoint: (p, done, total) =>
              progress.report({
                increment: 50 / total,
                message: `sweep ${done}/${total}: lr ${formatNumber(p.lr)}, ${p.status === 'done' ? `loss ${formatNumber(p.objective)}` : p.status}`,
              }),
          });
        },
      );
      this.log.info(
        `LR range test ${result.stopped}: valley ${result.suggestions.valley}, steep ${result.suggestions.steep}, minimum/10 ${result.suggestions.minimum}; sweep pick ${result.sweep?.lr ?? '—'}, edge of stability ${result.sweep?.edgeOfStability ?? '—'}; record ${result.recordDir}`,
      );
      return result;
    } catch (e) {
      // Not awaited: the message waits for the user, and the run is over now (finally below).
      void reportRunError(e, uri, this.log);
      return null;
    } finally {
      this.pendingAbort = null;
      this.starting = false;
      if (this.activeRuns.size === 0) this.status.hide();
      this.setRunningContext();
    }
  }

  private async announce(name: string, recordDir: string, record: RunRecord): Promise<void> {
    const best = describeBest(record);
    const summary = record.status === 'cancelled' ? 'cancelled (finished runs kept)' : 'done';
    const choice = await vscode.window.showInformationMessage(
      `Optimizer Lab: ${name} ${summary}.${best ? ` Best: ${best}.` : ''}`,
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
}
