// FeatureSource: Where an encoded feature comes from, so an export can rebuild it from the file.
import { DataError } from '../errors';
import type { Table } from './table';

/** Where an encoded feature comes from, so an export can rebuild it from the file. */
export type FeatureSource =
  | { column: string; kind: 'numeric' }
  | { column: string; kind: 'boolean' }
  | { column: string; kind: 'categorical'; level: string };

export interface EncodedFeatures {
  /** Row-major `rows.length × names.length`, float64; NaN where a numeric or boolean value is missing. */
  X: Float64Array;
  names: string[];
  sources: FeatureSource[];
}

/**
 * Encodes the feature columns over the kept rows: numbers as they are, booleans as 0/1, and each
 * categorical column one-hot, one feature per level present in those rows (in the column's sorted
 * level order, named `color=red`). A missing category is all zeros, as pandas.get_dummies writes
 * it. A categorical column with more levels than `maxCategories` is an error naming it.
 */
export function encodeFeatures(
  table: Table,
  featureColumns: number[],
  rows: Int32Array,
  maxCategories: number,
): EncodedFeatures {
  const names: string[] = [];
  const sources: FeatureSource[] = [];
  // Per column: the first feature index, and for categories the feature offset of each level code.
  const plan = featureColumns.map((c) => {
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
      return { first, offsets };
    }
    if (column.kind === 'empty' || column.kind === 'unusable')
      throw new Error(`${column.kind} column "${column.name}" reached the encoder`);
    names.push(column.name);
    sources.push({ column: column.name, kind: column.kind });
    return { first, offsets: null };
  });
  const nFeatures = names.length;
  const X = new Float64Array(rows.length * nFeatures);
  featureColumns.forEach((c, f) => {
    const column = table.columns[c]!;
    const { first, offsets } = plan[f]!;
    // The column's kind is decided once, outside the row loop, which then sees one array type.
    if (column.kind === 'categorical') {
      const codes = column.codes;
      for (let i = 0; i < rows.length; i++) {
        const code = codes[rows[i]!]!;
        if (code >= 0) X[i * nFeatures + first + offsets![code]!] = 1;
      }
    } else if (column.kind !== 'empty' && column.kind !== 'unusable') {
      const values = column.values;
      for (let i = 0; i < rows.length; i++) X[i * nFeatures + first] = values[rows[i]!]!;
    }
  });
  return { X, names, sources };
}
