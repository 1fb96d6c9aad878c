// One pass over a streamed file: each kept row encoded and standardized as its plan says, with its split.
import { DataError } from '../../errors';
import { splitOfRow, type SplitId } from '../split';
import { isMissingAt, type Table } from '../table';
import { ChunkReader } from './chunkReader';
import { targetKey, type StreamPlan } from './streamPlan';

/** Receives one encoded row; `x` is reused for the next row, so copy what you keep. */
export type RowVisitor = (split: SplitId, x: Float64Array, y: number, position: number) => void;

/**
 * Reads the file once and hands every kept row to `visit`, encoded exactly as prepareDataset
 * encodes it (one-hot levels, booleans 0/1, the `mean` fill, then (v − mean) / scale; the class
 * index or the standardized regression target). `onChunk` is called after each chunk with the
 * rows read so far and may return true to stop early (cancellation).
 */
export function streamRows(
  plan: StreamPlan,
  visit: RowVisitor,
  onChunk?: (rowsRead: number) => boolean | void,
): void {
  const reader = new ChunkReader(plan.path, plan.format, plan.file, plan.chunkBytes);
  const x = new Float64Array(plan.nFeatures);
  try {
    for (let chunk = reader.next(); chunk; chunk = reader.next()) {
      encodeChunk(plan, chunk.table, chunk.firstRow, x, visit);
      if (onChunk?.(chunk.firstRow + chunk.table.nRows)) break;
    }
  } finally {
    reader.close();
  }
}

/**
 * Encodes the kept rows of one chunk (rows `firstRow`… of the file) and hands each to `visit`;
 * with `only`, the rows of that split alone (the others are not encoded).
 */
export function encodeChunk(
  plan: StreamPlan,
  table: Table,
  firstRow: number,
  x: Float64Array,
  visit: RowVisitor,
  only?: SplitId,
): void {
  const index = new Map(table.columns.map((c, i) => [c.name, i]));
  const cols = plan.features.map((f) => index.get(f.name) ?? -1);
  const t = index.get(plan.target.name) ?? -1;
  const { mean, scale, fill } = plan;
  const classIndex = plan.classes ? new Map(plan.classes.map((label, k) => [String(label), k])) : null;
  const levelOffsets = plan.features.map((f) => (f.levels ? new Map(f.levels.map((l, i) => [l, i])) : null));
  const features = plan.features;
  const nColumns = features.length;
  const columns = cols.map((c) => (c < 0 ? null : table.columns[c]!));
  const target = t < 0 ? null : table.columns[t]!;
  const nx = x.length;
  for (let r = 0; r < table.nRows; r++) {
    if (target === null || isMissingAt(target, r)) continue;
    const position = firstRow + r;
    const split = splitOfRow(position, plan.split.seed, plan.split.validation, plan.split.test);
    // A pass that wants one split skips the others' encoding (a training pass reads mostly them).
    if (only !== undefined && split !== only) continue;
    let drop = false;
    x.fill(0);
    for (let k = 0; k < nColumns; k++) {
      const f = features[k]!;
      const column = columns[k]!;
      if (column === null || isMissingAt(column, r)) {
        if (plan.missing === 'drop') {
          drop = true;
          break;
        }
        if (f.kind !== 'categorical') x[f.first] = fill ? fill[f.first]! : NaN;
        continue;
      }
      if (column.kind === 'categorical') {
        const offset = levelOffsets[k]!.get(column.levels[column.codes[r]!]!);
        if (offset === undefined)
          throw changed(plan, `a level of column "${f.name}" that the first pass did not see`);
        x[f.first + offset] = 1;
      } else if (column.kind === 'numeric' || column.kind === 'boolean') {
        x[f.first] = column.values[r]!;
      }
    }
    if (drop) continue;
    if (mean && scale) for (let j = 0; j < nx; j++) x[j] = (x[j]! - mean[j]!) / scale[j]!;
    let y: number;
    if (classIndex) {
      const k = classIndex.get(targetKey(target, r).key);
      if (k === undefined)
        throw changed(plan, `a class of target "${plan.target.name}" that the first pass did not see`);
      y = k;
    } else {
      y = target.kind === 'numeric' ? target.values[r]! : NaN;
      if (plan.targetMean !== null && plan.targetStd !== null) y = (y - plan.targetMean) / plan.targetStd;
    }
    visit(split, x, y, position);
  }
}

function changed(plan: StreamPlan, what: string): DataError {
  return new DataError(`the file changed during training: it now holds ${what}`, { file: plan.file });
}
