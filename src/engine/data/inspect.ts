import type { DataFormat, TaskKind } from '../../protocol/data';
import { findColumn } from './findColumn';
import { isMissingAt, type ColumnKind, type Table } from './table';
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
  rows: number;
  columns: ColumnSummary[];
  target: TargetSummary | null;
}

/**
 * Summarises a table: each column's type, missing count and spread, and with `target` the task
 * that would be inferred for it (over the rows where it is present) with its classes.
 */
export function summarizeTable(table: Table, target?: string): TableSummary {
  const columns = table.columns.map((column): ColumnSummary => {
    const base = { name: column.name, kind: column.kind, missing: column.missing };
    if (column.kind === 'categorical') {
      const distinct = new Set(column.codes.filter((c) => c >= 0)).size;
      return { ...base, distinct, min: null, max: null, mean: null, levels: column.levels };
    }
    if (column.kind === 'empty')
      return { ...base, distinct: 0, min: null, max: null, mean: null, levels: null };
    const present = column.values.filter((v) => !Number.isNaN(v));
    let sum = 0;
    for (const v of present) sum += v;
    return {
      ...base,
      distinct: new Set(present).size,
      min: present.reduce((a, b) => Math.min(a, b), Infinity),
      max: present.reduce((a, b) => Math.max(a, b), -Infinity),
      mean: sum / present.length,
      levels: null,
    };
  });
  let targetSummary: TargetSummary | null = null;
  if (target !== undefined) {
    const c = findColumn(table, target, 'target column');
    const column = table.columns[c]!;
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
  return { file: table.file, format: table.format, rows: table.nRows, columns, target: targetSummary };
}
