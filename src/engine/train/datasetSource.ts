// DatasetSource: A data set seen as torch's DataLoader would serve it (also SplitData,
// DatasetSourceOptions).
import type { FloatArray } from '../types';
import { allocLike } from '../types';
import type { Model, Batch } from '../models/model';
import { Rng } from '../random';
import type { StepSource, Evaluation } from './stepSource';

/** Rows of one split, contiguous and row-major: `X` is rows × nFeatures, `y` is rows × yWidth. */
export interface SplitData {
  X: FloatArray;
  y: FloatArray;
  rows: number;
}

export interface DatasetSourceOptions {
  nFeatures: number;
  /** Values per target row: 1 for class indices and single-output regression. */
  yWidth: number;
  /** Rows per optimizer step; null for full batch. */
  batchSize: number | null;
  shuffle: boolean;
  /** Seed of the per-epoch shuffles. */
  seed: number;
  /** A given row order per epoch (replaying a torch run); overrides shuffling. */
  batchOrder?: ArrayLike<number>[];
  /** Task metrics from the model's raw outputs on the validation rows. */
  metrics?: (outputs: FloatArray, y: FloatArray, rows: number) => Record<string, number>;
  /** Output values per row of the model, for the metrics' prediction buffer. */
  nOutputs: number;
}

/**
 * A data set seen as torch's DataLoader would serve it: consecutive slices of the epoch's row
 * order, the last one smaller (not dropped). Full batch uses the training rows in place.
 */
/**
 * Writes 0, 1, …, n − 1. A function of its own holding only the loop: inside the constructor, V8
 * compiled this loop on the stack for a large split and re-entered that code in later runs'
 * constructors, deoptimizing there each time (jitChurn.test.ts saw 12 in 16 runs); with the
 * allocation in here too, its compiled code deoptimized at the `new` it had no feedback for.
 */
function fillIdentity(order: Int32Array): void {
  for (let i = 0; i < order.length; i++) order[i] = i;
}

export class DatasetSource implements StepSource {
  readonly numParams: number;
  readonly batchesPerEpoch: number;
  private readonly batchRows: number;
  private readonly order: Int32Array;
  private readonly rng: Rng;
  private readonly batch: Batch;
  private readonly outputs: FloatArray | null;
  /** The sum of {@link DatasetSource.gather}'s row touches, kept so the loads are not dropped. */
  private touched = 0;

  constructor(
    private readonly model: Model,
    private readonly train: SplitData,
    private readonly validation: SplitData | null,
    private readonly o: DatasetSourceOptions,
  ) {
    this.numParams = model.numParams;
    this.batchRows = o.batchSize === null ? train.rows : Math.min(o.batchSize, train.rows);
    this.batchesPerEpoch = Math.ceil(train.rows / this.batchRows);
    this.order = new Int32Array(train.rows);
    fillIdentity(this.order);
    this.rng = new Rng(o.seed);
    const full = o.batchSize === null || this.batchRows === train.rows;
    this.batch = full
      ? { X: train.X, y: train.y, rows: train.rows }
      : {
          // Rows gathered into the model's own input buffer are not copied again by the model.
          X: model.inputBuffer?.(this.batchRows) ?? allocLike(train.X, this.batchRows * o.nFeatures),
          y: allocLike(train.y, this.batchRows * o.yWidth),
          rows: 0,
        };
    this.outputs = validation && o.metrics ? allocLike(train.X, validation.rows * o.nOutputs) : null;
  }

  private get fullBatch(): boolean {
    return this.batch.X === this.train.X;
  }

  beginEpoch(epoch: number): void {
    const given = this.o.batchOrder?.[epoch];
    if (given) {
      if (given.length !== this.train.rows) {
        throw new Error(
          `batch order of epoch ${epoch} has ${given.length} rows, expected ${this.train.rows}`,
        );
      }
      for (let i = 0; i < given.length; i++) this.order[i] = given[i]!;
    } else if (this.o.shuffle && !this.fullBatch) {
      this.rng.shuffle(this.order);
    }
  }

  lossAndGrad(params: FloatArray, grads: FloatArray, b: number): number {
    if (this.fullBatch) return this.model.lossAndGrad(params, this.batch, grads);
    const start = b * this.batchRows;
    this.gather(start, Math.min(this.batchRows, this.train.rows - start));
    return this.model.lossAndGrad(params, this.batch, grads);
  }

  /** Rows of batch `b` of the current epoch: the batch size, or fewer for the last batch. */
  batchRowCount(b: number): number {
    return Math.min(this.batchRows, this.train.rows - b * this.batchRows);
  }

  /**
   * Loss and gradient of rows `[first, first + count)` of batch `b` alone (`count` ≥ 1): a
   * data-parallel worker's shard, its mean loss plus the L2 penalty, as torch computes it on the
   * rows the worker holds.
   */
  shardLossAndGrad(params: FloatArray, grads: FloatArray, b: number, first: number, count: number): number {
    if (this.fullBatch) {
      // Full batch keeps the training rows in place and in order, so a shard is a view.
      const { nFeatures: nf, yWidth: yw } = this.o;
      const X = this.train.X.subarray(first * nf, (first + count) * nf);
      const y = this.train.y.subarray(first * yw, (first + count) * yw);
      return this.model.lossAndGrad(params, { X, y, rows: count }, grads);
    }
    this.gather(b * this.batchRows + first, count);
    return this.model.lossAndGrad(params, this.batch, grads);
  }

  /** Copies rows `[start, start + rows)` of the epoch's order into the batch buffer. */
  private gather(start: number, rows: number): void {
    const { nFeatures: nf, yWidth: yw } = this.o;
    const { X, y } = this.batch;
    const tX = this.train.X;
    const tY = this.train.y;
    // First touch every cache line of the batch's rows (a value each 64 bytes, the last one, the
    // target), with nothing waiting on the loads: the fetches from memory then overlap (a shuffled
    // batch misses the cache on nearly every row), where the copy loop below would wait for them
    // a row at a time. Gathers 2-3x faster alone; the sum only keeps the loads alive.
    const line = 64 / tX.BYTES_PER_ELEMENT;
    let touched = 0;
    for (let r = 0; r < rows; r++) {
      const s0 = this.order[start + r]! * nf;
      for (let k = 0; k < nf; k += line) touched += tX[s0 + k]!;
      touched += tX[s0 + nf - 1]! + tY[this.order[start + r]! * yw]!;
    }
    this.touched = touched;
    // Element loops rather than subarray + set: a subarray is a new view object per row per step.
    for (let r = 0; r < rows; r++) {
      const src = this.order[start + r]!;
      const s0 = src * nf;
      const d0 = r * nf;
      for (let k = 0; k < nf; k++) X[d0 + k] = tX[s0 + k]!;
      if (yw === 1) y[r] = tY[src]!;
      else for (let k = 0; k < yw; k++) y[r * yw + k] = tY[src * yw + k]!;
    }
    this.batch.rows = rows;
  }

  trainLoss(params: FloatArray): number {
    return this.model.loss(params, { X: this.train.X, y: this.train.y, rows: this.train.rows });
  }

  evaluate(params: FloatArray): Evaluation | null {
    const v = this.validation;
    if (!v || v.rows === 0) return null;
    const loss = this.model.loss(params, { X: v.X, y: v.y, rows: v.rows }, false);
    if (!this.outputs || !this.o.metrics) return { loss, metrics: {} };
    this.model.predict(params, v.X, v.rows, this.outputs);
    return { loss, metrics: this.o.metrics(this.outputs, v.y, v.rows) };
  }
}
