// trainLoop: Trains with torch's loop (its options and result types live in trainTypes.ts).
import type { FloatArray } from '../types';
import { formatNumber } from '../format';
import { allocLike } from '../types';
import { createOptimizer } from '../optim/index';
import { createScheduler } from '../schedules/index';
import type { LrScheduler } from '../schedules/scheduler';
import { EarlyStopping } from './earlyStopping';
import type { StepSource, Evaluation } from './stepSource';
import { StepLoop } from './stepLoop';
import type { TrainOptions, TrainResult } from './trainTypes';

export type {
  EarlyStoppingSpec,
  EpochEvent,
  GradClipConfig,
  RunStatus,
  StepEvent,
  TrainOptions,
  TrainResult,
} from './trainTypes';

function monitoredValue(monitor: string, trainLoss: number, v: Evaluation | null): number {
  if (monitor === 'train_loss') return trainLoss;
  if (v === null) throw new Error(`early stopping monitors ${monitor}, but there is no validation split`);
  if (monitor === 'val_loss') return v.loss;
  const key = monitor.replace(/^val_/, '');
  const value = v.metrics[key];
  if (value === undefined)
    throw new Error(`early stopping monitors ${monitor}, which this task does not compute`);
  return value;
}

/**
 * A mini-batch loss this many times the initial loss stops a run before its epoch ends: far
 * beyond what sampling noise gives (a healthy SGD run on single rows of breast cancer reaches
 * ~600×), it means the parameters have blown up, and finishing the epoch would only waste time.
 */
export const BATCH_EXPLOSION_FACTOR = 1e6;

function isFiniteArray(a: FloatArray): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return false;
  return true;
}

/**
 * Trains with torch's loop: for each batch, `loss = L(params); backward; [clip]; opt.step();
 * [sched.step()]`; per-epoch schedulers step after the epoch. `initialParams` is not modified.
 * The steps themselves run in {@link StepLoop}; this function holds what happens once per run
 * and once per epoch.
 */
export function trainLoop(source: StepSource, initialParams: FloatArray, o: TrainOptions): TrainResult {
  const t0 = performance.now();
  const params = initialParams.slice() as FloatArray;
  const grads = allocLike(params);
  const optimizer = createOptimizer(
    o.optimizer,
    params.length,
    params instanceof Float32Array ? 'float32' : 'float64',
  );
  const bpe = source.batchesPerEpoch;
  const scheduler: LrScheduler | null = o.schedule
    ? createScheduler(o.schedule, optimizer.group, { stepsPerEpoch: bpe, epochs: o.epochs })
    : null;
  const perStep = o.schedule?.interval === 'step';
  const early = o.earlyStopping ? new EarlyStopping(o.earlyStopping) : null;
  const factor = o.divergenceFactor ?? Infinity;

  const r: TrainResult = {
    status: 'done',
    steps: 0,
    epochs: 0,
    params,
    stepLoss: [],
    stepLr: [],
    stepGradNorm: [],
    epochTrainLoss: [],
    epochValidation: [],
    epochElapsedMs: [],
    finalTrainLoss: NaN,
    finalValidation: null,
    bestEpoch: null,
    divergedAtStep: null,
    divergenceReason: null,
    failure: null,
    trajectory: o.recordTrajectory ? [] : null,
    elapsedMs: 0,
  };
  const initialLoss = source.trainLoss(params);
  r.epochTrainLoss.push(initialLoss);
  r.epochValidation.push(source.evaluate(params));
  r.epochElapsedMs.push(0);
  let best: FloatArray | null = null;
  if (early) {
    const v = monitoredValue(o.earlyStopping!.monitor, initialLoss, r.epochValidation[0]!);
    if (early.update(v, 0) && o.earlyStopping!.restore_best) best = params.slice() as FloatArray;
  }
  const bound = factor * Math.abs(initialLoss);
  const beyond = (loss: number): boolean => loss > bound && loss > initialLoss;
  // A full batch's loss is the training loss itself; a mini-batch's is only a noisy sample of it.
  const stepBound = bpe === 1 ? factor : Math.max(factor, BATCH_EXPLOSION_FACTOR);
  const steps = new StepLoop({
    source,
    params,
    grads,
    optimizer,
    scheduler,
    options: o,
    result: r,
    initialLoss,
    stepBound,
  });

  for (let epoch = 0; epoch < o.epochs; epoch++) {
    source.beginEpoch(epoch);
    if (!steps.epoch(epoch)) break;
    r.epochs = epoch + 1;
    const trainLoss = source.trainLoss(params);
    const validation = source.evaluate(params);
    r.epochTrainLoss.push(trainLoss);
    r.epochValidation.push(validation);
    r.epochElapsedMs.push(performance.now() - t0);
    o.onEpoch?.({ epoch, step: r.steps, trainLoss, validation, elapsedMs: performance.now() - t0 });
    if (!Number.isFinite(trainLoss) || !isFiniteArray(params)) {
      steps.diverge(r.steps, 'the parameters or the loss became NaN or infinite');
      break;
    }
    // With full batches the next step's check sees this same loss, as the run's last recorded one.
    if (bpe > 1 && beyond(trainLoss)) {
      steps.diverge(
        r.steps,
        `the training loss ${formatNumber(trainLoss)} after epoch ${epoch + 1} grew beyond ${factor} × the run's initial loss ${formatNumber(initialLoss)}`,
      );
      break;
    }
    if (scheduler && !perStep && !steps.stepScheduler(trainLoss, validation?.loss)) break;
    if (early) {
      const v = monitoredValue(o.earlyStopping!.monitor, trainLoss, validation);
      if (early.update(v, epoch + 1) && o.earlyStopping!.restore_best) best = params.slice() as FloatArray;
      if (early.shouldStop()) {
        r.status = 'early-stopped';
        break;
      }
    }
  }
  // The point after the last step, unless a step's own divergence check already recorded it: the
  // trajectory always holds steps + 1 points, also when the epoch-end loss is what diverged.
  if (r.trajectory && r.trajectory.length === r.steps * params.length)
    for (let i = 0; i < params.length; i++) r.trajectory.push(params[i]!);
  if (early) {
    r.bestEpoch = early.bestEpoch;
    if (best && o.earlyStopping!.restore_best && r.status !== 'diverged') params.set(best);
  }
  r.finalTrainLoss = source.trainLoss(params);
  r.finalValidation = source.evaluate(params);
  r.elapsedMs = performance.now() - t0;
  return r;
}
