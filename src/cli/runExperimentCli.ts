import { dirname, join, resolve } from 'node:path';
import { EXIT, type CliIO } from './command';
import { distFile } from './distPaths';
import { ProgressDisplay } from './format/progress';
import { diagnosisCell } from './format/diagnosisCell';
import { fmtNumber, textTable } from './format/textTable';
import { loadExperiment } from '../engine/experiment/loadExperiment';
import { runExperiment, type ExperimentOutcome } from '../engine/runs/runExperiment';
import { rankConfigurations } from '../engine/runs/ranking';
import { RECORDS_FOLDER } from '../engine/runs/records';
import { writeReport } from '../engine/report/writeReport';
import type { RunRecord } from '../protocol/record';

export interface CliRunOptions {
  /** Folder for the record; default `.optimizer-lab` beside the experiment file. */
  out?: string;
  workers?: number;
  /** The Python interpreter of a pytorch model's runs. */
  python?: string;
  /** Print nothing but the JSON summary on stdout. */
  json: boolean;
}

export interface CliRunResult {
  code: number;
  outcome: ExperimentOutcome;
  reportPath: string;
}

/** The ranked table of configurations (mean ± std over seeds when there are several). */
export function rankedTable(record: RunRecord): string {
  const standings = rankConfigurations(record.runs, record.objective.mode);
  const metric = `${record.objective.metric}${record.objective.use === 'best' ? ' (best)' : ''}`;
  const rows = standings.map((s) => {
    const runs = record.runs.filter((r) => r.configIndex === s.configIndex);
    const statuses = Object.entries(s.statuses)
      .map(([k, n]) => (s.runs === 1 ? k : `${n} ${k}`))
      .join(', ');
    const objective =
      s.mean === null ? '—' : s.runs > 1 ? `${fmtNumber(s.mean)} ± ${fmtNumber(s.std)}` : fmtNumber(s.mean);
    const steps = Math.round(runs.reduce((a, r) => a + r.steps, 0) / runs.length);
    return [
      s.rank === null ? '—' : String(s.rank),
      s.label,
      objective,
      statuses,
      String(steps),
      `${(s.meanElapsedMs / 1000).toFixed(2)}s`,
      diagnosisCell(runs),
    ];
  });
  return textTable(['rank', 'configuration', metric, 'status', 'steps', 'time', 'diagnosis'], rows);
}

/** The `--json` summary: where the record and report are, and one entry per run. */
export function runJson(outcome: ExperimentOutcome, reportPath: string): Record<string, unknown> {
  return {
    record: outcome.recordDir,
    report: reportPath,
    status: outcome.record.status,
    objective: outcome.record.objective,
    runs: outcome.record.runs.map((r) => ({
      id: r.id,
      label: r.label,
      config: r.config,
      seed: r.seed,
      status: r.status,
      steps: r.steps,
      final_train_loss: r.final_train_loss,
      final_val_loss: r.final_val_loss,
      best_val_loss: r.best_val_loss,
      metric: r.objective,
      rank: r.rank,
      diagnoses: r.diagnoses ?? [],
      ...(r.message ? { message: r.message } : {}),
    })),
  };
}

/**
 * Runs one experiment file from the command line: progress on stderr, the ranked table (or the
 * JSON summary) on stdout, the record and the HTML report on disk. Ctrl-C cancels the runs, keeps
 * what finished, and returns 130.
 */
export async function runFromCli(file: string, o: CliRunOptions, io: CliIO): Promise<CliRunResult> {
  const path = resolve(io.cwd, file);
  const experiment = loadExperiment(file, io.cwd);
  const recordsRoot = o.out ? resolve(io.cwd, o.out) : join(dirname(path), RECORDS_FOLDER);
  if (experiment.search) {
    // Said rather than silently ignored: `run` compares the listed configurations only.
    io.stderr(
      `note: ${file} has a "search" section, which \`run\` ignores: it runs the ${experiment.optimizers.length} listed optimizer configuration(s). Use \`optimizer-lab search ${file}\` for the search.\n`,
    );
  }
  const display = new ProgressDisplay(io.rawStderr ?? io.stderr, io.isTTY, experiment.name);
  let reportPath = '';
  const outcome = await runExperiment({
    experiment,
    experimentFile: path,
    recordsRoot,
    workerPath: distFile('worker.js'),
    ...(o.workers !== undefined ? { poolSize: o.workers } : {}),
    ...(o.python !== undefined ? { python: o.python } : {}),
    signal: io.signal,
    events: {
      onStart: ({ specs }) => display.start(specs.length),
      onProgress: (runId) => display.progress(runId),
      onRunEnd: (summary) => display.runEnded(summary),
    },
    finish: async (dir, record, curves) => {
      reportPath = await writeReport(dir, record, curves, distFile('report.js'));
    },
  });
  display.finish();
  const cancelled = outcome.record.status === 'cancelled';
  if (o.json) {
    io.stdout(`${JSON.stringify(runJson(outcome, reportPath))}\n`);
  } else {
    io.stdout(`${experiment.name}${cancelled ? ' (cancelled: finished runs kept)' : ''}\n\n`);
    io.stdout(rankedTable(outcome.record));
    io.stdout(`\nrecord: ${outcome.recordDir}\nreport: ${reportPath}\n`);
  }
  return { code: cancelled ? EXIT.interrupted : EXIT.ok, outcome, reportPath };
}
