// What training takes and reports: TrainOptions, TrainResult, the step and epoch events (also
// GradClipConfig, EarlyStoppingSpec, RunStatus), shared by trainLoop and its StepLoop.
import type { FloatArray } from '../types';
import type { OptimizerConfigInput } from '../../protocol/optimizers';
import type { ScheduleConfig } from '../../protocol/schedules';
import type { EarlyStoppingConfig } from './earlyStopping';
import type { Evaluation } from './stepSource';

/** Gradient clipping as torch.nn.utils does it, applied after backward and before the step. */
export type GradClipConfig = { max_norm: number; norm_type?: number | 'inf' } | { clip_value: number };

/** Early stopping with the value it watches: `val_loss`, `train_loss` or `val_<metric>`. */
export type EarlyStoppingSpec = EarlyStoppingConfig & { monitor: string };

export type RunStatus = 'done' | 'early-stopped' | 'diverged' | 'cancelled' | 'failed';

/** One optimizer step as the loop reports it. */
export interface StepEvent {
  step: number;
  epoch: number;
  /** Loss of the batch at the parameters before this step's update. */
  loss: number;
  lr: number;
  gradNorm: number;
}

/** The end of an epoch: full training loss and validation results after `epoch + 1` epochs. */
export interface EpochEvent {
  epoch: number;
  step: number;
  trainLoss: number;
  validation: Evaluation | null;
  elapsedMs: number;
}

export interface TrainOptions {
  optimizer: OptimizerConfigInput;
  schedule?: ScheduleConfig | null;
  gradClip?: GradClipConfig | null;
  epochs: number;
  /** Stops after this many optimizer steps even mid-epoch. */
  maxSteps?: number;
  earlyStopping?: EarlyStoppingSpec | null;
  /**
   * The run diverges when its training loss grows beyond `divergenceFactor` × its own initial
   * loss: checked after every epoch, and after every step when the batch is the whole training
   * set (surfaces, full batch). A mini-batch loss is too noisy to judge by (one sample can cost
   * hundreds of times the mean loss in a healthy run); only a batch loss beyond
   * BATCH_EXPLOSION_FACTOR × the initial loss stops it mid-epoch.
   */
  divergenceFactor?: number;
  /** Changes the gradient before clipping and the step (the surfaces' noise escape). */
  perturb?: (step: number, grads: FloatArray) => void;
  /** Keep the parameters before every step and after the last (2-D trajectories). */
  recordTrajectory?: boolean;
  onStep?: (e: StepEvent) => void;
  onEpoch?: (e: EpochEvent) => void;
  /** Polled before every step; true cancels the run, keeping what it has. */
  shouldStop?: () => boolean;
}

/** Everything a run produced, at full resolution. */
export interface TrainResult {
  status: RunStatus;
  /** Optimizer steps taken. */
  steps: number;
  /** Epochs completed. */
  epochs: number;
  /** Final parameters (the best ones when early stopping restored them). */
  params: FloatArray;
  /** Per step: batch loss before the update, learning rate used, gradient norm before clipping. */
  stepLoss: number[];
  stepLr: number[];
  stepGradNorm: number[];
  /** Per epoch, index 0 = before training: full training loss and validation results. */
  epochTrainLoss: number[];
  epochValidation: (Evaluation | null)[];
  epochElapsedMs: number[];
  /** Training loss at the returned parameters. */
  finalTrainLoss: number;
  finalValidation: Evaluation | null;
  /** Epoch (1-based count of epochs done) with the best monitored value, when early stopping ran. */
  bestEpoch: number | null;
  /** Step at which a NaN/Inf or exploding loss appeared. */
  divergedAtStep: number | null;
  divergenceReason: string | null;
  /**
   * Why the run stopped with status 'failed' after it started (a scheduler that torch would also
   * refuse to step, e.g. OneCycleLR past total_steps); the curves up to there are kept.
   */
  failure: string | null;
  /** (steps + 1) × numParams values when recordTrajectory was set. */
  trajectory: number[] | null;
  elapsedMs: number;
}
