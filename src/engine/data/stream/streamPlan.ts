// The statistics pass of streaming training: column kinds, one-hot levels, standardisation and the target's classes, one chunk at a time.
import type { DataFormat, DataSpec, TaskKind } from '../../../protocol/data';
import type { PlannedColumn, StreamPlan } from '../../../protocol/streamPlan';
import { ConfigError, DataError } from '../../errors';
import { compareCodeUnits } from '../columnTypes';
import type { FeatureSource } from '../encode';
import { splitOfRow, type SplitId } from '../split';
import { cellError, isMissingAt, usableOrThrow, type Column, type Table } from '../table';
import { encodeTarget, type ClassLabel } from '../target';
import { ChunkReader, defaultChunkBytes } from './chunkReader';

/** Rows held by the shuffle buffer unless the data spec says (tf.data examples often use 10 000). */
export const defaultShuffleBuffer = 10_000;

export type { PlannedColumn, StreamPlan } from '../../../protocol/streamPlan';

/**
 * Welford's running mean and sum of squared deviations: one value at a time, stable. The plain
 * sum is kept too: in file order it is the in-memory sum bit for bit, so `sum / n` is exactly
 * the mean prepareDataset computes, and only the variance differs in its last bits.
 */
class Welford {
  n = 0;
  mean = 0;
  m2 = 0;
  sum = 0;
  add(v: number): void {
    this.n++;
    this.sum += v;
    const d = v - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (v - this.mean);
  }
  /**
   * Adds the values of rows whose `status` is 2 (kept training rows), NaN skipped: the plain sum
   * value by value in file order, the chunk's mean and squared deviations merged by Chan et al.'s
   * pairwise rule (one division per chunk, not per value).
   */
  addMarked(values: Float64Array, status: Uint8Array, rows: number): void {
    let n = 0;
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      if (status[r] !== 2) continue;
      const v = values[r]!;
      if (v !== v) continue;
      n++;
      sum += v;
      this.sum += v;
    }
    if (n === 0) return;
    const mean = sum / n;
    let m2 = 0;
    for (let r = 0; r < rows; r++) {
      if (status[r] !== 2) continue;
      const v = values[r]!;
      if (v === v) m2 += (v - mean) * (v - mean);
    }
    const total = this.n + n;
    const delta = mean - this.mean;
    this.mean += (delta * n) / total;
    this.m2 += m2 + (delta * delta * this.n * n) / total;
    this.n = total;
  }
  get exactMean(): number {
    return this.n > 0 ? this.sum / this.n : 0;
  }
}

interface ColumnState {
  name: string;
  kinds: Set<'numeric' | 'boolean' | 'categorical'>;
  /** Training statistics of the numeric/boolean values present. */
  stats: Welford;
  /** Levels in kept rows, with their count in training rows. */
  levels: Map<string, number>;
  firstText: { chunk: Table; row: number; column: number } | null;
}

/** Distinct target values kept for task inference; past this a numeric target is regression. */
const maxTargetKeys = 1000;

/**
 * The statistics pass: reads the file once, chunk by chunk, and plans the encoding exactly as
 * `prepareDataset` would for the same rows under the hash split: used columns found by name,
 * missing values by the policy, one-hot levels in sorted order, training means and population
 * stds (Welford), the target's task and classes. Holds one chunk and a few numbers per column.
 * A column typed differently in different chunks (numbers in one, text in another) is an error
 * at its first text value: a whole-file read would make it categorical, a stream cannot.
 */
export function planStream(
  path: string,
  format: DataFormat,
  file: string,
  spec: DataSpec,
  chunkBytes = defaultChunkBytes,
): StreamPlan {
  if (spec.split.stratify)
    throw new ConfigError('split.stratify needs the whole table; streaming cannot stratify');
  const prep = spec.preprocessing;
  const split = { validation: spec.split.validation, test: spec.split.test, seed: spec.split.seed };
  const reader = new ChunkReader(path, format, file, chunkBytes);
  let names: string[] | null = null;
  let states: ColumnState[] = [];
  let targetState: ColumnState | null = null;
  const targetKeys = new Map<string, ClassLabel>();
  let manyTargets = false;
  const targetStats = new Welford();
  const counts = { file: 0, kept: 0, train: 0, validation: 0, test: 0 };
  let dropped = 0;
  let columnOf: (table: Table, name: string) => number = () => -1;
  const newState = (name: string): ColumnState => ({
    name,
    kinds: new Set(),
    stats: new Welford(),
    levels: new Map(),
    firstText: null,
  });
  try {
    for (let chunk = reader.next(); chunk; chunk = reader.next()) {
      const table = chunk.table;
      const here = table.columns.map((c) => c.name);
      const index = new Map(here.map((n, c) => [n, c]));
      columnOf = (_t, name) => index.get(name) ?? -1;
      if (names === null) {
        // CSV/TSV name every column in the header; JSONL keys may appear later, so missing ones are checked at the end.
        names = here;
        const target = spec.target;
        const chosen = spec.features ?? here.filter((n) => n !== target);
        if (format !== 'jsonl') {
          for (const n of [target, ...chosen]) {
            if (!index.has(n))
              throw new DataError(
                `no column "${n}" in the file; its columns are ${here.map((h) => `"${h}"`).join(', ')}`,
                { file },
              );
          }
        }
        if (spec.features?.includes(target))
          throw new DataError(`column "${target}" is the target; it cannot also be a feature`, { file });
        states = chosen.map(newState);
        targetState = newState(target);
      }
      const cols = states.map((s) => columnOf(table, s.name));
      const t = columnOf(table, targetState!.name);
      for (const [k, s] of states.entries()) noteKind(s, cols[k]!, table);
      noteKind(targetState!, t, table);
      // Per-cell work below is index loops over these (no per-row iterator or tuple allocation).
      const featureColumns = cols.map((c) => (c < 0 ? null : table.columns[c]!));
      const nStates = states.length;
      // Per row: 0 not kept, 1 kept and held out, 2 kept for training; the columns are summed after.
      const status = new Uint8Array(table.nRows);
      for (let r = 0; r < table.nRows; r++) {
        const position = chunk.firstRow + r;
        counts.file++;
        const targetMissing = t < 0 || isMissingAt(table.columns[t]!, r);
        let featureMissing = -1;
        for (let k = 0; k < nStates && featureMissing < 0; k++) {
          const column = featureColumns[k]!;
          if (column === null || isMissingAt(column, r)) featureMissing = k;
        }
        if (prep.missing === 'error' && (targetMissing || featureMissing >= 0)) {
          const name = targetMissing ? targetState!.name : states[featureMissing]!.name;
          const c = targetMissing ? t : cols[featureMissing]!;
          const message = `missing value in column "${name}" (set preprocessing.missing to "drop" or "mean" to allow missing values)`;
          throw c >= 0 ? cellError(table, r, c, message) : new DataError(message, table.locate(r, 0));
        }
        if (targetMissing || (prep.missing === 'drop' && featureMissing >= 0)) {
          dropped++;
          continue;
        }
        counts.kept++;
        const which: SplitId = splitOfRow(position, split.seed, split.validation, split.test);
        counts[which === 0 ? 'train' : which === 1 ? 'validation' : 'test']++;
        status[r] = which === 0 ? 2 : 1;
        const target = table.columns[t]!;
        if (!manyTargets) {
          const key = targetKey(target, r);
          if (!targetKeys.has(key.key)) {
            if (targetKeys.size >= maxTargetKeys) manyTargets = true;
            else targetKeys.set(key.key, key.label);
          }
        }
        if (which === 0 && target.kind === 'numeric') targetStats.add(target.values[r]!);
      }
      for (let k = 0; k < nStates; k++) {
        const column = featureColumns[k]!;
        if (column === null) continue;
        const s = states[k]!;
        if (column.kind === 'categorical') {
          // Levels present in kept rows, with their count in training rows.
          const kept = new Int32Array(column.levels.length);
          const train = new Int32Array(column.levels.length);
          for (let r = 0; r < table.nRows; r++) {
            const code = column.codes[r]!;
            if (status[r] === 0 || code < 0) continue;
            kept[code]!++;
            if (status[r] === 2) train[code]!++;
          }
          column.levels.forEach((level, code) => {
            if (kept[code]! > 0) s.levels.set(level, (s.levels.get(level) ?? 0) + train[code]!);
          });
        } else if (column.kind === 'numeric' || column.kind === 'boolean') {
          s.stats.addMarked(column.values, status, table.nRows);
        }
      }
    }
  } finally {
    reader.close();
  }
  if (names === null || counts.file === 0) throw new DataError('the file has no data rows', { file });
  if (counts.kept === 0)
    throw new DataError('no rows are left after dropping the rows with missing values', { file });
  if (counts.train === 0)
    throw new ConfigError(
      `the hash split put none of the ${counts.kept} rows in training; lower split.validation and split.test`,
    );
  const warnings: string[] = [];
  if (dropped > 0) {
    const what = prep.missing === 'mean' ? 'a missing target' : 'a missing value';
    warnings.push(`dropped ${dropped} of ${counts.file} rows with ${what}`);
  }
  const kindOf = (s: ColumnState, role: string) => {
    if (s.kinds.size === 0) throw new DataError(`${role} "${s.name}" has no values`, { file });
    if (s.kinds.size > 1) {
      const at = s.firstText;
      const message = `column "${s.name}" holds numbers in some rows and text in others; a stream types each chunk, so clean the column or read the file without "stream"`;
      throw at ? cellError(at.chunk, at.row, at.column, message) : new DataError(message, { file });
    }
    return [...s.kinds][0]!;
  };
  // The task and classes by the same rules as a whole-file read, over the distinct target values.
  const targetKind = kindOf(targetState!, 'target column');
  let task: TaskKind;
  let classes: ClassLabel[] | null;
  if (manyTargets && targetKind === 'numeric' && (spec.task ?? 'regression') === 'regression') {
    task = 'regression';
    classes = null;
  } else {
    const labels = [...targetKeys.values()];
    const encoded = encodeTarget(
      distinctTable(targetState!.name, targetKind, labels, file),
      0,
      Int32Array.from(labels.keys()),
      spec.task,
    );
    task = encoded.task;
    classes = encoded.classes;
  }

  const features: PlannedColumn[] = [];
  const featureNames: string[] = [];
  const featureSources: FeatureSource[] = [];
  const means: number[] = [];
  const stds: number[] = [];
  const fills: number[] = [];
  const n = counts.train;
  for (const s of states) {
    if (s.kinds.size === 0) {
      warnings.push(`feature "${s.name}" has no values (every value is missing); it is left out`);
      continue;
    }
    const kind = kindOf(s, 'feature column');
    const first = featureNames.length;
    if (kind === 'categorical') {
      const levels = [...s.levels.keys()].sort(compareCodeUnits);
      if (levels.length > prep.max_categories) {
        throw new DataError(
          `categorical column "${s.name}" has ${levels.length} distinct values, more than preprocessing.max_categories (${prep.max_categories}); leave it out of "features" or raise max_categories`,
          { file },
        );
      }
      for (const level of levels) {
        featureNames.push(`${s.name}=${level}`);
        featureSources.push({ column: s.name, kind: 'categorical', level });
        const p = (s.levels.get(level) ?? 0) / n;
        means.push(p);
        stds.push(Math.sqrt(p * (1 - p)));
        fills.push(0);
      }
      features.push({ name: s.name, kind, first, levels });
    } else {
      featureNames.push(s.name);
      featureSources.push({ column: s.name, kind });
      const w = s.stats;
      const mean = w.exactMean;
      if (prep.missing === 'mean' && w.n === 0)
        warnings.push(
          `feature "${s.name}" has no values on the training rows; its missing values are filled with 0`,
        );
      // Filled with the mean, the missing rows add nothing to the squared deviations but count in n.
      means.push(mean);
      stds.push(Math.sqrt(w.m2 / (prep.missing === 'mean' ? n : Math.max(1, w.n))));
      fills.push(mean);
      features.push({ name: s.name, kind, first, levels: null });
    }
  }
  if (featureNames.length === 0)
    throw new DataError(
      `no feature columns to learn from (the file has only the target "${spec.target}" with values)`,
      { file },
    );
  const standardize = prep.standardize;
  let targetMean: number | null = null;
  let targetStd: number | null = null;
  if (prep.standardize_target && task === 'regression') {
    targetMean = targetStats.exactMean;
    const std = Math.sqrt(targetStats.m2 / Math.max(1, targetStats.n));
    targetStd = std === 0 ? 1 : std;
  }
  return {
    path,
    file,
    format,
    chunkBytes,
    shuffleBuffer: spec.shuffle_buffer ?? defaultShuffleBuffer,
    features,
    featureNames,
    featureSources,
    nFeatures: featureNames.length,
    target: { name: targetState!.name, kind: targetKind },
    task,
    classes,
    mean: standardize ? means : null,
    scale: standardize ? stds.map((s) => (s === 0 ? 1 : s)) : null,
    fill: prep.missing === 'mean' ? fills : null,
    targetMean,
    targetStd,
    missing: prep.missing,
    split,
    rows: counts,
    warnings,
  };
}

/** Records the kind of column `c` of a chunk (absent or all missing: nothing); a typo is raised. */
function noteKind(s: ColumnState, c: number, table: Table): void {
  if (c < 0) return;
  const column: Column = table.columns[c]!;
  usableOrThrow(column);
  if (column.kind === 'empty' || column.kind === 'unusable') return;
  if (column.kind === 'categorical' && s.firstText === null) {
    for (let r = 0; r < table.nRows; r++) {
      if (column.codes[r]! >= 0) {
        s.firstText = { chunk: table, row: r, column: c };
        break;
      }
    }
  }
  s.kinds.add(column.kind);
}

/** A target cell's class key and label (missing cells never reach here). */
export function targetKey(column: Column, r: number): { key: string; label: ClassLabel } {
  if (column.kind === 'categorical') {
    const level = column.levels[column.codes[r]!]!;
    return { key: level, label: level };
  }
  if (column.kind === 'boolean') {
    const v = column.values[r] === 1;
    return { key: String(v), label: v };
  }
  if (column.kind === 'numeric') return { key: String(column.values[r]!), label: column.values[r]! };
  throw new Error(`target column of kind ${column.kind}`);
}

/** A one-column table holding each distinct target value once, for encodeTarget's task inference. */
function distinctTable(
  name: string,
  kind: 'numeric' | 'boolean' | 'categorical',
  labels: ClassLabel[],
  file: string,
): Table {
  const n = labels.length;
  const locate = () => ({ file });
  let column: Column;
  if (kind === 'categorical') {
    const levels = labels.map(String).sort(compareCodeUnits);
    const index = new Map(levels.map((l, i) => [l, i]));
    column = { kind, name, levels, codes: Int32Array.from(labels, (l) => index.get(String(l))!), missing: 0 };
  } else {
    column = {
      kind,
      name,
      values: Float64Array.from(labels, (l) => (l === true ? 1 : l === false ? 0 : (l as number))),
      missing: 0,
    };
  }
  return { file, format: 'csv', nRows: n, columns: [column], locate, locateHeader: locate };
}
