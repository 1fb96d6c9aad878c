// Table: A parsed file with typed columns, each holding `nRows` values (also Cell, TableSource, RawTable,
// ColumnProblem, …).
import { DataError, type Location } from '../errors';
import type { DataFormat } from '../../protocol/data';
import type { Delimiter } from './delimiter';

/** One cell as a file holds it, before typing: CSV gives strings, JSON and Parquet typed scalars. */
export type Cell = string | number | boolean | null;

/** Where the rows and cells of a parsed file sit in it, for messages that point at the source. */
export interface TableSource {
  /** The file as the user named it; every message starts with it. */
  file: string;
  format: DataFormat;
  /** CSV and TSV: the field separator read (detected for CSV). */
  delimiter?: Delimiter;
  /** Location of a cell (0-based row and column); without a line for formats that have none. */
  locate(row: number, column: number): Location;
  /** Location of a column's name (the header cell of a CSV file). */
  locateHeader(column: number): Location;
  /** File row of row 0, for a table holding part of a file without lines (a Parquet row group). */
  rowOffset?: number;
}

/** A parsed file whose cells are not typed yet: one array of `nRows` cells per column. */
export interface RawTable extends TableSource {
  names: string[];
  /** Empty for a column the parser already read as numbers (see `numeric`). */
  cells: Cell[][];
  nRows: number;
  /**
   * Per column, its values when the parser read it as a numeric column itself (NaN for missing,
   * by the rules of `numericText` in columnTypes.ts), so that no string was made per cell; null
   * or absent for a column typed from `cells`.
   */
  numeric?: ({ values: Float64Array; missing: number } | null)[];
  /** Per column, why it cannot be used at all (binary, nested, too-large integers), or null. */
  unusable?: (ColumnProblem | null)[];
  /** Per column, the unit of a date/time column read as numbers (`days since 1970-01-01`), or null. */
  units?: (string | null)[];
}

/**
 * Why a column cannot be used, found while reading the file. Reading goes on: the problem is
 * raised only when an experiment uses the column, and `inspect` lists it.
 */
export interface ColumnProblem {
  /** The first problem, located: what an experiment using the column reports. */
  error: DataError;
  /** Cells with the problem. */
  count: number;
  /** The first few of them: where, and what was found. */
  examples: { row: number; location: Location; found: string }[];
}

/** Every value is a finite number or missing (NaN). */
export interface NumericColumn {
  kind: 'numeric';
  name: string;
  values: Float64Array;
  missing: number;
  /** A date/time column read as numbers: its unit. Used as a feature only when listed. */
  unit?: string;
  /**
   * Text among the numbers (typos such as `abc`, or `1e999`): those cells are NaN in `values`
   * without counting as missing, and using the column is an error at the first.
   */
  problem?: ColumnProblem;
}

/** true/false values held as 1/0, missing as NaN. */
export interface BooleanColumn {
  kind: 'boolean';
  name: string;
  values: Float64Array;
  missing: number;
}

/** Text values: `codes[row]` indexes `levels` (sorted by code unit), -1 where missing. */
export interface CategoricalColumn {
  kind: 'categorical';
  name: string;
  levels: string[];
  codes: Int32Array;
  missing: number;
}

/** Every value is missing. */
export interface EmptyColumn {
  kind: 'empty';
  name: string;
  missing: number;
}

/** A column that cannot be used (binary data, nested values...); `missing` is every row. */
export interface UnusableColumn {
  kind: 'unusable';
  name: string;
  missing: number;
  problem: ColumnProblem;
}

export type Column = NumericColumn | BooleanColumn | CategoricalColumn | EmptyColumn | UnusableColumn;
export type ColumnKind = Column['kind'];

/** A parsed file with typed columns, each holding `nRows` values. */
export interface Table extends TableSource {
  nRows: number;
  columns: Column[];
}

/** True when the cell at `row` of a typed column is missing. */
export function isMissingAt(column: Column, row: number): boolean {
  switch (column.kind) {
    case 'numeric':
    case 'boolean':
      return Number.isNaN(column.values[row]!);
    case 'categorical':
      return column.codes[row]! < 0;
    case 'empty':
    case 'unusable':
      return true;
  }
}

/** The DataError of a column that cannot be used, for an experiment about to use it. */
export function usableOrThrow(column: Column): void {
  if ((column.kind === 'numeric' || column.kind === 'unusable') && column.problem) throw column.problem.error;
}

/** How many examples a ColumnProblem keeps. */
export const problemExamples = 5;

/**
 * A DataError at a cell. Formats without lines (Parquet) cannot point into the file, so the
 * message names the 1-based data row instead.
 */
export function cellError(source: TableSource, row: number, column: number, message: string): DataError {
  const location = source.locate(row, column);
  const fileRow = row + 1 + (source.rowOffset ?? 0);
  return new DataError(location.line === undefined ? `${message} (row ${fileRow})` : message, location);
}
