// The target column encoded for training: regression values or class labels (a numeric column with few
// integer values reads as classes).
import { DataError } from '../errors';
import type { TaskKind } from '../../protocol/data';
import type { Table } from './table';

/**
 * A numeric target whose values are all integers and take at most this many distinct values is
 * read as class labels (multiclass); with more, or with fractions, it is regression. Twenty covers
 * digit and rating data while keeping counts and measurements (the diabetes target has 214
 * distinct integers) as regression. DataSpec.task overrides the guess.
 */
export const maxInferredClasses = 20;

export type ClassLabel = string | number | boolean;

/** The target of the kept rows, ready for a loss: values (regression) or class indices. */
export interface EncodedTarget {
  task: TaskKind;
  /** Class labels in index order (numbers ascending, text by code unit, false before true); null for regression. */
  classes: ClassLabel[] | null;
  /** One value per kept row: the number itself (regression) or its class index 0..K-1. */
  values: Float64Array;
}

/**
 * Infers the task from the target column over `rows` (rows with a missing target already removed)
 * and encodes it. Text or boolean targets are classification: binary with two distinct values,
 * multiclass with more. Numbers are binary with exactly two distinct values, multiclass when all
 * integers with at most `maxInferredClasses` distinct values, else regression. `task` overrides
 * the guess where it can apply; a target with a single value is always an error.
 */
export function encodeTarget(table: Table, c: number, rows: Int32Array, task?: TaskKind): EncodedTarget {
  const column = table.columns[c]!;
  const where = table.locateHeader(c);
  const name = column.name;
  if (column.kind === 'unusable') throw column.problem.error;
  if (column.kind === 'empty' || rows.length === 0) {
    throw new DataError(`target column "${name}" has no values`, where);
  }
  // Labels and, per kept row, the raw key its class is found by.
  let labels: ClassLabel[];
  let keys: Float64Array;
  if (column.kind === 'categorical') {
    const used = [...new Set(Array.from(rows, (r) => column.codes[r]!))].sort((a, b) => a - b);
    labels = used.map((code) => column.levels[code]!);
    keys = Float64Array.from(rows, (r) => column.codes[r]!);
    if (task === 'regression') {
      throw new DataError(
        `task "regression" needs a numeric target, but column "${name}" holds text such as "${labels[0]}"`,
        where,
      );
    }
    return classify(name, where, labels, keys, used, task);
  }
  // A plain loop: Float64Array.from with a mapping function calls it per row (3% of a 1M-row load).
  keys = new Float64Array(rows.length);
  const values = column.values;
  for (let i = 0; i < rows.length; i++) keys[i] = values[rows[i]!]!;
  // Too many values to be classes: a regression target, known after the first few distinct
  // values, without collecting (or sorting) every one.
  if (column.kind === 'numeric' && (task ?? 'regression') === 'regression') {
    const seen = new Set<number>();
    for (let i = 0; i < keys.length && seen.size <= maxInferredClasses; i++) seen.add(keys[i]!);
    if (seen.size > maxInferredClasses) return { task: 'regression', classes: null, values: keys };
  }
  const distinct = [...new Set(keys)].sort((a, b) => a - b);
  labels = column.kind === 'boolean' ? distinct.map((v) => v === 1) : distinct;
  const inferred: TaskKind =
    column.kind === 'boolean' || distinct.length === 2
      ? 'binary'
      : distinct.length <= maxInferredClasses && distinct.every(Number.isInteger)
        ? 'multiclass'
        : 'regression';
  if ((task ?? inferred) !== 'regression')
    return classify(name, where, labels, keys, distinct, task ?? inferred);
  if (distinct.length < 2) throw singleValue(name, labels, where);
  return { task: 'regression', classes: null, values: keys };
}

function classify(
  name: string,
  where: ReturnType<Table['locateHeader']>,
  labels: ClassLabel[],
  keys: Float64Array,
  distinctKeys: number[],
  task: TaskKind | undefined,
): EncodedTarget {
  if (labels.length < 2) throw singleValue(name, labels, where);
  const resolved: TaskKind = task ?? (labels.length === 2 ? 'binary' : 'multiclass');
  if (resolved === 'binary' && labels.length !== 2) {
    throw new DataError(
      `task "binary" needs exactly 2 classes, but target column "${name}" has ${labels.length}: ${preview(labels)}`,
      where,
    );
  }
  const index = new Map(distinctKeys.map((k, i) => [k, i]));
  const values = keys.map((k) => index.get(k)!);
  return { task: resolved, classes: labels, values };
}

function singleValue(
  name: string,
  labels: ClassLabel[],
  where: ReturnType<Table['locateHeader']>,
): DataError {
  return new DataError(
    `target column "${name}" has the same value (${JSON.stringify(labels[0])}) in every row; there is nothing to learn`,
    where,
  );
}

function preview(labels: ClassLabel[]): string {
  const shown = labels.slice(0, 5).map((l) => JSON.stringify(l));
  return labels.length > 5 ? `${shown.join(', ')}, ...` : shown.join(', ');
}
