// Figure: One line of bench/results.json (also figure, machineInfo, resultsTable).
import { cpus, totalmem, availableParallelism } from 'node:os';
import { formatNumber } from '../src/engine/format';
import { textTable } from '../src/cli/format/textTable';
import type { Summary } from './stats';
import type { PythonProbe } from './python';

/** One line of bench/results.json: `ratio` > 1 means the engine is better. */
export interface Figure {
  name: string;
  unit: string;
  /** Median over the repetitions. */
  engine: number;
  baseline: number | null;
  baseline_name: string | null;
  ratio: number | null;
  higher_is_better: boolean;
  /** Min/median/max and repetition counts behind the medians, and the warm-up left out. */
  detail?: { engine?: Summary; baseline?: Summary; warmup?: string; note?: string };
}

/** Builds a figure from the two summaries; the ratio is oriented so that > 1 favours the engine. */
export function figure(
  name: string,
  unit: string,
  higherIsBetter: boolean,
  engine: Summary,
  baseline: { name: string; summary: Summary } | null,
  extra: { warmup?: string; note?: string } = {},
): Figure {
  const b = baseline?.summary.median ?? null;
  const ratio = b === null ? null : higherIsBetter ? engine.median / b : b / engine.median;
  return {
    name,
    unit,
    engine: engine.median,
    baseline: b,
    baseline_name: baseline?.name ?? null,
    ratio,
    higher_is_better: higherIsBetter,
    detail: { engine, ...(baseline ? { baseline: baseline.summary } : {}), ...extra },
  };
}

/** The machine the figures were measured on. */
export function machineInfo(python: PythonProbe, blas: string | null): Record<string, unknown> {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    torch: python.ok ? python.torch : null,
    numpy: python.ok ? python.numpy : null,
    pandas: python.ok ? python.pandas : null,
    numpy_blas: blas,
    baselines: python.ok ? 'measured in the same run' : `not run: ${python.reason}`,
    date: new Date().toISOString(),
  };
}

/** The readable table: engine and baseline medians (min in brackets), the ratio, better or not. */
export function resultsTable(figures: Figure[]): string {
  const rows = figures.map((f) => {
    const e = f.detail?.engine;
    const b = f.detail?.baseline;
    const cell = (median: number | null, s: Summary | undefined) =>
      median === null
        ? '—'
        : s
          ? `${formatNumber(median)} (${formatNumber(f.higher_is_better ? s.max : s.min)})`
          : formatNumber(median);
    return [
      f.name,
      f.unit,
      cell(f.engine, e),
      f.baseline_name ?? '—',
      cell(f.baseline, b),
      f.ratio === null ? '—' : `${f.ratio.toFixed(2)}×`,
    ];
  });
  return textTable(
    ['figure', 'unit', 'engine median (best)', 'baseline', 'baseline median (best)', 'ratio'],
    rows,
  );
}
