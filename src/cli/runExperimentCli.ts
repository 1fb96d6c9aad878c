// TableColumn: One column of the ranked table (also CliRunOptions, CliRunResult, rankedColumns,
// rankedTable, …).
import { dirname, join, resolve } from 'node:path';
import { EXIT, type CliIO } from './command';
import { distFile } from './distPaths';
import { ProgressDisplay } from './format/progress';
import { diagnosisCell } from './format/diagnosisCell';
import { formatInterval, formatMeanStd, formatNumber, formatRank } from '../engine/format';
import { textTable } from './format/textTable';
import { loadExperiment } from '../engine/experiment/loadExperiment';
import { runExperiment, type ExperimentOutcome } from '../engine/runs/runExperiment';
import { verdictOf } from '../engine/verdict/recordVerdict';
import { RECORDS_FOLDER } from '../engine/runs/records';
import { writeReport } from '../engine/report/writeReport';
import type { RunRecord, RunSummary } from '../protocol/record';
import type { ConfigurationVerdict } from '../protocol/verdict';
import { TRAFFIC_HEADERS, hasTraffic, trafficCells } from './format/traffic';

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

/** One column of the ranked table: its header and its cell for a configuration. */
export interface TableColumn {
  head: string;
  cell: (c: ConfigurationVerdict, runs: readonly RunSummary[]) => string;
}

/** Statuses of a configuration's runs: `done`, or `2 done, 1 diverged`. */
function statusText(c: ConfigurationVerdict): string {
  return Object.entries(c.statuses)
    .map(([k, n]) => (c.runs === 1 ? k : `${n} ${k}`))
    .join(', ');
}

/** The columns of the ranked table; other features add theirs to this list. */
export function rankedColumns(record: RunRecord): TableColumn[] {
  const o = record.objective;
  const metric = `${o.metric}${o.use === 'best' ? ' (best)' : ''}`;
  const seeds = verdictOf(record).configurations.some((c) => c.runs > 1);
  const tested = (record.dataset?.testRows ?? 0) > 0;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return [
    { head: 'rank', cell: (c) => formatRank(c.rank, c.tied_with_leader) },
    { head: 'configuration', cell: (c) => c.label },
    { head: seeds ? `${metric} mean ± std` : metric, cell: (c) => formatMeanStd(c.mean, c.std) },
    ...(seeds ? [{ head: '95% CI', cell: (c: ConfigurationVerdict) => formatInterval(c.ci95) }] : []),
    ...(tested
      ? [
          {
            head: `test ${o.metric.replace(/^(val|train)_/, '')}`,
            cell: (c: ConfigurationVerdict) => formatNumber(c.test_metric),
          },
        ]
      : []),
    ...(hasTraffic(record.runs)
      ? TRAFFIC_HEADERS.map((head, k) => ({
          head,
          cell: (_c: ConfigurationVerdict, rs: readonly RunSummary[]) => trafficCells(rs)[k] ?? '—',
        }))
      : []),
    { head: 'status', cell: (c) => statusText(c) },
    { head: 'steps', cell: (_c, rs) => String(Math.round(mean(rs.map((r) => r.steps)))) },
    { head: 'time', cell: (_c, rs) => `${(mean(rs.map((r) => r.elapsed_ms)) / 1000).toFixed(2)}s` },
    { head: 'diagnosis', cell: (_c, rs) => diagnosisCell(rs) },
  ];
}

/**
 * The ranked table of configurations by the verdict's rule (docs/records.md): mean ± std and the
 * 95% interval over seeds, `≈` on the configurations the paired test cannot tell from rank 1.
 */
export function rankedTable(record: RunRecord): string {
  const columns = rankedColumns(record);
  const rows = verdictOf(record).configurations.map((c) => {
    const runs = record.runs.filter((r) => r.configIndex === c.index);
    return columns.map((col) => col.cell(c, runs));
  });
  const seeds = columns.some((c) => c.head === '95% CI');
  const note = seeds
    ? '\n≈ cannot be told apart from rank 1 (paired t-test over seeds, 5%); best run: the median seed of rank 1\n'
    : '';
  return (
    textTable(
      columns.map((c) => c.head),
      rows,
    ) + note
  );
}

/** The `--json` summary: the record, the verdict (`best`, `configurations`) and one entry per run. */
export function runJson(outcome: ExperimentOutcome, reportPath: string): Record<string, unknown> {
  const v = verdictOf(outcome.record);
  return {
    record: outcome.recordDir,
    report: reportPath,
    status: outcome.record.status,
    objective: outcome.record.objective,
    best: v.best,
    configurations: v.configurations,
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
      ...(r.bytes_sent !== undefined
        ? { bytes_sent: r.bytes_sent, compression_ratio: r.compression_ratio ?? null }
        : {}),
      ...(r.test_loss !== undefined ? { test_loss: r.test_loss, test_metrics: r.test_metrics ?? {} } : {}),
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
