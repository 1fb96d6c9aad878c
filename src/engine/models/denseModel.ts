// DenseModel: A chain of nn.Linear layers with an activation between them, plus a loss, with a hand-written
// forward and backward pass over one flat parameter buffer in torch's layout.
import type { Loss } from '../losses/loss';
import type { FloatArray, Precision } from '../types';
import { KernelArena } from '../kernels/wasmKernels';
import { activateInPlace, activationBackwardInPlace } from './activations';
import { addL2Penalty, l2PenaltyValue } from './l2Penalty';
import { denseLayout, layoutSize } from './layout';
import type { Batch, Model, ParamTensor } from './model';
import type { Activation } from './spec';

/** How a {@link DenseModel} is put together; sizes and names are validated by `createModel`. */
export interface DenseModelOptions {
  /** `[nFeatures, hidden..., nOutputs]`. */
  sizes: number[];
  /** Between layers; unused with a single layer. */
  activation: Activation;
  /** nn.Sequential names (`0.weight`) rather than a bare nn.Linear's (`weight`). */
  sequential: boolean;
  loss: Loss;
  maxRows: number;
  precision: Precision;
  l2: number;
}

/**
 * Rows per pass through the kernels: a larger batch (a full-data evaluation) runs in chunks of this
 * many rows, so the scratch memory stays a few MB whatever the data set's size.
 */
const maxChunkRows = 4096;

/**
 * `dst[d, d + count) = src[s, s + count)`. An element loop, not subarray + set: a subarray would
 * allocate a view per call. In a function of its own because a full-data pass copies ~80,000
 * values at once: V8 compiles a loop that long on the stack (on-stack replacement) during its
 * first call, and when the loop sat inside `forward`, that compiled code lacked feedback for the
 * layer loop after it and deoptimized there on every call that entered it (~2,000 times per
 * worker); here nothing follows the loop.
 */
function copyElements(dst: FloatArray, d: number, src: FloatArray, s: number, count: number): void {
  for (let k = 0; k < count; k++) dst[d + k] = src[s + k]!;
}

/**
 * A chain of nn.Linear layers with an activation between them, plus a loss, with a hand-written
 * forward and backward pass over one flat parameter buffer in torch's layout. Covers linear,
 * logistic and softmax regression (one layer) and MLPs of any depth.
 *
 * The products run in WebAssembly SIMD (../kernels): parameters, gradients, a chunk of input rows
 * and every layer's outputs and deltas live in one WebAssembly memory allocated at construction for
 * up to `maxRows` rows (at most 4096 a pass). A larger batch is processed in chunks whose gradients
 * accumulate, so nothing is allocated per call. Each call copies the parameters in and the
 * gradients out: a few thousand values, against the batch × parameters multiply-adds of the pass.
 */
export class DenseModel implements Model {
  readonly numParams: number;
  readonly layout: ParamTensor[];
  private readonly sizes: number[];
  private readonly nLayers: number;
  private readonly wOff: number[];
  private readonly bOff: number[];
  private readonly arena: KernelArena;
  private readonly chunkRows: number;
  /** The parameters and gradients inside the arena. */
  private readonly P: FloatArray;
  private readonly G: FloatArray;
  private readonly pPtr: number;
  private readonly gPtr: number;
  /** Input rows of the current chunk. */
  private readonly X: FloatArray;
  private readonly xPtr: number;
  /** `wpPtr[l]`: layer l's weight packed (transposed, in column panels) for the forward product. */
  private readonly wpPtr: number[];
  /** Scratch for a layer's input activations packed as the B operand of its weight gradient. */
  private readonly apPtr: number;
  /** `acts[l]`: outputs of layer l (1-based; index 0 unused, the input is `X`), after its activation. */
  private readonly acts: FloatArray[];
  private readonly actPtr: number[];
  /** `deltas[l]`: d(loss)/d(pre-activation of layer l). */
  private readonly deltas: FloatArray[];
  private readonly deltaPtr: number[];
  private readonly activation: Activation;
  private readonly lossFn: Loss;
  private readonly l2: number;
  private readonly yWidth: number;

  constructor(o: DenseModelOptions) {
    this.sizes = o.sizes.slice();
    this.nLayers = o.sizes.length - 1;
    this.layout = denseLayout(o.sizes, o.sequential);
    this.numParams = layoutSize(this.layout);
    this.chunkRows = Math.min(o.maxRows, maxChunkRows);
    const L = this.nLayers;
    const rows = this.chunkRows;
    this.wOff = [0];
    this.bOff = [0];
    for (let l = 1; l <= L; l++) {
      this.wOff.push(this.layout[2 * (l - 1)]!.offset);
      this.bOff.push(this.layout[2 * (l - 1) + 1]!.offset);
    }
    // Arena order: P, G, X, the packed-activation scratch, then per layer packed W, acts, deltas.
    const widestIn = Math.max(...o.sizes.slice(0, L));
    const lengths = [this.numParams, this.numParams, rows * o.sizes[0]!, rows * widestIn];
    for (let l = 1; l <= L; l++) {
      lengths.push(o.sizes[l - 1]! * o.sizes[l]!, rows * o.sizes[l]!, rows * o.sizes[l]!);
    }
    const { arena, buffers } = KernelArena.create(o.precision, lengths);
    this.arena = arena;
    [this.P, this.G, this.X] = [buffers[0]!.view, buffers[1]!.view, buffers[2]!.view];
    [this.pPtr, this.gPtr, this.xPtr] = [buffers[0]!.ptr, buffers[1]!.ptr, buffers[2]!.ptr];
    this.apPtr = buffers[3]!.ptr;
    this.wpPtr = [0];
    this.acts = [this.X];
    this.actPtr = [this.xPtr];
    this.deltas = [this.X];
    this.deltaPtr = [0];
    for (let l = 1; l <= L; l++) {
      const [wp, act, delta] = [buffers[3 * l + 1]!, buffers[3 * l + 2]!, buffers[3 * l + 3]!];
      this.wpPtr.push(wp.ptr);
      this.acts.push(act.view);
      this.actPtr.push(act.ptr);
      this.deltas.push(delta.view);
      this.deltaPtr.push(delta.ptr);
    }
    this.activation = o.activation;
    this.lossFn = o.loss;
    this.l2 = o.l2;
    this.yWidth = o.loss.targetWidth(o.sizes[L]!);
  }

  lossAndGrad(params: FloatArray, batch: Batch, grads: FloatArray): number {
    this.check(params, batch.X, batch.rows, batch.y);
    if (grads.length !== this.numParams) {
      throw new RangeError(`gradient buffer holds ${grads.length} values, the model has ${this.numParams}`);
    }
    const L = this.nLayers;
    const nOut = this.sizes[L]!;
    const rows = batch.rows;
    const count = this.lossFn.count(rows, nOut);
    this.loadParams(params);
    this.G.fill(0);
    let total = 0;
    for (let start = 0; start < rows; start += this.chunkRows) {
      const n = Math.min(this.chunkRows, rows - start);
      this.forward(batch.X, start, n);
      total += this.lossFn.valueAndGrad(this.acts[L]!, batch.y, start, n, nOut, count, this.deltas[L]!);
      this.backward(n);
    }
    grads.set(this.G);
    if (this.l2 !== 0) total += addL2Penalty(this.layout, params, this.l2, grads);
    return total;
  }

  loss(params: FloatArray, batch: Batch, withPenalty = true): number {
    this.check(params, batch.X, batch.rows, batch.y);
    const L = this.nLayers;
    const nOut = this.sizes[L]!;
    const rows = batch.rows;
    const count = this.lossFn.count(rows, nOut);
    this.loadParams(params);
    let total = 0;
    for (let start = 0; start < rows; start += this.chunkRows) {
      const n = Math.min(this.chunkRows, rows - start);
      this.forward(batch.X, start, n);
      total += this.lossFn.value(this.acts[L]!, batch.y, start, n, nOut, count);
    }
    if (withPenalty && this.l2 !== 0) total += l2PenaltyValue(this.layout, params, this.l2);
    return total;
  }

  predict(params: FloatArray, X: FloatArray, rows: number, out: FloatArray): void {
    this.check(params, X, rows, null);
    const nOut = this.sizes[this.nLayers]!;
    if (out.length < rows * nOut) {
      throw new RangeError(`output buffer holds ${out.length} values, ${rows} rows need ${rows * nOut}`);
    }
    this.loadParams(params);
    const last = this.acts[this.nLayers]!;
    for (let start = 0; start < rows; start += this.chunkRows) {
      const n = Math.min(this.chunkRows, rows - start);
      this.forward(X, start, n);
      copyElements(out, start * nOut, last, 0, n * nOut);
    }
  }

  /**
   * The arena's input rows (one chunk): a batch gathered straight into them skips forward's copy
   * of its rows into the arena, ~1.8% of a small MLP's step.
   */
  inputBuffer(rows: number): FloatArray | null {
    return rows <= this.chunkRows ? this.X : null;
  }

  /**
   * Copies `params` into the arena and packs each weight (read transposed: B = Wᵀ, fanIn × fanOut)
   * into the column panels the forward product reads.
   */
  private loadParams(params: FloatArray): void {
    this.P.set(params);
    const E = this.arena.bytes;
    for (let l = 1; l <= this.nLayers; l++) {
      const fanIn = this.sizes[l - 1]!;
      this.arena.packB(this.pPtr + this.wOff[l]! * E, 1, fanIn, fanIn, this.sizes[l]!, this.wpPtr[l]!);
    }
  }

  /** Runs rows `[start, start + n)` of `X` through every layer; the last layer's raw outputs end in `acts[L]`. */
  private forward(X: FloatArray, start: number, n: number): void {
    const L = this.nLayers;
    const E = this.arena.bytes;
    const nIn = this.sizes[0]!;
    // X is the arena's own input only when it holds the whole batch (inputBuffer), so start is 0.
    if (X !== this.X) copyElements(this.X, 0, X, start * nIn, n * nIn);
    for (let l = 1; l <= L; l++) {
      const fanIn = this.sizes[l - 1]!;
      const fanOut = this.sizes[l]!;
      const z = this.actPtr[l]!;
      const relu = this.activation === 'relu' && l < L;
      this.arena.gemmPacked(
        n,
        fanOut,
        fanIn,
        this.actPtr[l - 1]!,
        fanIn,
        1,
        this.wpPtr[l]!,
        z,
        fanOut,
        false,
        this.pPtr + this.bOff[l]! * E,
        // ReLU as each output is stored: one pass over the layer's outputs fewer.
        relu,
      );
      if (l === L) break;
      if (!relu) activateInPlace(this.activation, this.acts[l]!, n * fanOut);
    }
  }

  /** Back-propagates `deltas[L]` for the `n` rows just run forward, accumulating into the arena's gradient. */
  private backward(n: number): void {
    const E = this.arena.bytes;
    for (let l = this.nLayers; l >= 1; l--) {
      const fanIn = this.sizes[l - 1]!;
      const fanOut = this.sizes[l]!;
      const D = this.deltaPtr[l]!;
      // dW += Dᵀ·A (D read as its transpose through the strides, A packed), db += column sums of D.
      this.arena.packB(this.actPtr[l - 1]!, fanIn, 1, n, fanIn, this.apPtr);
      this.arena.gemmPacked(
        fanOut,
        fanIn,
        n,
        D,
        1,
        fanOut,
        this.apPtr,
        this.gPtr + this.wOff[l]! * E,
        fanIn,
        true,
        0,
      );
      this.arena.colSumAdd(D, n, fanOut, this.gPtr + this.bOff[l]! * E);
      if (l === 1) break;
      // d(input) = D·W, then through the activation (ReLU's mask fused into the product's stores).
      const relu = this.activation === 'relu';
      this.arena.gemm(
        n,
        fanIn,
        fanOut,
        D,
        fanOut,
        1,
        this.pPtr + this.wOff[l]! * E,
        fanIn,
        this.deltaPtr[l - 1]!,
        fanIn,
        false,
        0,
        relu ? this.actPtr[l - 1]! : 0,
      );
      if (!relu)
        activationBackwardInPlace(this.activation, this.acts[l - 1]!, this.deltas[l - 1]!, n * fanIn);
    }
  }

  private check(params: FloatArray, X: FloatArray, rows: number, y: FloatArray | null): void {
    // Once per call, not per element: a short buffer would otherwise read undefined as NaN silently.
    if (params.length !== this.numParams) {
      throw new RangeError(`parameter buffer holds ${params.length} values, the model has ${this.numParams}`);
    }
    const nIn = this.sizes[0]!;
    if (X.length < rows * nIn)
      throw new RangeError(`X holds ${X.length} values, ${rows} rows need ${rows * nIn}`);
    if (y && y.length < rows * this.yWidth) {
      throw new RangeError(`y holds ${y.length} values, ${rows} rows need ${rows * this.yWidth}`);
    }
  }
}
