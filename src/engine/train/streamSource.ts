// A data set read from its file once per epoch, in chunks, through a bounded shuffle buffer: the step source of streaming training.
import { DataError } from '../errors';
import type { Model, Batch } from '../models/model';
import { Rng } from '../random';
import { allocFloat, type FloatArray, type Precision } from '../types';
import { ChunkReader } from '../data/stream/chunkReader';
import type { StreamPlan } from '../data/stream/streamPlan';
import { encodeChunk, streamRows } from '../data/stream/streamRows';
import type { StepSource, Evaluation } from './stepSource';

export interface StreamSourceOptions {
  /** Rows per optimizer step (1 is plain SGD); streaming has no full batch. */
  batchSize: number;
  shuffle: boolean;
  /** Rows held for shuffling (tf.data's `shuffle(buffer_size)`); memory is this × features. */
  shuffleBuffer: number;
  seed: number;
  precision: Precision;
  nOutputs: number;
  metrics?: (outputs: FloatArray, y: FloatArray, rows: number) => Record<string, number>;
  /** Rows of the file read in the current pass, after each chunk (progress). */
  onRows?: (rowsRead: number, pass: 'train' | 'evaluate') => void;
  /** Polled after each chunk of an evaluation pass; true ends the pass early (the run is being cancelled). */
  shouldStop?: () => boolean;
}

/** Rows per block of an evaluation pass, and so the model's scratch size. */
export const evaluationBlockRows = 4096;

/** The training rows of one pass, in file order, one at a time. */
class TrainRows {
  private readonly reader: ChunkReader;
  private chunkX = new Float64Array(0);
  private chunkY = new Float64Array(0);
  private count = 0;
  private at = 0;
  private readonly row: Float64Array;
  rowsRead = 0;

  constructor(
    private readonly plan: StreamPlan,
    private readonly onRows?: (rowsRead: number) => void,
  ) {
    this.reader = new ChunkReader(plan.path, plan.format, plan.file, plan.chunkBytes);
    this.row = new Float64Array(plan.nFeatures);
  }

  /** Copies the next training row into `x` at `offset` and returns its target, or null at the end. */
  next(x: Float64Array, offset: number): number | null {
    while (this.at >= this.count) {
      const chunk = this.reader.next();
      if (!chunk) return null;
      const nf = this.plan.nFeatures;
      const rows = chunk.table.nRows;
      if (this.chunkY.length < rows) {
        this.chunkX = new Float64Array(rows * nf);
        this.chunkY = new Float64Array(rows);
      }
      let n = 0;
      encodeChunk(
        this.plan,
        chunk.table,
        chunk.firstRow,
        this.row,
        (_split, row, y) => {
          this.chunkX.set(row, n * nf);
          this.chunkY[n++] = y;
        },
        0,
      );
      this.count = n;
      this.at = 0;
      this.rowsRead = chunk.firstRow + rows;
      this.onRows?.(this.rowsRead);
    }
    const nf = this.plan.nFeatures;
    // Element copies: a subarray would be a new view object per row.
    const from = this.at * nf;
    for (let k = 0; k < nf; k++) x[offset + k] = this.chunkX[from + k]!;
    return this.chunkY[this.at++]!;
  }

  close(): void {
    this.reader.close();
  }
}

/**
 * Streaming training's StepSource. Each epoch reads the file once: training rows pass through a
 * shuffle buffer of `shuffleBuffer` rows (filled first; each step takes a uniformly random row of
 * it and puts the next row of the file in its place, as tf.data's `shuffle`), and consecutive
 * draws make the batches, the last one smaller. Without shuffling the rows come in file order,
 * which makes a run equal to an in-memory run with the hash split and `shuffle: false`.
 * `trainLoss` and `evaluate` share one more pass per evaluation point (the loop asks for both
 * at the same parameters), in blocks of {@link evaluationBlockRows}; validation outputs are kept
 * for the metrics (one number per row and output, never the features).
 */
export class StreamSource implements StepSource {
  readonly numParams: number;
  readonly batchesPerEpoch: number;
  private readonly batchRows: number;
  private readonly rng: Rng;
  private readonly batch: Batch;
  private readonly batchX: Float64Array;
  private rows: TrainRows | null = null;
  private readonly bufferX: Float64Array;
  private readonly bufferY: Float64Array;
  private buffered = 0;
  private served = 0;
  private cached: { params: FloatArray; trainLoss: number; evaluation: Evaluation | null } | null = null;

  constructor(
    private readonly model: Model,
    private readonly plan: StreamPlan,
    private readonly o: StreamSourceOptions,
  ) {
    if (!Number.isInteger(o.batchSize) || o.batchSize < 1)
      throw new Error('streaming needs a batch size of at least 1');
    this.numParams = model.numParams;
    const train = plan.rows.train;
    this.batchRows = Math.min(o.batchSize, train);
    this.batchesPerEpoch = Math.ceil(train / this.batchRows);
    this.rng = new Rng(o.seed);
    const nf = plan.nFeatures;
    this.batchX = new Float64Array(this.batchRows * nf);
    this.batch = {
      X: o.precision === 'float64' ? this.batchX : allocFloat(o.precision, this.batchRows * nf),
      y: allocFloat(o.precision, this.batchRows),
      rows: 0,
    };
    const size = o.shuffle ? Math.max(1, o.shuffleBuffer) : 1;
    this.bufferX = new Float64Array(size * nf);
    this.bufferY = new Float64Array(size);
  }

  beginEpoch(): void {
    this.rows?.close();
    this.rows = new TrainRows(this.plan, this.o.onRows ? (n) => this.o.onRows!(n, 'train') : undefined);
    this.buffered = 0;
    this.served = 0;
  }

  lossAndGrad(params: FloatArray, grads: FloatArray, b: number): number {
    const nf = this.plan.nFeatures;
    const rows = Math.min(this.batchRows, this.plan.rows.train - b * this.batchRows);
    for (let r = 0; r < rows; r++) {
      const y = this.nextRow(this.batchX, r * nf);
      if (y === null) {
        throw new DataError(
          `the file changed during training: an epoch found ${this.served} training rows, the first pass ${this.plan.rows.train}`,
          {
            file: this.plan.file,
          },
        );
      }
      this.batch.y[r] = y;
    }
    if (this.batch.X !== this.batchX) (this.batch.X as Float32Array).set(this.batchX.subarray(0, rows * nf));
    this.batch.rows = rows;
    if (b === this.batchesPerEpoch - 1) {
      this.rows?.close();
      this.rows = null;
    }
    return this.model.lossAndGrad(params, this.batch, grads);
  }

  /** The next row of the epoch through the shuffle buffer, into `x` at `offset`; its target, or null. */
  private nextRow(x: Float64Array, offset: number): number | null {
    const nf = this.plan.nFeatures;
    const source = this.rows!;
    const capacity = this.bufferY.length;
    if (!this.o.shuffle) {
      const y = source.next(x, offset);
      if (y !== null) this.served++;
      return y;
    }
    while (this.buffered < capacity) {
      const y = source.next(this.bufferX, this.buffered * nf);
      if (y === null) break;
      this.bufferY[this.buffered++] = y;
    }
    if (this.buffered === 0) return null;
    const j = this.rng.int(this.buffered);
    for (let k = 0; k < nf; k++) x[offset + k] = this.bufferX[j * nf + k]!;
    const y = this.bufferY[j]!;
    // The slot takes the next row of the file, or the last buffered row once the file is done.
    const next = source.next(this.bufferX, j * nf);
    if (next !== null) this.bufferY[j] = next;
    else {
      const last = --this.buffered;
      this.bufferX.copyWithin(j * nf, last * nf, (last + 1) * nf);
      this.bufferY[j] = this.bufferY[last]!;
    }
    this.served++;
    return y;
  }

  trainLoss(params: FloatArray): number {
    return this.evaluationPass(params).trainLoss;
  }

  evaluate(params: FloatArray): Evaluation | null {
    return this.evaluationPass(params).evaluation;
  }

  private evaluationPass(params: FloatArray): { trainLoss: number; evaluation: Evaluation | null } {
    const c = this.cached;
    if (c && c.params.length === params.length && c.params.every((v, i) => Object.is(v, params[i]))) return c;
    const { plan, o, model } = this;
    const nf = plan.nFeatures;
    const block = evaluationBlockRows;
    const blocks = {
      train: {
        X: allocFloat(o.precision, block * nf),
        y: allocFloat(o.precision, block),
        rows: 0,
        sum: 0,
        seen: 0,
      },
      validation: {
        X: allocFloat(o.precision, block * nf),
        y: allocFloat(o.precision, block),
        rows: 0,
        sum: 0,
        seen: 0,
      },
    };
    const nVal = plan.rows.validation;
    const outputs = nVal > 0 && o.metrics ? allocFloat(o.precision, nVal * o.nOutputs) : null;
    const valY = outputs ? allocFloat(o.precision, nVal) : null;
    const blockOut = outputs ? allocFloat(o.precision, block * o.nOutputs) : null;
    let penalty = 0;
    let penaltyKnown = false;
    const flush = (which: 'train' | 'validation') => {
      const b = blocks[which];
      if (b.rows === 0) return;
      const batch = { X: b.X, y: b.y, rows: b.rows };
      const loss = model.loss(params, batch, false);
      if (which === 'train' && !penaltyKnown) {
        penalty = model.loss(params, batch, true) - loss;
        penaltyKnown = true;
      }
      b.sum += loss * b.rows;
      if (which === 'validation' && outputs && blockOut && valY) {
        model.predict(params, b.X, b.rows, blockOut);
        outputs.set(blockOut.subarray(0, b.rows * o.nOutputs), b.seen * o.nOutputs);
        valY.set(b.y.subarray(0, b.rows), b.seen);
      }
      b.seen += b.rows;
      b.rows = 0;
    };
    streamRows(
      plan,
      (split, x, y) => {
        if (split === 2) return;
        const which = split === 0 ? 'train' : 'validation';
        const b = blocks[which];
        b.X.set(x, b.rows * nf);
        b.y[b.rows++] = y;
        if (b.rows === block) flush(which);
      },
      (rowsRead) => {
        o.onRows?.(rowsRead, 'evaluate');
        return o.shouldStop?.() ?? false;
      },
    );
    flush('train');
    flush('validation');
    const t = blocks.train;
    const v = blocks.validation;
    const trainLoss = t.seen > 0 ? t.sum / t.seen + penalty : NaN;
    let evaluation: Evaluation | null = null;
    if (nVal > 0 && v.seen > 0) {
      const loss = v.sum / v.seen;
      evaluation =
        outputs && valY && o.metrics
          ? {
              loss,
              metrics: o.metrics(outputs.subarray(0, v.seen * o.nOutputs), valY.subarray(0, v.seen), v.seen),
            }
          : { loss, metrics: {} };
    }
    this.cached = { params: params.slice() as FloatArray, trainLoss, evaluation };
    return this.cached;
  }
}
