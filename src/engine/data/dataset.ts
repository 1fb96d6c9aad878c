// Dataset: A data set ready for training (also Standardization, DatasetOptions, prepareDataset).
import { ConfigError, DataError } from '../errors';
import type { FloatArray, Precision } from '../types';
import type { DataSpec, TaskKind } from '../../protocol/data';
import { planFeatures, type FeatureSource } from './encode';
import { featureStats, trainMeanFill, writeFeatures } from './featureMatrix';
import { findColumn } from './findColumn';
import { hashSplit, splitRows, type SplitIndices } from './split';
import { applyStandardization, columnStats, safeScale } from './standardize';
import { cellError, isMissingAt, usableOrThrow, type Table } from './table';
import { encodeTarget, type ClassLabel } from './target';

/** The statistics applied to the data, kept so an exported script can apply the same ones. */
export interface Standardization {
  /** Training mean of each feature; null when features are not standardized. */
  featureMean: Float64Array | null;
  /** Divisor of each feature: its training population std, or 1 where that is 0. */
  featureStd: Float64Array | null;
  /** Training mean and divisor of a standardized regression target, else null. */
  targetMean: number | null;
  targetStd: number | null;
}

/** A data set ready for training: one contiguous row-major matrix and a target vector. */
export interface Dataset {
  file: string;
  /** `nRows × nFeatures`, row-major, standardized when asked. */
  X: FloatArray;
  /** `nRows` values: the (standardized) target for regression, class indices 0..K-1 otherwise. */
  y: FloatArray;
  nRows: number;
  nFeatures: number;
  featureNames: string[];
  featureSources: FeatureSource[];
  targetName: string;
  task: TaskKind;
  /** Label of each class index; null for regression. */
  classes: ClassLabel[] | null;
  /** For each row of X, its 0-based data row in the file (rows with missing values may be dropped). */
  sourceRows: Int32Array;
  /** Rows of X in each split. */
  splits: SplitIndices;
  standardization: Standardization;
  /** With `missing: "mean"`, the training mean each feature's missing values were filled with (before standardization). */
  missingFill: Float64Array | null;
  /** Things the user should know that do not stop the run: dropped rows, constant or empty columns. */
  warnings: string[];
}

export interface DatasetOptions {
  precision: Precision;
  /** Allocate X and y on a SharedArrayBuffer, for worker threads to read without copying. */
  shared?: boolean;
}

/**
 * Turns a typed table into a data set following a DataSpec:
 * 1. target and feature columns are found by name (features default to every other column); an
 *    all-missing feature is left out with a warning;
 * 2. missing values in used columns: `error` fails at the first one, `drop` removes its row,
 *    `mean` removes rows with a missing target and fills features later;
 * 3. the task is inferred (or taken from `spec.task`) and the target encoded;
 * 4. the kept rows are split (seeded, optionally stratified);
 * 5. features are encoded (one-hot, booleans 0/1); `mean` fills with the training split's mean;
 * 6. features (and a regression target, if asked) are standardized with training statistics:
 *    computed in float64 on the training rows only, applied to every row, then cast.
 */
export function prepareDataset(table: Table, spec: DataSpec, options: DatasetOptions): Dataset {
  const warnings: string[] = [];
  const prep = spec.preprocessing;
  const t = findColumn(table, spec.target, 'target column');
  const features = chooseFeatures(table, spec, t, warnings);
  // A column the experiment does not use never stops it; a used one with a problem does, here.
  for (const c of [t, ...features]) usableOrThrow(table.columns[c]!);

  const kept = keptRows(table, t, features, prep.missing, warnings);
  const target = encodeTarget(table, t, kept, spec.task);
  const constant = constantColumns(table, features, kept, warnings);

  if (spec.split.stratify && target.task === 'regression') {
    throw new ConfigError(
      `split.stratify needs a classification target; "${spec.target}" is a regression target`,
    );
  }
  if (spec.split.stratify && (spec.split.method === 'hash' || spec.stream)) {
    throw new ConfigError(
      'split.stratify needs the shuffle split; the hash split (and streaming) cannot stratify',
    );
  }
  const splits =
    spec.split.method === 'hash' || spec.stream
      ? hashSplit(kept, spec.split)
      : splitRows(kept.length, {
          ...spec.split,
          strata: spec.split.stratify ? target.values : null,
        });

  const plan = planFeatures(table, features, kept, prep.max_categories);
  const nFeatures = plan.names.length;
  const missingFill = prep.missing === 'mean' ? trainMeanFill(plan, kept, splits.train, warnings) : null;

  const standardization: Standardization = {
    featureMean: null,
    featureStd: null,
    targetMean: null,
    targetStd: null,
  };
  if (prep.standardize) {
    const { mean, std } = featureStats(plan, kept, splits.train, missingFill);
    const { scale, zero } = safeScale(std);
    for (const j of zero) {
      // A column constant in the whole file was reported already; this is about the training rows.
      if (constant.has(plan.sources[j]!.column)) continue;
      warnings.push(
        `feature "${plan.names[j]}" does not vary on the training rows; it is centred but not scaled`,
      );
    }
    standardization.featureMean = mean;
    standardization.featureStd = scale;
  }
  // Written once, straight in the output precision: no float64 matrix of every row first.
  const X = allocate(kept.length * nFeatures, options);
  writeFeatures(plan, kept, X, missingFill, standardization.featureMean, standardization.featureStd);
  const y = target.values;
  if (prep.standardize_target) {
    if (target.task === 'regression') {
      const { mean, std } = columnStats(y, 1, splits.train);
      const { scale, zero } = safeScale(std);
      if (zero.length > 0)
        warnings.push(
          `target "${spec.target}" does not vary on the training rows; it is centred but not scaled`,
        );
      applyStandardization(y, 1, mean, scale);
      standardization.targetMean = mean[0]!;
      standardization.targetStd = scale[0]!;
    } else {
      warnings.push(
        `standardize_target applies to regression only; the ${target.task} target is left as class indices`,
      );
    }
  }

  return {
    file: table.file,
    X,
    y: output(y, options),
    nRows: kept.length,
    nFeatures,
    featureNames: plan.names,
    featureSources: plan.sources,
    targetName: spec.target,
    task: target.task,
    classes: target.classes,
    sourceRows: kept,
    splits,
    standardization,
    missingFill,
    warnings,
  };
}

/** Feature column indices: the listed ones or every non-target column, minus all-missing ones. */
function chooseFeatures(table: Table, spec: DataSpec, t: number, warnings: string[]): number[] {
  let chosen: number[];
  if (spec.features) {
    chosen = [];
    for (const name of spec.features) {
      const c = findColumn(table, name, 'feature column');
      if (c === t)
        throw new DataError(`column "${name}" is the target; it cannot also be a feature`, {
          file: table.file,
        });
      if (chosen.includes(c))
        throw new DataError(`feature column "${name}" is listed twice`, { file: table.file });
      chosen.push(c);
    }
  } else {
    chosen = table.columns
      .map((_, c) => c)
      .filter((c) => {
        const column = table.columns[c]!;
        if (c === t || column.kind !== 'numeric' || column.unit === undefined) return c !== t;
        // A date or time is seldom a feature by itself (and often leaks the split): only by name.
        warnings.push(
          `column "${column.name}" holds dates/times (as ${column.unit}); it is a feature only when listed in "features"`,
        );
        return false;
      });
  }
  const usable = chosen.filter((c) => {
    const column = table.columns[c]!;
    if (column.kind !== 'empty') return true;
    warnings.push(`feature "${column.name}" has no values (every value is missing); it is left out`);
    return false;
  });
  if (usable.length === 0) {
    throw new DataError(
      `no feature columns to learn from (the file has only the target "${spec.target}" with values)`,
      {
        file: table.file,
      },
    );
  }
  return usable;
}

/** Rows kept under the missing-value policy, ascending. */
function keptRows(
  table: Table,
  t: number,
  features: number[],
  policy: DataSpec['preprocessing']['missing'],
  warnings: string[],
): Int32Array {
  const used = [...features, t].sort((a, b) => a - b);
  const checked = policy === 'mean' ? [t] : used;
  const kept: number[] = [];
  const dropColumns = new Set<string>();
  const checkedColumns = checked.map((c) => table.columns[c]!);
  // Columns count their missing values: with none in the checked ones, every row is kept unread.
  if (checkedColumns.every((column) => column.missing === 0)) {
    const every = new Int32Array(table.nRows);
    for (let r = 0; r < every.length; r++) every[r] = r;
    return every;
  }
  for (let r = 0; r < table.nRows; r++) {
    // The common row, with nothing missing, is decided without building a list per row.
    let any = false;
    for (const col of checkedColumns) if (isMissingAt(col, r)) any = true;
    if (!any) {
      kept.push(r);
      continue;
    }
    const missingIn = checked.filter((c) => isMissingAt(table.columns[c]!, r));
    if (policy === 'error') {
      const c = missingIn[0]!;
      throw cellError(
        table,
        r,
        c,
        `missing value in column "${table.columns[c]!.name}" (set preprocessing.missing to "drop" or "mean" to allow missing values)`,
      );
    }
    for (const c of missingIn) dropColumns.add(table.columns[c]!.name);
  }
  const dropped = table.nRows - kept.length;
  if (dropped > 0) {
    const what = policy === 'mean' ? 'a missing target' : 'a missing value';
    const columns = [...dropColumns].map((n) => `"${n}"`).join(', ');
    warnings.push(`dropped ${dropped} of ${table.nRows} rows with ${what} (in ${columns})`);
  }
  if (kept.length === 0) {
    throw new DataError('no rows are left after dropping the rows with missing values', { file: table.file });
  }
  return Int32Array.from(kept);
}

/** Warns about feature columns with one value in every kept row; returns their names. */
function constantColumns(
  table: Table,
  features: number[],
  rows: Int32Array,
  warnings: string[],
): Set<string> {
  const constant = new Set<string>();
  for (const c of features) {
    const column = table.columns[c]!;
    let first: number | null = null;
    let varies = false;
    for (const r of rows) {
      if (isMissingAt(column, r)) continue;
      const v =
        column.kind === 'categorical'
          ? column.codes[r]!
          : column.kind === 'empty' || column.kind === 'unusable'
            ? 0
            : column.values[r]!;
      if (first === null) first = v;
      else if (v !== first) {
        varies = true;
        break;
      }
    }
    if (!varies && first !== null) {
      const value =
        column.kind === 'categorical'
          ? column.levels[first]!
          : column.kind === 'boolean'
            ? first === 1
            : first;
      warnings.push(
        `feature "${column.name}" is constant (${JSON.stringify(value)} in every row); it cannot help the model`,
      );
      constant.add(column.name);
    }
  }
  return constant;
}

/** Copies float64 work into the output precision, on a SharedArrayBuffer when asked. */
function output(values: Float64Array, options: DatasetOptions): FloatArray {
  if (!options.shared && options.precision === 'float64') return values;
  const out = allocate(values.length, options);
  out.set(values);
  return out;
}

/** A zeroed array of `length` values in the output precision, on a SharedArrayBuffer when asked. */
function allocate(length: number, options: DatasetOptions): FloatArray {
  const float32 = options.precision === 'float32';
  const bytes = length * (float32 ? 4 : 8);
  const buffer = options.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  return float32 ? new Float32Array(buffer) : new Float64Array(buffer);
}
