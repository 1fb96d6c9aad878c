// What Preview Data shows of a table: the engine's summary as the preview protocol carries it, and a target's balance.
import type { PreviewSummary, TargetBalance } from '../../protocol/preview';
import { DataError } from '../errors';
import { summarizeTable, tableHead } from './inspect';
import type { Table } from './table';

/** Rows of the file shown as the table's head. */
export const headRows = 20;

/** The preview of a table: the engine's summary, problems as messages, and the head. */
export function previewOf(table: Table): PreviewSummary {
  const s = summarizeTable(table);
  return {
    file: s.file,
    format: s.format,
    delimiter: s.delimiter,
    rows: s.rows,
    columns: s.columns.map((c) => ({
      name: c.name,
      kind: c.kind,
      missing: c.missing,
      distinct: c.distinct,
      min: c.min,
      max: c.max,
      mean: c.mean,
      levels: c.levels,
      histogram: c.histogram,
      unit: c.unit,
      problem: c.problem?.message ?? null,
    })),
    head: tableHead(table, headRows),
  };
}

/** The task and class balance of `name` as the target, or why it cannot be one. */
export function balanceOf(table: Table, name: string): TargetBalance {
  const missing = table.columns.find((c) => c.name === name)?.missing ?? 0;
  try {
    const t = summarizeTable(table, name).target!;
    return {
      name,
      task: t.task,
      classes: t.classes ? t.classes.map(String) : null,
      classCounts: t.classCounts,
      missing,
      problem: null,
    };
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    return { name, task: null, classes: null, classCounts: null, missing, problem: e.format() };
  }
}
