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

export function encodeChunk(
  plan: StreamPlan,
  table: Table,
  firstRow: number,
  x: Float64Array,
  visit: RowVisitor,
): void {
  const index = new Map(table.columns.map((c, i) => [c.name, i]));
  const cols = plan.features.map((f) => index.get(f.name) ?? -1);
  const t = index.get(plan.target.name) ?? -1;
  const { mean, scale, fill } = plan;
  const classIndex = plan.classes ? new Map(plan.classes.map((label, k) => [String(label), k])) : null;
  const levelOffsets = plan.features.map((f) => (f.levels ? new Map(f.levels.map((l, i) => [l, i])) : null));
  for (let r = 0; r < table.nRows; r++) {
    if (t < 0 || isMissingAt(table.columns[t]!, r)) continue;
    let drop = false;
    x.fill(0);
    for (const [k, f] of plan.features.entries()) {
      const c = cols[k]!;
      const column = c < 0 ? null : table.columns[c]!;
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
    if (mean && scale) for (let j = 0; j < x.length; j++) x[j] = (x[j]! - mean[j]!) / scale[j]!;
    const target = table.columns[t]!;
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
    const position = firstRow + r;
    visit(splitOfRow(position, plan.split.seed, plan.split.validation, plan.split.test), x, y, position);
  }
}

function changed(plan: StreamPlan, what: string): DataError {
  return new DataError(`the file changed during training: it now holds ${what}`, { file: plan.file });
}
