// The lab's results by configuration: one row per configuration with its verdict over the seeds
// (docs/records.md), its runs as the rows it expands to.
import {
  formatDuration,
  formatInterval,
  formatMeanStd,
  formatNumber,
  formatRank,
  formatStatuses,
} from '../../src/engine/format';
import { hyperparameterColumns, type ResultColumn, type ResultRow } from './resultsModel';

/** One configuration of the table: its verdict and its runs (seeds × folds). */
export interface ConfigRow {
  key: string;
  experiment: string;
  /** Position in the configuration list: the row's colour. */
  position: number;
  label: string;
  config: Record<string, unknown>;
  rank: number | null;
  tied: boolean;
  mean: number | null;
  std: number | null;
  ci95: [number, number] | null;
  test: number | null;
  statuses: Record<string, number>;
  /** `done` when every run finished, else the status most of its runs share. */
  status: string;
  steps: number;
  elapsedMs: number;
  runs: ResultRow[];
}

const meanOf = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** Groups run rows by configuration, in the order of their first run. */
export function configurationRows(rows: readonly ResultRow[]): ConfigRow[] {
  const groups = new Map<string, ResultRow[]>();
  for (const r of rows) {
    const g = groups.get(r.configKey);
    if (g) g.push(r);
    else groups.set(r.configKey, [r]);
  }
  return [...groups.entries()].map(([key, runs]) => {
    const first = runs[0]!;
    const v = first.verdict;
    const statuses: Record<string, number> = {};
    for (const r of runs) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const status = Object.entries(statuses).sort(([, a], [, b]) => b - a)[0]![0];
    return {
      key,
      experiment: first.experiment,
      position: first.position,
      label: first.label,
      config: first.config,
      rank: v?.rank ?? null,
      tied: v?.tied_with_leader ?? false,
      mean: v?.mean ?? null,
      std: v?.std ?? null,
      ci95: v?.ci95 ?? null,
      test: v?.test_metric ?? null,
      statuses,
      status,
      steps: meanOf(runs.map((r) => r.steps)),
      elapsedMs: meanOf(runs.map((r) => r.elapsedMs)),
      runs,
    };
  });
}

/** A column of the configuration table; `seed` is the cell of one of its runs, when expanded. */
export interface ConfigColumn extends ResultColumn<ConfigRow> {
  seed(r: ResultRow): string;
}

/** The configuration table's columns: rank, hyperparameters, the verdict, then means of the runs. */
export function configurationColumns(
  rows: readonly ConfigRow[],
  compare: boolean,
  objectiveHead: string,
): ConfigColumn[] {
  const runs = rows.flatMap((r) => r.runs);
  const params = hyperparameterColumns(runs).map((c): ConfigColumn => ({
    ...c,
    value: (r) => c.value(r.runs[0]!),
    text: (r) => c.text(r.runs[0]!),
    seed: () => '',
  }));
  const num = (
    id: string,
    head: string,
    get: (r: ConfigRow) => number | null,
    seed: (r: ResultRow) => string,
  ): ConfigColumn => ({
    id,
    head,
    numeric: true,
    value: get,
    text: (r) => formatNumber(get(r)),
    seed,
  });
  return [
    {
      id: 'rank',
      head: 'rank',
      numeric: true,
      value: (r) => r.rank,
      text: (r) => formatRank(r.rank, r.tied),
      seed: (s) => `seed ${s.seed}${s.fold !== null ? ` fold ${s.fold}` : ''}${s.best ? ' best' : ''}`,
    },
    ...(compare
      ? [
          {
            id: 'experiment',
            head: 'experiment',
            numeric: false,
            value: (r: ConfigRow) => r.experiment,
            text: (r: ConfigRow) => r.experiment,
            seed: () => '',
          },
        ]
      : []),
    {
      id: 'label',
      head: 'configuration',
      numeric: false,
      value: (r) => r.label,
      text: (r) => r.label,
      seed: (s) => s.runId,
    },
    ...params,
    {
      id: 'status',
      head: 'runs',
      numeric: false,
      value: (r) => r.status,
      text: (r) => formatStatuses(r.runs.length, r.statuses),
      seed: (s) => s.status,
    },
    {
      id: 'objective',
      head: `${objectiveHead} mean ± std`,
      numeric: true,
      value: (r) => r.mean,
      text: (r) => formatMeanStd(r.mean, r.std),
      seed: (s) => formatNumber(s.objective),
    },
    ...(rows.some((r) => r.ci95 !== null)
      ? [
          {
            id: 'ci95',
            head: '95% CI',
            numeric: true,
            value: (r: ConfigRow) => (r.ci95 ? r.ci95[0] : null),
            text: (r: ConfigRow) => formatInterval(r.ci95),
            seed: () => '',
          },
        ]
      : []),
    ...(rows.some((r) => r.test !== null)
      ? [
          num(
            'test',
            'test score',
            (r) => r.test,
            () => '',
          ),
        ]
      : []),
    num(
      'steps',
      'steps',
      (r) => r.steps,
      (s) => String(s.steps),
    ),
    {
      id: 'time',
      head: 'time',
      numeric: true,
      value: (r) => r.elapsedMs,
      text: (r) => formatDuration(r.elapsedMs),
      seed: (s) => formatDuration(s.elapsedMs),
    },
  ];
}
