// StepLoop: the optimizer steps of one run's epochs, the hot path of training, kept apart from
// trainLoop's once-per-run and once-per-epoch work so that V8 optimizes it once per worker.
import { ConfigError } from '../errors';
import { formatNumber } from '../format';
import type { FloatArray } from '../types';
import type { Optimizer } from '../optim/optimizer';
import { clipGradNorm, clipGradValue, gradNorm } from '../optim/clip';
import type { LrScheduler } from '../schedules/scheduler';
import type { StepSource } from './stepSource';
import type { GradClipConfig, StepEvent, TrainOptions, TrainResult } from './trainTypes';

/** What a step loop needs from its run, fixed before the first step. */
export interface StepLoopSetup {
  source: StepSource;
  params: FloatArray;
  grads: FloatArray;
  optimizer: Optimizer;
  scheduler: LrScheduler | null;
  options: TrainOptions;
  /** The run's result, which the steps fill (curves, step count, how the run ended). */
  result: TrainResult;
  initialLoss: number;
  /** A batch loss beyond this × |initialLoss| (and above initialLoss) ends the run. */
  stepBound: number;
}

/**
 * The optimizer steps of one run's epochs: for each batch, `loss = L(params); backward; [clip];
 * opt.step(); [sched.step()]`, with the checks that end a run (cancel, maximum steps, divergence,
 * a scheduler torch would refuse to step).
 *
 * Why a class of its own: a worker trains run after run, and V8 optimizes whatever is hot with the
 * feedback gathered so far. When the steps sat inside trainLoop's one big function, V8 compiled
 * that function on the stack mid-epoch (on-stack replacement) before its epoch-end code had ever
 * run, deoptimized it at the epoch's end, and compiled it again, ~18 times per worker at 20–40 ms
 * each on the compiler threads, which compete with the other worker on 2 cores (docs/bench.md,
 * "Pool scaling (figure 3)"). Here the loop's own code runs in full every epoch, every field is
 * set in the constructor (one hidden class for every run) and the run's options are read once, so
 * the hot functions are compiled about once per worker and stay compiled.
 */
export class StepLoop {
  private readonly source: StepSource;
  private readonly params: FloatArray;
  private readonly grads: FloatArray;
  private readonly optimizer: Optimizer;
  private readonly scheduler: LrScheduler | null;
  /**
   * The learning rate of a run without a scheduler (nothing else writes it), read once rather than
   * from the param group at every step: the groups of different optimizers, and of one optimizer
   * while its fields' number representations settle (SGD's momentum 0, then 0.9), have different
   * hidden classes, each a deoptimization of the compiled step.
   */
  private readonly fixedLr: number;
  private readonly perStepSchedule: boolean;
  private readonly plateauMonitor: string | null;
  private readonly scheduleName: string;
  private readonly r: TrainResult;
  private readonly batches: number;
  private readonly maxSteps: number;
  private readonly initialLoss: number;
  private readonly stepBound: number;
  private readonly clip: GradClipConfig | null;
  private readonly perturb: ((step: number, grads: FloatArray) => void) | null;
  private readonly onStep: ((e: StepEvent) => void) | null;
  private readonly shouldStop: (() => boolean) | null;

  constructor(s: StepLoopSetup) {
    const o = s.options;
    this.source = s.source;
    this.params = s.params;
    this.grads = s.grads;
    this.optimizer = s.optimizer;
    this.scheduler = s.scheduler;
    this.fixedLr = s.optimizer.group.lr;
    this.perStepSchedule = o.schedule?.interval === 'step';
    this.plateauMonitor = o.schedule?.name === 'ReduceLROnPlateau' ? o.schedule.monitor : null;
    this.scheduleName = o.schedule?.name ?? '';
    this.r = s.result;
    this.batches = s.source.batchesPerEpoch;
    this.maxSteps = o.maxSteps ?? Infinity;
    this.initialLoss = s.initialLoss;
    this.stepBound = s.stepBound;
    this.clip = o.gradClip ?? null;
    this.perturb = o.perturb ?? null;
    this.onStep = o.onStep ?? null;
    this.shouldStop = o.shouldStop ?? null;
  }

  /**
   * Runs the batches of `epoch` (the source has begun it); false when a step ended the run
   * (`result.status` and the divergence or failure fields say why; 'done' at the maximum steps).
   */
  epoch(epoch: number): boolean {
    for (let b = 0; b < this.batches; b++) if (!this.step(epoch, b)) return false;
    return true;
  }

  /**
   * One scheduler step, with the monitored value ReduceLROnPlateau reads. torch raises from
   * `scheduler.step()` (OneCycleLR stepped past total_steps: ValueError); the run then ends as
   * 'failed' with that message, keeping the steps and epochs it finished. False in that case.
   */
  stepScheduler(trainValue: number, validationLoss: number | undefined): boolean {
    const scheduler = this.scheduler!;
    try {
      if (this.plateauMonitor === 'train_loss') scheduler.step(trainValue);
      else if (this.plateauMonitor === 'val_loss') scheduler.step(validationLoss ?? trainValue);
      else scheduler.step();
      return true;
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      const r = this.r;
      r.status = 'failed';
      r.failure = `${this.scheduleName}: ${e.message} (stopped after ${r.steps} steps; the curves up to there are kept)`;
      return false;
    }
  }

  /** Marks the run diverged at `step`. */
  diverge(step: number, reason: string): void {
    const r = this.r;
    r.status = 'diverged';
    r.divergedAtStep = step;
    r.divergenceReason = reason;
  }

  private step(epoch: number, b: number): boolean {
    const r = this.r;
    const params = this.params;
    const grads = this.grads;
    if (r.steps >= this.maxSteps) return false;
    if (this.shouldStop !== null && this.shouldStop()) {
      r.status = 'cancelled';
      return false;
    }
    if (r.trajectory) for (let i = 0; i < params.length; i++) r.trajectory.push(params[i]!);
    const loss = this.source.lossAndGrad(params, grads, b);
    if (this.perturb !== null) this.perturb(r.steps, grads);
    const gradNorm = this.clipped();
    const lr = this.scheduler === null ? this.fixedLr : this.optimizer.group.lr;
    r.stepLoss.push(loss);
    r.stepLr.push(lr);
    r.stepGradNorm.push(gradNorm);
    if (this.onStep !== null) this.onStep({ step: r.steps, epoch, loss, lr, gradNorm });
    if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
      this.diverge(
        r.steps,
        `the loss or its gradient became ${Number.isNaN(loss + gradNorm) ? 'NaN' : 'infinite'}`,
      );
      return false;
    }
    const initialLoss = this.initialLoss;
    if (loss > this.stepBound * Math.abs(initialLoss) && loss > initialLoss) {
      const batch = this.batches === 1 ? '' : 'batch ';
      this.diverge(
        r.steps,
        `the ${batch}loss ${formatNumber(loss)} grew beyond ${this.stepBound} × the run's initial loss ${formatNumber(initialLoss)}`,
      );
      return false;
    }
    this.optimizer.step(params, grads);
    r.steps++;
    if (this.scheduler !== null && this.perStepSchedule) {
      const validationLoss =
        this.plateauMonitor === 'val_loss' ? this.source.evaluate(params)?.loss : undefined;
      if (!this.stepScheduler(loss, validationLoss)) return false;
    }
    return true;
  }

  /** The gradient's norm before clipping (torch's clip_grad_norm_ return value), then the clip. */
  private clipped(): number {
    const clip = this.clip;
    const grads = this.grads;
    if (clip !== null && 'max_norm' in clip) {
      const p = clip.norm_type === 'inf' ? Infinity : (clip.norm_type ?? 2);
      return clipGradNorm(grads, clip.max_norm, p);
    }
    const norm = gradNorm(grads);
    if (clip !== null) clipGradValue(grads, clip.clip_value);
    return norm;
  }
}
