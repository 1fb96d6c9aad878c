// How a data run cuts its training split into batches: rows per batch, batches per epoch, and the
// shuffled row order of every epoch, as DatasetSource draws them (the Python runner and the
// exported scripts replay the same order).
import { Rng } from '../random';

/** The seed of a run's per-epoch shuffles, as executeRun derives it from the run's seed. */
export const SHUFFLE_SEED_MIX = 0x5f3759df;

/** Batches per epoch and rows per batch of a data run, as DatasetSource cuts them. */
export function batching(batchSize: number | null, trainRows: number): { rows: number; perEpoch: number } {
  const rows = batchSize === null ? trainRows : Math.min(batchSize, trainRows);
  return { rows, perEpoch: Math.ceil(trainRows / rows) };
}

/**
 * The row order of each epoch of a mini-batch run, re-derived with the engine's generator exactly
 * as DatasetSource draws it: one Rng per run, and each epoch shuffles the previous epoch's order in
 * place. Null when the run does not shuffle (full batch, `shuffle: false`).
 */
export function batchOrders(
  seed: number,
  trainRows: number,
  batchSize: number | null,
  shuffle: boolean,
  epochs: number,
): number[][] | null {
  if (!shuffle || batching(batchSize, trainRows).rows === trainRows) return null;
  const rng = new Rng(seed ^ SHUFFLE_SEED_MIX);
  const order = new Int32Array(trainRows);
  for (let i = 0; i < trainRows; i++) order[i] = i;
  const out: number[][] = [];
  for (let e = 0; e < epochs; e++) out.push(Array.from(rng.shuffle(order)));
  return out;
}
