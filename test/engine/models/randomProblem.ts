import type { LossSpec } from '../../../src/engine/losses';
import type { Batch } from '../../../src/engine/models/model';
import { Rng } from '../../../src/engine/random';

/**
 * A small random batch for a loss: normal features, targets drawn to suit the loss (normal values
 * scaled by `yScale` for regression, 0/1 for BCE, a class index for cross-entropy).
 */
export function randomBatch(
  rng: Rng,
  loss: LossSpec,
  rows: number,
  nFeatures: number,
  nOutputs: number,
  yScale = 1,
): Batch {
  const X = new Float64Array(rows * nFeatures);
  for (let k = 0; k < X.length; k++) X[k] = rng.normal();
  const yWidth = loss.name === 'cross_entropy' ? 1 : nOutputs;
  const y = new Float64Array(rows * yWidth);
  for (let k = 0; k < y.length; k++) {
    if (loss.name === 'cross_entropy') y[k] = rng.int(nOutputs);
    else if (loss.name === 'bce_with_logits') y[k] = rng.int(2);
    else y[k] = yScale * rng.normal();
  }
  return { X, y, rows };
}
