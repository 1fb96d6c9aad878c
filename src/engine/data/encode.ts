// FeatureSource: Where an encoded feature comes from, so an export can rebuild it from the file.
import { DataError } from '../errors';
import type { Table } from './table';

/** Where an encoded feature comes from, so an export can rebuild it from the file. */
export type FeatureSource =
  | { column: string; kind: 'numeric' }
  | { column: string; kind: 'boolean' }
  | { column: string; kind: 'categorical'; level: string };

/**
 * A feature column as the matrix reads it: its values (numbers; booleans as 0/1; NaN where
 * missing) for one feature at `first`, or its level codes for one feature per level present,
 * `first + offsets[code]` (-1: a level not in the rows).
 */
export type FeaturePart =
  | { first: number; values: Float64Array; codes: null; offsets: null }
  | { first: number; values: null; codes: Int32Array; offsets: Int32Array };

/** The encoded features of a table's rows: their names, where each comes from, and how to read them. */
export interface FeaturePlan {
  names: string[];
  sources: FeatureSource[];
  parts: FeaturePart[];
}

/**
 * Plans the encoding of the feature columns over the kept rows: numbers as they are, booleans as
 * 0/1, and each categorical column one-hot, one feature per level present in those rows (in the
 * column's sorted level order, named `color=red`). A missing category is all zeros, as
 * pandas.get_dummies writes it. A categorical column with more levels than `maxCategories` is an
 * error naming it. The matrix itself is written by `writeFeatures` (featureMatrix.ts), straight
 * in the data set's precision.
 */
export function planFeatures(
  table: Table,
  featureColumns: number[],
  rows: Int32Array,
  maxCategories: number,
): FeaturePlan {
  const names: string[] = [];
  const sources: FeatureSource[] = [];
  const parts = featureColumns.map((c): FeaturePart => {
    const column = table.columns[c]!;
    const first = names.length;
    if (column.kind === 'categorical') {
      const present = new Uint8Array(column.levels.length);
      for (const r of rows) if (column.codes[r]! >= 0) present[column.codes[r]!] = 1;
      const offsets = new Int32Array(column.levels.length).fill(-1);
      let k = 0;
      column.levels.forEach((level, code) => {
        if (!present[code]) return;
        offsets[code] = k++;
        names.push(`${column.name}=${level}`);
        sources.push({ column: column.name, kind: 'categorical', level });
      });
      if (k > maxCategories) {
        throw new DataError(
          `categorical column "${column.name}" has ${k} distinct values, more than preprocessing.max_categories (${maxCategories}); ` +
            `leave it out of "features" or raise max_categories`,
          table.locateHeader(c),
        );
      }
      return { first, values: null, codes: column.codes, offsets };
    }
    if (column.kind === 'empty' || column.kind === 'unusable')
      throw new Error(`${column.kind} column "${column.name}" reached the encoder`);
    names.push(column.name);
    sources.push({ column: column.name, kind: column.kind });
    return { first, values: column.values, codes: null, offsets: null };
  });
  return { names, sources, parts };
}
