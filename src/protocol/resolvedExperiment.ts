// The resolved experiment the engine runs: every default filled, paths absolute, the problem's
// kind (data or surface) told apart. What the engine reads after resolveExperiment.
import type { OptimizerConfig } from './optimizers';
import type { ScheduleConfig } from './schedules';
import type { DataSpec } from './data';
import type { ResolvedDataParallel } from './dataParallel';
import type { ResolvedSearch } from './search';
import type { InitSpec } from './experimentSections';
import type { Activation, LossName, MonitoredMetric, SurfaceName } from './experimentNames';

/** Gradient clipping after resolution: by norm (torch.nn.utils.clip_grad_norm_) or by value. */
export type GradClip = { max_norm: number; norm_type: number | 'inf' } | { clip_value: number };

export interface Perturbation {
  sigma: number;
  /** Exactly one of these two is non-null. */
  every: number | null;
  when_grad_norm_below: number | null;
}

export interface ResolvedSurface {
  name: SurfaceName;
  /** Null: the surface's own classic start, filled by the engine. */
  start: [number, number] | null;
  /** 100 by default for ill_conditioned, null for every other surface. */
  condition_number: number | null;
  perturbation: Perturbation | null;
  restarts: number;
}

export type ResolvedModel =
  | { type: 'linear' | 'logistic' | 'softmax'; init: InitSpec }
  | { type: 'mlp'; hidden: number[]; activation: Activation; init: InitSpec }
  | ResolvedPytorchModel;

/** The user's own torch.nn.Module, built by a Python runner process (docs/own-model.md). */
export interface ResolvedPytorchModel {
  type: 'pytorch';
  /** Absolute path of the model file. */
  path: string;
  /** The experiment file's folder: the user's code, where the runner locates a traceback. */
  root: string;
  factory: string;
  /** A loss function of the model file, or null for the experiment's loss. */
  loss: string | null;
  /** A data function of the model file that supplies the data instead of a data file (absent: none). */
  data?: string;
  init: InitSpec;
}

export type ResolvedLoss = { name: 'huber'; delta: number } | { name: Exclude<LossName, 'huber'> };

export interface ResolvedEarlyStopping {
  monitor: MonitoredMetric;
  patience: number;
  min_delta: number;
  mode: 'min' | 'max';
  restore_best: boolean;
}

export interface ResolvedObjective {
  metric: MonitoredMetric;
  mode: 'min' | 'max';
  use: 'final' | 'best';
}

interface ResolvedCommon {
  name: string;
  description: string | null;
  optimizers: OptimizerConfig[];
  schedule: ScheduleConfig | null;
  grad_clip: GradClip | null;
  objective: ResolvedObjective;
  /** Present when the file has a `search` section: the trials replace the list of optimizers. */
  search?: ResolvedSearch;
}

/** A model trained on a data file; every default filled, `data.path` absolute. */
export interface ResolvedDataExperiment extends ResolvedCommon {
  kind: 'data';
  /** Null when the model's data function (model.data) supplies the data instead of a file. */
  data: DataSpec | null;
  model: ResolvedModel;
  /** Null when the loss follows from the task, which is only known once the data is read. */
  loss: ResolvedLoss | null;
  l2: number;
  training: {
    epochs: number;
    /** Cap on the total optimizer steps, or null for none. */
    steps: number | null;
    batch_size: number | null;
    shuffle: boolean;
    seeds: number[];
    precision: 'float64' | 'float32';
    early_stopping: ResolvedEarlyStopping | null;
    divergence_factor: number;
    /** Present only when the file asks for simulated data-parallel training: one entry per setting compared. */
    data_parallel?: ResolvedDataParallel[];
  };
}

/** A 2-D test function minimized directly; every default filled. */
export interface ResolvedSurfaceExperiment extends ResolvedCommon {
  kind: 'surface';
  surface: ResolvedSurface;
  training: {
    steps: number;
    seeds: number[];
    precision: 'float64' | 'float32';
    divergence_factor: number;
  };
}

export type ResolvedExperiment = ResolvedDataExperiment | ResolvedSurfaceExperiment;
