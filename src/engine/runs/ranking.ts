// objectiveOf: The objective of a finished run.
import type { ResolvedObjective } from '../../protocol/experiment';
import type { RunResult } from '../../protocol/runs';

/** The monitored value of one evaluation point: the loss, or a metric such as `val_accuracy`. */
function valueAt(metric: string, r: RunResult, epoch: number | 'final'): number | null {
  if (metric === 'train_loss') {
    return epoch === 'final' ? r.finalTrainLoss : (r.curves.epochTrainLoss[epoch] ?? null);
  }
  const v = epoch === 'final' ? r.finalValidation : (r.curves.epochValidation[epoch] ?? null);
  if (!v) return null;
  if (metric === 'val_loss') return v.loss;
  return v.metrics[metric.replace(/^val_/, '')] ?? null;
}

/**
 * The objective of a finished run: the metric at the end (after early stopping restored the best
 * parameters, if it did) or its best value over the evaluated epochs. Null when the run did not
 * produce a finite value.
 */
export function objectiveOf(objective: ResolvedObjective, r: RunResult): number | null {
  if (objective.use === 'final') {
    const v = valueAt(objective.metric, r, 'final');
    return v !== null && Number.isFinite(v) ? v : null;
  }
  let best: number | null = null;
  const n = r.curves.epochTrainLoss.length;
  for (let e = 0; e < n; e++) {
    const v = valueAt(objective.metric, r, e);
    if (v === null || !Number.isFinite(v)) continue;
    if (best === null || (objective.mode === 'min' ? v < best : v > best)) best = v;
  }
  return best;
}
