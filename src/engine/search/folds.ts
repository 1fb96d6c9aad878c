// FoldLayout: One fold's rows laid out for the workers, standardized with that fold's own training
// statistics.
import type { DataSpec } from '../../protocol/data';
import type { Dataset } from '../data/dataset';
import { kFold } from '../data/split';
import { applyStandardization, columnStats, safeScale } from '../data/standardize';
import type { SharedData } from '../runs/executeRun';
import type { SharedLayout } from '../runs/sharedData';

/** One fold's rows laid out for the workers, standardized with that fold's own training statistics. */
export interface FoldLayout extends SharedLayout {
  /** Divisor of a standardized regression target on this fold, else null. */
  targetScale: number | null;
}

/**
 * Lays out k folds over the training and validation rows of a data set prepared *without*
 * standardization (the test rows stay out). Fold f trains on the other folds and validates on its
 * own rows; each fold is standardized with statistics of its training rows only, as a scikit-learn
 * Pipeline inside cross_val_score would, so no validation row leaks into the scaling. Folds are
 * seeded by `data.split.seed` and stratified when the split is.
 */
export function shareFolds(
  raw: Dataset,
  spec: DataSpec,
  k: number,
  precision: 'float32' | 'float64',
): FoldLayout[] {
  const pool = Int32Array.from([...raw.splits.train, ...raw.splits.validation].sort((a, b) => a - b));
  const strata = spec.split.stratify && raw.task !== 'regression' ? Array.from(pool, (r) => raw.y[r]!) : null;
  const nf = raw.nFeatures;
  const X = raw.X as Float64Array;
  return kFold(pool, k, spec.split.seed, strata).map(({ train, validation }) => {
    const rows = [...train, ...validation];
    const fx = new Float64Array(rows.length * nf);
    const fy = new Float64Array(rows.length);
    rows.forEach((r, i) => {
      fx.set(X.subarray(r * nf, (r + 1) * nf), i * nf);
      fy[i] = raw.y[r]!;
    });
    const trainLocal = Array.from({ length: train.length }, (_, i) => i);
    if (spec.preprocessing.standardize) {
      const { mean, std } = columnStats(fx, nf, trainLocal);
      applyStandardization(fx, nf, mean, safeScale(std).scale);
    }
    let targetScale: number | null = null;
    if (spec.preprocessing.standardize_target && raw.task === 'regression') {
      const { mean, std } = columnStats(fy, 1, trainLocal);
      const scale = safeScale(std).scale;
      applyStandardization(fy, 1, mean, scale);
      targetScale = scale[0]!;
    }
    return {
      data: toShared(fx, fy, precision),
      trainRows: train.length,
      validationRows: validation.length,
      // The test rows stay out of the folds: with cv_folds they are not scored (docs/search.md).
      testRows: 0,
      targetScale,
    };
  });
}

function toShared(x: Float64Array, y: Float64Array, precision: 'float32' | 'float64'): SharedData {
  const bytes = precision === 'float32' ? 4 : 8;
  const X = new SharedArrayBuffer(x.length * bytes);
  const Y = new SharedArrayBuffer(y.length * bytes);
  if (precision === 'float32') {
    new Float32Array(X).set(x);
    new Float32Array(Y).set(y);
  } else {
    new Float64Array(X).set(x);
    new Float64Array(Y).set(y);
  }
  return { X, y: Y };
}
