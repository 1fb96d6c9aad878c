// The JSON job python/optimizer_lab_runner.py reads on stdin for a run of a user's PyTorch model:
// model, data files, loss, batching and the torch spelling of the optimizer and scheduler.
import type { RunSpec } from '../../protocol/runs';
import { torchOptimizerCall, torchSchedule } from '../pyCode/torchCode';
import { batching } from '../train/batching';

/** Parameters beyond this many are not sent back (a large model's curves file stays small). */
export const MAX_SENT_PARAMS = 100_000;

/** A run spec of a user's PyTorch model. */
export type PytorchSpec = RunSpec & {
  problem: { kind: 'dataset'; model: { type: 'pytorch' } };
};

/** True when the run trains a user's PyTorch model (a process rather than a worker task). */
export function isPytorchSpec(spec: unknown): spec is PytorchSpec {
  const p = (spec as { problem?: { kind?: string; model?: { type?: string } } } | null)?.problem;
  return p?.kind === 'dataset' && p.model?.type === 'pytorch';
}

/** The Python-side spelling of the run's metrics, as the reproduction script picks them. */
function taskMetrics(loss: string): 'regression' | 'logits' | 'classes' {
  return loss === 'mse' || loss === 'huber'
    ? 'regression'
    : loss === 'bce_with_logits'
      ? 'logits'
      : 'classes';
}

/** The JSON job the runner reads on stdin. */
export function runnerJob(
  spec: PytorchSpec,
  files: { x: string | null; y: string | null; orders: string | null },
) {
  const p = spec.problem;
  const { perEpoch } = batching(spec.batchSize, p.trainRows);
  const schedule = spec.schedule
    ? torchSchedule(spec.schedule, { stepsPerEpoch: perEpoch, epochs: spec.epochs })
    : null;
  return {
    model: {
      path: p.model.path,
      root: p.model.root,
      factory: p.model.factory,
      loss: p.model.loss,
      data: p.model.data ?? null,
    },
    precision: spec.precision,
    seed: spec.seed,
    init: p.init,
    data: {
      x: files.x,
      y: files.y,
      n_features: p.nFeatures,
      train_rows: p.trainRows,
      val_rows: p.valRows,
      test_rows: p.testRows,
    },
    n_outputs: p.nOutputs,
    loss: p.loss,
    task_metrics: taskMetrics(p.loss.name),
    target_scale: p.targetScale,
    l2: p.l2,
    epochs: spec.epochs,
    max_steps: spec.maxSteps,
    batch_size: spec.batchSize,
    shuffle: spec.shuffle,
    batch_orders: files.orders,
    clip: spec.gradClip,
    early_stopping: spec.earlyStopping,
    divergence_factor: spec.divergenceFactor,
    optimizer_code: torchOptimizerCall(spec.optimizer, 'params', 'script'),
    schedule: schedule
      ? { code: schedule.code, interval: schedule.interval, plateau_monitor: schedule.plateauMonitor }
      : null,
    threads: 1,
    /** Epoch counts after which the runner waits for "continue" on stdin (a search's pruning). */
    rungs: spec.rungs,
  };
}
