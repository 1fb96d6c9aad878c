// rmse: Root mean squared error over every output of every row (also r2, accuracy, metricsForLoss).
import type { LossName } from './losses/loss';
import type { FloatArray } from './types';

/*
 * Task metrics from a model's raw outputs (`rows × nOutputs`, row-major) and the targets as the
 * data layer stores them: `rows × nOutputs` values for regression and BCE, one class index per
 * row for multi-class.
 */

/** Root mean squared error over every output of every row. */
export function rmse(outputs: FloatArray, y: FloatArray, rows: number, nOutputs = 1): number {
  const n = rows * nOutputs;
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const d = outputs[k]! - y[k]!;
    sum += d * d;
  }
  return Math.sqrt(sum / n);
}

/**
 * Coefficient of determination 1 − SS_res/SS_tot, per output then averaged over outputs
 * (scikit-learn's `r2_score` default). An output whose targets are all equal scores 1 when it is
 * predicted exactly and 0 otherwise, as scikit-learn does, rather than dividing by zero.
 */
export function r2(outputs: FloatArray, y: FloatArray, rows: number, nOutputs = 1): number {
  let total = 0;
  for (let o = 0; o < nOutputs; o++) {
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += y[r * nOutputs + o]!;
    mean /= rows;
    let ssRes = 0;
    let ssTot = 0;
    for (let r = 0; r < rows; r++) {
      const t = y[r * nOutputs + o]!;
      const d = t - outputs[r * nOutputs + o]!;
      const c = t - mean;
      ssRes += d * d;
      ssTot += c * c;
    }
    total += ssTot === 0 ? (ssRes === 0 ? 1 : 0) : 1 - ssRes / ssTot;
  }
  return total / nOutputs;
}

/**
 * Fraction of rows classified correctly. With several outputs the prediction is the argmax (the
 * first on ties, as torch.argmax) against a class index per row; with one output it is
 * logit > 0 against a 0/1 target.
 */
export function accuracy(outputs: FloatArray, y: FloatArray, rows: number, nOutputs = 1): number {
  let correct = 0;
  if (nOutputs === 1) {
    for (let r = 0; r < rows; r++) if ((outputs[r]! > 0 ? 1 : 0) === y[r]) correct++;
    return correct / rows;
  }
  for (let r = 0; r < rows; r++) {
    const o = r * nOutputs;
    let best = 0;
    for (let k = 1; k < nOutputs; k++) if (outputs[o + k]! > outputs[o + best]!) best = k;
    if (best === y[r]) correct++;
  }
  return correct / rows;
}

/**
 * The metrics that fit a loss, as one function of (outputs, y, rows): RMSE and R² for regression
 * losses, accuracy for classification. Multi-label BCE (several outputs, 0/1 each) scores every
 * output as its own binary decision.
 */
export function metricsForLoss(
  loss: LossName,
  nOutputs: number,
): (outputs: FloatArray, y: FloatArray, rows: number) => Record<string, number> {
  switch (loss) {
    case 'mse':
    case 'huber':
      return (outputs, y, rows) => ({
        rmse: rmse(outputs, y, rows, nOutputs),
        r2: r2(outputs, y, rows, nOutputs),
      });
    case 'bce_with_logits':
      return (outputs, y, rows) => ({ accuracy: accuracy(outputs, y, rows * nOutputs, 1) });
    case 'cross_entropy':
      return (outputs, y, rows) => ({ accuracy: accuracy(outputs, y, rows, nOutputs) });
  }
}
