// Loss: A loss with mean reduction, as torch's `reduction='mean'` (also LossName, LossSpec).
import type { FloatArray } from '../types';

/** The losses a model can be trained with, by torch's meaning (`nn.MSELoss`, ...), in snake case. */
export type LossName = 'mse' | 'huber' | 'bce_with_logits' | 'cross_entropy';

/** A loss and its keyword arguments in torch's names; `delta` is HuberLoss's (default 1.0). */
export interface LossSpec {
  name: LossName;
  delta?: number;
}

/**
 * A loss with mean reduction, as torch's `reduction='mean'`. Both methods read the outputs of rows
 * `[0, rows)` of `out` (row-major, `nOutputs` per row) against the targets starting at row `yRow`
 * of `y`, and return the SUM of the per-element losses divided by `count` — the caller passes the
 * whole batch's element count, so a batch evaluated in chunks sums to torch's mean.
 */
export interface Loss {
  readonly name: LossName;
  /** Values of `y` per row: 1 for class indices (cross-entropy), else `nOutputs`. */
  targetWidth(nOutputs: number): number;
  /** Elements the mean divides by for a batch of `rows` rows. */
  count(rows: number, nOutputs: number): number;
  /** Sum of this chunk's losses over `count`. */
  value(out: FloatArray, y: FloatArray, yRow: number, rows: number, nOutputs: number, count: number): number;
  /**
   * Like `value`, and writes d(mean loss)/d(out) for the chunk into `grad` (same layout as `out`,
   * overwritten, not accumulated).
   */
  valueAndGrad(
    out: FloatArray,
    y: FloatArray,
    yRow: number,
    rows: number,
    nOutputs: number,
    count: number,
    grad: FloatArray,
  ): number;
}
