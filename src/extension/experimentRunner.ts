import * as vscode from 'vscode';
import { dirname, join } from 'node:path';
import { loadExperiment } from '../engine/experiment/loadExperiment';
import { DataError, ExperimentError, isUserError } from '../engine/errors';
import { runExperiment } from '../engine/runs/runExperiment';
import { RECORDS_FOLDER } from '../engine/runs/records';
import { writeReport } from '../engine/report/writeReport';
import { Disposable } from './disposable';
import { ReportPanel } from './reportPanel';

/**
 * Runs experiment files on the engine's worker pool: progress in a cancellable notification and
 * the status bar, details in the log, the report opened at the end. The host only waits on
 * messages; the training happens in worker threads.
 */
export class ExperimentRunner extends Disposable {
  private readonly status = this.register(
    vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50),
  );
  private current: AbortController | null = null;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.status.command = 'optimizerLab.cancel';
  }

  get running(): boolean {
    return this.current !== null;
  }

  cancel(): void {
    this.current?.abort();
  }

  async run(uri: vscode.Uri): Promise<void> {
    if (this.current) {
      void vscode.window.showWarningMessage(
        'Optimizer Lab: an experiment is already running; cancel it first.',
      );
      return;
    }
    let experiment;
    try {
      experiment = loadExperiment(uri.fsPath);
    } catch (e) {
      return this.reportError(e, uri);
    }
    const settings = vscode.workspace.getConfiguration('optimizerLab');
    const folder = settings.get<string>('recordsFolder', '') || join(dirname(uri.fsPath), RECORDS_FOLDER);
    const workers = settings.get<number>('workers', 0);
    const maxMb = settings.get<number>('maxDataFileMB', 256);
    const controller = new AbortController();
    this.current = controller;
    void vscode.commands.executeCommand('setContext', 'optimizerLab.running', true);
    this.log.info(`run ${uri.fsPath}`);
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
              onStart: ({ specs, recordDir }) => {
                total = specs.length;
                this.log.info(`${total} runs; record ${recordDir}`);
                this.status.text = `$(sync~spin) Optimizer Lab 0/${total}`;
                this.status.tooltip = 'Optimizer Lab: runs in progress — click to cancel';
                this.status.show();
              },
              onRunEnd: (s) => {
                ended++;
                this.status.text = `$(sync~spin) Optimizer Lab ${ended}/${total}`;
                progress.report({ increment: 100 / Math.max(1, total), message: `${ended}/${total} runs` });
                const detail = s.message ? `: ${s.message}` : '';
                const line = `${s.id} ${s.label}: ${s.status} after ${s.steps} steps, objective ${s.objective ?? '—'}${detail}`;
                if (s.status === 'failed') this.log.error(line);
                else if (s.status === 'diverged') this.log.warn(line);
                else this.log.info(line);
              },
            },
            finish: (dir, record, curves) =>
              writeReport(dir, record, curves, this.context.asAbsolutePath(join('dist', 'report.js'))).then(
                () => {},
              ),
          });
        },
      );
      const best = outcome.record.runs.find((r) => r.rank === 1);
      const summary = outcome.record.status === 'cancelled' ? 'cancelled (finished runs kept)' : 'done';
      const choice = await vscode.window.showInformationMessage(
        `Optimizer Lab: ${experiment.name} ${summary}.${best ? ` Best: ${best.label} (${best.objective}).` : ''}`,
        'Open Report',
        'Show Log',
      );
      if (choice === 'Open Report') ReportPanel.show(join(outcome.recordDir, 'report.html'));
      if (choice === 'Show Log') this.log.show();
    } catch (e) {
      await this.reportError(e, uri);
    } finally {
      this.current = null;
      this.status.hide();
      void vscode.commands.executeCommand('setContext', 'optimizerLab.running', false);
    }
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
    const action = target ? 'Open at Problem' : undefined;
    const choice = await vscode.window.showErrorMessage(
      `Optimizer Lab: ${message}`,
      ...(action ? [action] : []),
    );
    if (choice && target) {
      const pos = new vscode.Position(Math.max(0, target.line - 1), Math.max(0, target.column - 1));
      await vscode.window.showTextDocument(target.uri, { selection: new vscode.Range(pos, pos) });
    }
  }
}
