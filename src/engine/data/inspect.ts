// ProblemSummary: A column's problem for people and JSON (also ColumnSummary, Histogram, TargetSummary,
// TableSummary, …).
import type { DataFormat, TaskKind } from '../../protocol/data';
import { findColumn } from './findColumn';
import { delimiterNames } from './delimiter';
import {
  isMissingAt,
  usableOrThrow,
  type Column,
  type ColumnKind,
  type ColumnProblem,
  type Table,
} from './table';
import { encodeTarget, type ClassLabel } from './target';

export interface ColumnSummary {
  name: string;
  kind: ColumnKind;
  missing: number;
  /** Distinct non-missing values. */
  distinct: number;
  /** Numeric columns: range and mean of the present values; null otherwise. */
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Categorical columns: their levels in sorted order; null otherwise. */
  levels: string[] | null;
  /** Numeric columns: counts of the present values in equal-width bins over [min, max]; null otherwise. */
  histogram: Histogram | null;
  /** Date/time columns read as numbers: the unit; null otherwise. */
  unit: string | null;
  /** Why the column cannot be used, with the first few cells at fault; null when it can. */
  problem: ProblemSummary | null;
}

export interface Histogram {
  min: number;
  max: number;
  /** `counts[k]` values fall in [min + k·w, min + (k+1)·w), the last bin closed; w = (max − min) / bins. */
  counts: number[];
}

/** A column's problem for people and JSON: the message a run would stop with, and where. */
export interface ProblemSummary {
  /** `file:line:col: message` of the first cell at fault. */
  message: string;
  /** Cells at fault in the column. */
  count: number;
  /** The first few: `file:line:col` (or `file (row N)`), and the text found. */
  examples: { at: string; found: string }[];
}

export interface TargetSummary {
  name: string;
  task: TaskKind;
  classes: ClassLabel[] | null;
  /** Rows per class, aligned with `classes`; null for regression. */
  classCounts: number[] | null;
  /** Rows whose target is missing (left out of the inference). */
  missing: number;
}

/** What `optimizer-lab inspect` reports about a data file. */
export interface TableSummary {
  file: string;
  format: DataFormat;
  /** CSV/TSV: the field separator read (`comma`, `semicolon`, `tab`, `pipe`); null otherwise. */
  delimiter: string | null;
  rows: number;
  columns: ColumnSummary[];
  target: TargetSummary | null;
}

/**
 * Summarises a table: each column's type, missing count and spread, and with `target` the task
 * that would be inferred for it (over the rows where it is present) with its classes.
 */
export function summarizeTable(table: Table, target?: string): TableSummary {
  const columns = table.columns.map(summarizeColumn);
  let targetSummary: TargetSummary | null = null;
  if (target !== undefined) {
    const c = findColumn(table, target, 'target column');
    const column = table.columns[c]!;
    usableOrThrow(column);
    const rows: number[] = [];
    for (let r = 0; r < table.nRows; r++) if (!isMissingAt(column, r)) rows.push(r);
    const encoded = encodeTarget(table, c, Int32Array.from(rows));
    let classCounts: number[] | null = null;
    if (encoded.classes) {
      classCounts = encoded.classes.map(() => 0);
      for (const k of encoded.values) classCounts[k] = classCounts[k]! + 1;
    }
    targetSummary = {
      name: target,
      task: encoded.task,
      classes: encoded.classes,
      classCounts,
      missing: column.missing,
    };
  }
  return {
    file: table.file,
    format: table.format,
    delimiter: table.delimiter ? delimiterNames[table.delimiter] : null,
    rows: table.nRows,
    columns,
    target: targetSummary,
  };
}

function summarizeColumn(column: Column): ColumnSummary {
  const base = {
    name: column.name,
    kind: column.kind,
    missing: column.missing,
    distinct: 0,
    min: null,
    max: null,
    mean: null,
    levels: null,
    histogram: null,
    unit: null,
    problem: null,
  };
  switch (column.kind) {
    case 'categorical':
      return { ...base, distinct: new Set(column.codes.filter((c) => c >= 0)).size, levels: column.levels };
    case 'empty':
      return base;
    case 'unusable':
      return { ...base, problem: problemSummary(column.problem) };
    case 'numeric':
    case 'boolean': {
      const present = column.values.filter((v) => !Number.isNaN(v));
      let sum = 0;
      let min = Infinity;
      let max = -Infinity;
      for (const v of present) {
        sum += v;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      const some = present.length > 0;
      return {
        ...base,
        distinct: new Set(present).size,
        min: some ? min : null,
        max: some ? max : null,
        mean: some ? sum / present.length : null,
        histogram: column.kind === 'numeric' && some ? histogram(present, min, max) : null,
        unit: column.kind === 'numeric' ? (column.unit ?? null) : null,
        problem: column.kind === 'numeric' && column.problem ? problemSummary(column.problem) : null,
      };
    }
  }
}

/** Sturges' rule for the number of bins (log2 n + 1), at most 20 so the chart stays legible. */
function histogram(values: Float64Array, min: number, max: number): Histogram {
  const bins = max > min ? Math.min(20, Math.ceil(Math.log2(values.length)) + 1) : 1;
  const counts = new Array<number>(bins).fill(0);
  const width = (max - min) / bins;
  for (const v of values) {
    const k = width > 0 ? Math.min(bins - 1, Math.floor((v - min) / width)) : 0;
    counts[k]!++;
  }
  return { min, max, counts };
}

function problemSummary(problem: ColumnProblem): ProblemSummary {
  return {
    message: problem.error.format(),
    count: problem.count,
    examples: problem.examples.map(({ row, location, found }) => ({
      at:
        location.line === undefined
          ? `${location.file} (row ${row + 1})`
          : `${location.file}:${location.line}${location.column === undefined ? '' : `:${location.column}`}`,
      found,
    })),
  };
}

/** The first `n` rows as the engine read them, as text (null where missing), for a preview. */
export function tableHead(table: Table, n: number): (string | null)[][] {
  const rows: (string | null)[][] = [];
  for (let r = 0; r < Math.min(n, table.nRows); r++) {
    rows.push(
      table.columns.map((column) => {
        if (isMissingAt(column, r)) return null;
        switch (column.kind) {
          case 'categorical':
            return column.levels[column.codes[r]!]!;
          case 'boolean':
            return column.values[r] === 1 ? 'true' : 'false';
          case 'numeric':
            return String(column.values[r]);
          default:
            return null;
        }
      }),
    );
  }
  return rows;
}
