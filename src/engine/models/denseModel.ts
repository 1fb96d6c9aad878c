import type { Loss } from '../losses/loss';
import type { FloatArray, Precision } from '../types';
import { allocFloat } from '../types';
import { activateInPlace, activationBackwardInPlace } from './activations';
import { denseBackwardInput, denseBackwardParams, denseForward } from './dense';
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
 * A chain of nn.Linear layers with an activation between them, plus a loss, with a hand-written
 * forward and backward pass over one flat parameter buffer in torch's layout. Covers linear,
 * logistic and softmax regression (one layer) and MLPs of any depth.
 *
 * Scratch (each layer's outputs and deltas) is allocated once for `maxRows` rows; a larger batch
 * is processed in chunks of `maxRows` rows whose gradients accumulate, so nothing is allocated per
 * call.
 */
export class DenseModel implements Model {
  readonly numParams: number;
  readonly layout: ParamTensor[];
  private readonly sizes: number[];
  private readonly nLayers: number;
  private readonly wOff: number[];
  private readonly bOff: number[];
  /** `acts[l]`: outputs of layer l (1-based; index 0 unused, the input is the batch), after its activation. */
  private readonly acts: FloatArray[];
  /** `deltas[l]`: d(loss)/d(pre-activation of layer l). */
  private readonly deltas: FloatArray[];
  private readonly activation: Activation;
  private readonly lossFn: Loss;
  private readonly maxRows: number;
  private readonly l2: number;
  private readonly yWidth: number;

  constructor(o: DenseModelOptions) {
    this.sizes = o.sizes.slice();
    this.nLayers = o.sizes.length - 1;
    this.layout = denseLayout(o.sizes, o.sequential);
    this.numParams = layoutSize(this.layout);
    this.wOff = [0];
    this.bOff = [0];
    this.acts = [allocFloat(o.precision, 0)];
    this.deltas = [allocFloat(o.precision, 0)];
    for (let l = 1; l <= this.nLayers; l++) {
      this.wOff.push(this.layout[2 * (l - 1)]!.offset);
      this.bOff.push(this.layout[2 * (l - 1) + 1]!.offset);
      this.acts.push(allocFloat(o.precision, o.maxRows * o.sizes[l]!));
      this.deltas.push(allocFloat(o.precision, o.maxRows * o.sizes[l]!));
    }
    this.activation = o.activation;
    this.lossFn = o.loss;
    this.maxRows = o.maxRows;
    this.l2 = o.l2;
    this.yWidth = o.loss.targetWidth(o.sizes[this.nLayers]!);
  }

  lossAndGrad(params: FloatArray, batch: Batch, grads: FloatArray): number {
    this.check(params, batch.X, batch.rows, batch.y);
    if (grads.length !== this.numParams) {
      throw new RangeError(`gradient buffer holds ${grads.length} values, the model has ${this.numParams}`);
    }
    const L = this.nLayers;
    const nIn = this.sizes[0]!;
    const nOut = this.sizes[L]!;
    const rows = batch.rows;
    const count = this.lossFn.count(rows, nOut);
    grads.fill(0);
    let total = 0;
    for (let start = 0; start < rows; start += this.maxRows) {
      const n = Math.min(this.maxRows, rows - start);
      this.forward(params, batch.X, start * nIn, n, this.acts[L]!, 0);
      total += this.lossFn.valueAndGrad(this.acts[L]!, batch.y, start, n, nOut, count, this.deltas[L]!);
      this.backward(params, batch.X, start * nIn, n, grads);
    }
    if (this.l2 !== 0) total += addL2Penalty(this.layout, params, this.l2, grads);
    return total;
  }

  loss(params: FloatArray, batch: Batch, withPenalty = true): number {
    this.check(params, batch.X, batch.rows, batch.y);
    const L = this.nLayers;
    const nIn = this.sizes[0]!;
    const nOut = this.sizes[L]!;
    const rows = batch.rows;
    const count = this.lossFn.count(rows, nOut);
    let total = 0;
    for (let start = 0; start < rows; start += this.maxRows) {
      const n = Math.min(this.maxRows, rows - start);
      this.forward(params, batch.X, start * nIn, n, this.acts[L]!, 0);
      total += this.lossFn.value(this.acts[L]!, batch.y, start, n, nOut, count);
    }
    if (withPenalty && this.l2 !== 0) total += l2PenaltyValue(this.layout, params, this.l2);
    return total;
  }

  predict(params: FloatArray, X: FloatArray, rows: number, out: FloatArray): void {
    this.check(params, X, rows, null);
    const nIn = this.sizes[0]!;
    const nOut = this.sizes[this.nLayers]!;
    if (out.length < rows * nOut) {
      throw new RangeError(`output buffer holds ${out.length} values, ${rows} rows need ${rows * nOut}`);
    }
    for (let start = 0; start < rows; start += this.maxRows) {
      const n = Math.min(this.maxRows, rows - start);
      this.forward(params, X, start * nIn, n, out, start * nOut);
    }
  }

  /** Runs `n` rows from `X[xOff]` through every layer; the last layer's raw outputs go to `out[outOff]`. */
  private forward(
    params: FloatArray,
    X: FloatArray,
    xOff: number,
    n: number,
    out: FloatArray,
    outOff: number,
  ): void {
    const L = this.nLayers;
    let input = X;
    let inOff = xOff;
    for (let l = 1; l <= L; l++) {
      const last = l === L;
      const z = last ? out : this.acts[l]!;
      denseForward(
        input,
        inOff,
        n,
        this.sizes[l - 1]!,
        params,
        this.wOff[l]!,
        this.bOff[l]!,
        this.sizes[l]!,
        z,
        last ? outOff : 0,
      );
      if (!last) activateInPlace(this.activation, z, n * this.sizes[l]!);
      input = z;
      inOff = 0;
    }
  }

  /** Back-propagates `deltas[L]` for the `n` rows just run forward, accumulating into `grads`. */
  private backward(params: FloatArray, X: FloatArray, xOff: number, n: number, grads: FloatArray): void {
    for (let l = this.nLayers; l >= 1; l--) {
      const nIn = this.sizes[l - 1]!;
      const nOut = this.sizes[l]!;
      const D = this.deltas[l]!;
      const first = l === 1;
      denseBackwardParams(
        D,
        n,
        nOut,
        first ? X : this.acts[l - 1]!,
        first ? xOff : 0,
        nIn,
        grads,
        this.wOff[l]!,
        this.bOff[l]!,
      );
      if (first) break;
      const prev = this.deltas[l - 1]!;
      denseBackwardInput(D, n, nOut, params, this.wOff[l]!, nIn, prev);
      activationBackwardInPlace(this.activation, this.acts[l - 1]!, prev, n * nIn);
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
