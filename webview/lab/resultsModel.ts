// ResultRow: One row of the results table (also ResultColumn, SortDirection, SortState, resultRows, …).
import { formatDuration, formatNumber, formatRank } from '../../src/engine/format';
import type { Diagnosis } from '../../src/protocol/diagnosis';
import { applyRanks, rankConfigurations } from '../../src/engine/verdict/rankConfigurations';
import { toCsv } from '../shared/csv';
import type { LabModel } from './labModel';
import type { ConfigurationVerdict } from '../../src/protocol/verdict';

/** One row of the results table: one run. */
export interface ResultRow {
  key: string;
  recordDir: string;
  runId: string;
  experiment: string;
  /** Position in the configuration list: the row's colour. */
  position: number;
  /** Its configuration's rank (docs/records.md); null when the run did not finish. */
  rank: number | null;
  /** Its configuration cannot be told apart from rank 1 (paired t-test over seeds). */
  tied: boolean;
  /** The best run: the median seed of the rank-1 configuration. */
  best: boolean;
  /** Its configuration (record folder and configuration index), and that configuration's verdict. */
  configKey: string;
  verdict: ConfigurationVerdict | null;
  label: string;
  /** The optimizer configuration with every torch default: its hyperparameters (the doctor's remedy changes its lr). */
  config: Record<string, unknown>;
  seed: number;
  fold: number | null;
  status: string;
  objective: number | null;
  finalTrain: number | null;
  finalVal: number | null;
  bestVal: number | null;
  metrics: Record<string, number | null>;
  steps: number;
  elapsedMs: number;
  message: string | null;
  starred: boolean;
  /** The optimizer doctor's findings (docs/doctor.md). */
  diagnoses: Diagnosis[];
  /** Data-parallel runs: bytes all workers sent, and the compression against dense float32. */
  bytesSent: number | null;
  compression: number | null;
}

export interface ResultColumn<R = ResultRow> {
  id: string;
  head: string;
  numeric: boolean;
  value(r: R): string | number | null;
  text(r: R): string;
}

export type SortDirection = 'ascending' | 'descending';
export interface SortState {
  column: string;
  direction: SortDirection;
}

/**
 * The table's rows, ranked by the verdict's rule (configurations over their seeds). One record is
 * ranked over its own runs as they stand now (live too); records compared together are ranked
 * afresh over all their configurations when they share the objective (same metric and direction),
 * and each over its own otherwise.
 */
export function resultRows(model: LabModel, stars: ReadonlySet<string>): ResultRow[] {
  const configs = model.configs();
  const position = new Map<string, number>();
  for (const c of configs) for (const r of c.runs) position.set(r.key, c.position);
  const objectives = model.records.map((r) => `${r.record.objective.metric}/${r.record.objective.mode}`);
  const shared = new Set(objectives).size === 1;
  const ranked = new Map<string, number | null>();
  const tied = new Set<string>();
  const best = new Set<string>();
  const verdicts = new Map<string, ConfigurationVerdict>();
  const rank = (group: typeof model.records): void => {
    const objective = group[0]!.record.objective;
    // Configuration indices repeat across records: each record's get their own range.
    const stride = 1 + Math.max(0, ...group.flatMap((rec) => rec.record.runs.map((r) => r.configIndex)));
    const copies = group.flatMap((rec, k) =>
      rec.record.runs.map((s) => ({
        ...(model.runs.get(`${rec.recordDir}\n${s.id}`)?.summary ?? s),
        id: `${rec.recordDir}\n${s.id}`,
        configIndex: k * stride + s.configIndex,
      })),
    );
    const verdict = rankConfigurations(copies, objective);
    applyRanks(copies, verdict);
    const tiedConfigs = new Set(verdict.configurations.filter((c) => c.tied_with_leader).map((c) => c.index));
    for (const c of copies) {
      ranked.set(c.id, c.rank);
      if (c.rank !== null && tiedConfigs.has(c.configIndex)) tied.add(c.id);
    }
    if (verdict.best) best.add(verdict.best.run);
    const byIndex = new Map(verdict.configurations.map((c) => [c.index, c]));
    for (const c of copies) verdicts.set(c.id, byIndex.get(c.configIndex)!);
  };
  if (model.compare && shared) rank(model.records);
  else for (const rec of model.records) rank([rec]);
  return model.records.flatMap((rec) =>
    rec.record.runs.map((s0): ResultRow => {
      const key = `${rec.recordDir}\n${s0.id}`;
      const s = model.runs.get(key)?.summary ?? s0;
      return {
        key,
        recordDir: rec.recordDir,
        runId: s.id,
        experiment: model.nameOf(rec),
        position: position.get(key) ?? 0,
        rank: ranked.get(key) ?? null,
        tied: tied.has(key),
        best: best.has(key),
        configKey: `${rec.recordDir}\n${s.configIndex}`,
        verdict: verdicts.get(key) ?? null,
        label: s.label,
        config: s.config,
        seed: s.seed,
        fold: s.fold,
        status: s.status,
        objective: s.objective,
        finalTrain: s.final_train_loss,
        finalVal: s.final_val_loss,
        bestVal: s.best_val_loss,
        metrics: { ...s.metrics },
        steps: s.steps,
        elapsedMs: s.elapsed_ms,
        message: s.message,
        starred: stars.has(key),
        diagnoses: s.diagnoses ?? [],
        bytesSent: s.bytes_sent ?? null,
        compression: s.compression_ratio ?? null,
      };
    }),
  );
}

const num = (id: string, head: string, get: (r: ResultRow) => number | null): ResultColumn => ({
  id,
  head,
  numeric: true,
  value: get,
  text: (r) => formatNumber(get(r)),
});

/** A hyperparameter as a cell: numbers in the shared format, lists and flags as JSON. */
function paramText(v: unknown): string {
  if (v === undefined) return '—';
  return typeof v === 'number' ? formatNumber(v) : typeof v === 'string' ? v : JSON.stringify(v);
}

/** One column per hyperparameter whose value differs between rows (the optimizer's name included). */
export function hyperparameterColumns(rows: readonly ResultRow[]): ResultColumn[] {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.config)))];
  return keys
    .filter((k) => new Set(rows.map((r) => JSON.stringify(r.config[k]))).size > 1)
    .map((k) => ({
      id: `param:${k}`,
      head: k === 'name' ? 'optimizer' : k,
      numeric: rows.every((r) => r.config[k] === undefined || typeof r.config[k] === 'number'),
      value: (r: ResultRow) => {
        const v = r.config[k];
        return v === undefined
          ? null
          : typeof v === 'number' || typeof v === 'string'
            ? v
            : JSON.stringify(v);
      },
      text: (r: ResultRow) => paramText(r.config[k]),
    }));
}

/** The columns worth showing for these rows: no validation columns without validation, and so on. */
export function resultColumns(
  rows: readonly ResultRow[],
  compare: boolean,
  objectiveHead: string,
): ResultColumn[] {
  const any = (f: (r: ResultRow) => unknown) => rows.some((r) => f(r) !== null && f(r) !== undefined);
  const metricNames = [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))].sort();
  return [
    {
      id: 'rank',
      head: 'rank',
      numeric: true,
      value: (r) => r.rank,
      text: (r) => `${formatRank(r.rank, r.tied)}${r.best ? ' best' : ''}`,
    },
    ...(compare
      ? [
          {
            id: 'experiment',
            head: 'experiment',
            numeric: false,
            value: (r: ResultRow) => r.experiment,
            text: (r: ResultRow) => r.experiment,
          },
        ]
      : []),
    { id: 'label', head: 'configuration', numeric: false, value: (r) => r.label, text: (r) => r.label },
    ...hyperparameterColumns(rows),
    { id: 'seed', head: 'seed', numeric: true, value: (r) => r.seed, text: (r) => String(r.seed) },
    ...(any((r) => r.fold)
      ? [
          {
            id: 'fold',
            head: 'fold',
            numeric: true,
            value: (r: ResultRow) => r.fold,
            text: (r: ResultRow) => String(r.fold ?? '—'),
          },
        ]
      : []),
    { id: 'status', head: 'status', numeric: false, value: (r) => r.status, text: (r) => r.status },
    num('objective', objectiveHead, (r) => r.objective),
    num('finalTrain', 'final train loss', (r) => r.finalTrain),
    ...(any((r) => r.finalVal) ? [num('finalVal', 'final val loss', (r) => r.finalVal)] : []),
    ...(any((r) => r.bestVal) ? [num('bestVal', 'best val loss', (r) => r.bestVal)] : []),
    ...metricNames.map((m) => num(`metric:${m}`, `val ${m}`, (r) => r.metrics[m] ?? null)),
    ...(any((r) => r.bytesSent)
      ? [
          num('bytesSent', 'bytes sent', (r) => r.bytesSent),
          num('compression', 'compression ×', (r) => r.compression),
        ]
      : []),
    { id: 'steps', head: 'steps', numeric: true, value: (r) => r.steps, text: (r) => String(r.steps) },
    {
      id: 'time',
      head: 'time',
      numeric: true,
      value: (r) => r.elapsedMs,
      text: (r) => formatDuration(r.elapsedMs),
    },
  ];
}

/**
 * Rows sorted by a column, stably; missing values (no rank, no objective) always come last, in
 * either direction, so flipping the order never buries the finished runs under the failed ones.
 */
export function sortRows<R>(rows: readonly R[], columns: readonly ResultColumn<R>[], sort: SortState): R[] {
  const col = columns.find((c) => c.id === sort.column) ?? columns[0]!;
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return rows
    .map((r, i) => ({ r, i, v: col.value(r) }))
    .sort((a, b) => {
      const am = a.v === null || (typeof a.v === 'number' && !Number.isFinite(a.v));
      const bm = b.v === null || (typeof b.v === 'number' && !Number.isFinite(b.v));
      if (am !== bm) return am ? 1 : -1;
      if (!am && a.v !== b.v) {
        const d =
          typeof a.v === 'number' && typeof b.v === 'number'
            ? a.v - b.v
            : String(a.v).localeCompare(String(b.v));
        if (d !== 0) return sign * d;
      }
      return a.i - b.i;
    })
    .map((x) => x.r);
}

/**
 * The rows matching a filter: every whitespace-separated term must occur (case-insensitively) in
 * the row's configuration, status, experiment, seed (`seed:3` or `3`) or `starred` when starred.
 */
export function filterRows(rows: readonly ResultRow[], query: string): ResultRow[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return rows.slice();
  return rows.filter((r) => {
    const hay = [
      r.label,
      r.status,
      r.experiment,
      `seed:${r.seed}`,
      r.starred ? 'starred' : '',
      r.message ?? '',
    ]
      .join('\u0000')
      .toLowerCase();
    return terms.every((t) => hay.includes(t) || t === String(r.seed));
  });
}

/** The table as CSV: the shown rows in the shown order, full-precision numbers, plus the run id. */
export function rowsToCsv(rows: readonly ResultRow[], columns: readonly ResultColumn[]): string {
  return toCsv(
    [...columns.map((c) => c.head), 'run', 'best', 'starred'],
    rows.map((r) => [
      ...columns.map((c) => c.value(r)),
      r.runId,
      r.best ? 'yes' : 'no',
      r.starred ? 'yes' : 'no',
    ]),
  );
}
