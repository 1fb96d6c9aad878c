// ResultRow: One row of the ranked results (also metricNames, resultRows, swatch, renderResultsTable, …).
import type { RunRecord, RunSummary } from '../../protocol/record';
import type { ConfigurationVerdict } from '../../protocol/verdict';
import { verdictOf } from '../verdict/recordVerdict';
import { escapeHtml } from './escape';
import {
  formatDuration,
  formatInterval,
  formatMeanStd,
  formatNumber,
  formatRank,
  formatStatuses,
} from '../format';
import { PALETTE } from './palette';

/** One row of the ranked results: a configuration's standing and its runs' mean results. */
export interface ResultRow {
  standing: ConfigurationVerdict;
  meanElapsedMs: number;
  finalTrainLoss: number | null;
  finalValLoss: number | null;
  bestValLoss: number | null;
  /** Mean final validation metric per name, over the runs that report it. */
  metrics: Record<string, number | null>;
  steps: number;
  /** Data-parallel runs: mean bytes all workers sent per run, and mean compression ratio. */
  bytesSent: number | null;
  compression: number | null;
}

function meanOf(values: (number | null | undefined)[]): number | null {
  const ok = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : null;
}

/** Names of the final validation metrics any run reports, sorted. */
export function metricNames(runs: readonly RunSummary[]): string[] {
  return [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
}

/**
 * The configurations in the verdict's rank order (docs/records.md), each with the means of its
 * runs' final losses, metrics, steps and times.
 */
export function resultRows(record: RunRecord): ResultRow[] {
  const names = metricNames(record.runs);
  return verdictOf(record).configurations.map((standing) => {
    const rs = record.runs.filter((r) => r.configIndex === standing.index);
    const metrics: Record<string, number | null> = {};
    for (const m of names) metrics[m] = meanOf(rs.map((r) => r.metrics[m]));
    return {
      standing,
      finalTrainLoss: meanOf(rs.map((r) => r.final_train_loss)),
      finalValLoss: meanOf(rs.map((r) => r.final_val_loss)),
      bestValLoss: meanOf(rs.map((r) => r.best_val_loss)),
      metrics,
      steps: meanOf(rs.map((r) => r.steps)) ?? 0,
      bytesSent: meanOf(rs.map((r) => r.bytes_sent)),
      compression: meanOf(rs.map((r) => r.compression_ratio)),
      meanElapsedMs: meanOf(rs.map((r) => r.elapsed_ms)) ?? 0,
    };
  });
}

const td = (text: string, cls = 'num') => `<td class="${cls}">${escapeHtml(text)}</td>`;

/** A colour swatch of a configuration, styled by class so the CSP needs no inline styles. */
export function swatch(configIndex: number): string {
  return `<span class="swatch c${configIndex % PALETTE.length}" aria-hidden="true"></span>`;
}

function objectiveHeader(o: RunRecord['objective']): string {
  return `${o.metric} (${o.use}, ${o.mode === 'min' ? 'lower' : 'higher'} is better) mean ± std`;
}

/** A table column: its header and the cell it gives a row; columns without values are left out. */
interface Column<T> {
  head: string;
  cell: (row: T) => string;
}

/** Whether any run was validated (a surface or a data set without a validation split: none). */
function validated(record: RunRecord): boolean {
  return record.runs.some((r) => r.final_val_loss !== null || r.best_val_loss !== null);
}

function renderTable<T>(id: string, columns: Column<T>[], rows: T[], rowAttrs: (row: T) => string): string {
  return [
    `<table id="${id}">`,
    `<thead><tr>${columns.map((c) => `<th scope="col">${escapeHtml(c.head)}</th>`).join('')}</tr></thead>`,
    `<tbody>\n${rows.map((r) => `<tr${rowAttrs(r)}>${columns.map((c) => c.cell(r)).join('')}</tr>`).join('\n')}\n</tbody>`,
    '</table>',
  ].join('\n');
}

/** The ranked results table, one row per configuration, best first. */
export function renderResultsTable(record: RunRecord): string {
  const val = validated(record);
  const tested = (record.dataset?.testRows ?? 0) > 0;
  const rows = resultRows(record);
  // With one run per configuration the interval does not exist and the best run is the configuration.
  const seeds = rows.some((r) => r.standing.runs > 1);
  const columns: Column<ResultRow>[] = [
    { head: 'rank', cell: ({ standing: s }) => td(formatRank(s.rank, s.tied_with_leader)) },
    {
      head: 'configuration',
      cell: ({ standing: s }) => `<td class="label">${swatch(s.index)}${escapeHtml(s.label)}</td>`,
    },
    { head: 'runs', cell: ({ standing: s }) => td(formatStatuses(s.runs, s.statuses), 'runs') },
    {
      head: objectiveHeader(record.objective),
      cell: ({ standing: s }) => td(formatMeanStd(s.mean, s.std)),
    },
    ...(seeds ? [{ head: '95% CI', cell: (r: ResultRow) => td(formatInterval(r.standing.ci95)) }] : []),
    ...(tested
      ? [
          {
            head: `test ${record.objective.metric.replace(/^(val|train)_/, '')}`,
            cell: (r: ResultRow) => td(formatNumber(r.standing.test_metric)),
          },
        ]
      : []),
    ...(seeds
      ? [{ head: 'best run', cell: (r: ResultRow) => td(r.standing.representative_run ?? '—', 'runs') }]
      : []),
    { head: 'final train loss', cell: (r) => td(formatNumber(r.finalTrainLoss)) },
    ...(val
      ? [
          { head: 'final val loss', cell: (r: ResultRow) => td(formatNumber(r.finalValLoss)) },
          { head: 'best val loss', cell: (r: ResultRow) => td(formatNumber(r.bestValLoss)) },
        ]
      : []),
    ...metricNames(record.runs).map((m) => ({
      head: `val ${m}`,
      cell: (r: ResultRow) => td(formatNumber(r.metrics[m])),
    })),
    ...(record.runs.some((r) => r.bytes_sent !== undefined)
      ? [
          { head: 'bytes sent', cell: (r: ResultRow) => td(formatNumber(r.bytesSent)) },
          { head: 'compression ×', cell: (r: ResultRow) => td(formatNumber(r.compression)) },
        ]
      : []),
    { head: 'steps', cell: (r) => td(String(Math.round(r.steps))) },
    { head: 'time', cell: (r) => td(formatDuration(r.meanElapsedMs)) },
  ];
  return renderTable('results', columns, resultRows(record), (r) => ` data-config="${r.standing.index}"`);
}

/** Every run, in record order, with its own results and why it stopped. */
export function renderRunsTable(record: RunRecord): string {
  const opt = (v: number | null) => (v === null ? '—' : String(v));
  const has = (f: (r: RunSummary) => number | null) => record.runs.some((r) => f(r) !== null);
  const columns: Column<RunSummary>[] = [
    { head: 'run', cell: (r) => td(r.id, 'runs') },
    {
      head: 'configuration',
      cell: (r) => `<td class="label">${swatch(r.configIndex)}${escapeHtml(r.label)}</td>`,
    },
    { head: 'seed', cell: (r) => td(String(r.seed)) },
    ...(has((r) => r.fold) ? [{ head: 'fold', cell: (r: RunSummary) => td(opt(r.fold)) }] : []),
    ...(has((r) => r.restart) ? [{ head: 'restart', cell: (r: RunSummary) => td(opt(r.restart)) }] : []),
    { head: 'status', cell: (r) => td(r.status, `text status-${r.status}`) },
    { head: 'rank', cell: (r) => td(opt(r.rank)) },
    { head: 'objective', cell: (r) => td(formatNumber(r.objective)) },
    { head: 'final train loss', cell: (r) => td(formatNumber(r.final_train_loss)) },
    ...(validated(record)
      ? [
          { head: 'final val loss', cell: (r: RunSummary) => td(formatNumber(r.final_val_loss)) },
          {
            head: 'best val loss (epoch)',
            cell: (r: RunSummary) =>
              td(r.best_val_loss === null ? '—' : `${formatNumber(r.best_val_loss)} (${opt(r.best_epoch)})`),
          },
        ]
      : []),
    ...metricNames(record.runs).map((m) => ({
      head: `val ${m}`,
      cell: (r: RunSummary) => td(formatNumber(r.metrics[m])),
    })),
    { head: 'steps', cell: (r) => td(String(r.steps)) },
    { head: 'epochs', cell: (r) => td(String(r.epochs)) },
    { head: 'time', cell: (r) => td(formatDuration(r.elapsed_ms)) },
    { head: 'message', cell: (r) => td(r.message ?? '', 'message') },
  ];
  return renderTable('runs', columns, record.runs, () => '');
}
