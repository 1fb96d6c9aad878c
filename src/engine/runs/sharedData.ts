// SharedLayout: A data set laid out once for every run of an experiment.
import type { Dataset } from '../data/dataset';
import type { SharedData } from './executeRun';

/** A data set laid out once for every run of an experiment. */
export interface SharedLayout {
  data: SharedData;
  trainRows: number;
  validationRows: number;
  /** Held-out test rows after the validation rows: scored once per run after training, never trained on. */
  testRows: number;
}

/**
 * Copies the training rows, then the validation rows, then the test rows of `dataset` into SharedArrayBuffers, once
 * per experiment: every worker then reads contiguous views of the same memory, and no run copies
 * the data set.
 */
export function shareSplits(dataset: Dataset): SharedLayout {
  const { train, validation, test } = dataset.splits;
  const nf = dataset.nFeatures;
  const rows = train.length + validation.length + test.length;
  const bytes = dataset.X.BYTES_PER_ELEMENT;
  const X = new SharedArrayBuffer(rows * nf * bytes);
  const y = new SharedArrayBuffer(rows * bytes);
  const f32 = dataset.X instanceof Float32Array;
  const xs = f32 ? new Float32Array(X) : new Float64Array(X);
  const ys = f32 ? new Float32Array(y) : new Float64Array(y);
  let i = 0;
  for (const r of [...train, ...validation, ...test]) {
    xs.set(dataset.X.subarray(r * nf, (r + 1) * nf), i * nf);
    ys[i] = dataset.y[r]!;
    i++;
  }
  return {
    data: { X, y },
    trainRows: train.length,
    validationRows: validation.length,
    testRows: test.length,
  };
}
