// selectRows: The rows `indices` of a data set (a split) copied into their own contiguous matrices, in the
// given order, in the data set's precision.
import { allocLike, type FloatArray } from '../types';
import type { Dataset } from './dataset';

/**
 * The rows `indices` of a data set (a split) copied into their own contiguous matrices, in the
 * given order, in the data set's precision: the form the training loop reads.
 */
export function selectRows(
  dataset: Dataset,
  indices: ArrayLike<number>,
): { X: FloatArray; y: FloatArray; rows: number } {
  const { nFeatures } = dataset;
  const X = allocLike(dataset.X, indices.length * nFeatures);
  const y = allocLike(dataset.y, indices.length);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i]!;
    X.set(dataset.X.subarray(r * nFeatures, (r + 1) * nFeatures), i * nFeatures);
    y[i] = dataset.y[r]!;
  }
  return { X, y, rows: indices.length };
}
