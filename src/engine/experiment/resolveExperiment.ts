// resolveExperiment: Fills every default of a validated experiment file.
import { isAbsolute, resolve } from 'node:path';
import {
  maximizedMetrics,
  type ExperimentFile,
  type GradClip,
  type MonitoredMetric,
  type ResolvedEarlyStopping,
  type ResolvedExperiment,
  type ResolvedLoss,
  type ResolvedModel,
  type ResolvedObjective,
} from '../../protocol/experiment';
import { resolveSearch } from './resolveSearch';
import { resolveDataParallel } from '../../protocol/dataParallel';

/** Defaults that depend on the kind of problem; the rest are zod defaults in the protocol schema. */
export const DEFAULTS = {
  epochs: 100,
  surfaceSteps: 500,
  batchSize: null,
  shuffle: true,
  conditionNumber: 100,
  huberDelta: 1.0,
  activation: 'relu',
  normType: 2,
  factory: 'build_model',
} as const;

/** The direction a metric improves in, used when `mode` is not given. */
export function defaultMode(metric: MonitoredMetric): 'min' | 'max' {
  return maximizedMetrics.includes(metric) ? 'max' : 'min';
}

function resolveModel(m: ExperimentFile['model'], baseDir: string): ResolvedModel {
  if (m === undefined) return { type: 'linear', init: 'torch_default' };
  if (m.type === 'pytorch') {
    // The schema requires a relative path inside the experiment's folder.
    return {
      type: 'pytorch',
      path: resolve(baseDir, m.path ?? ''),
      root: resolve(baseDir),
      factory: m.factory ?? DEFAULTS.factory,
      loss: m.loss ?? null,
      ...(m.data ? { data: m.data } : {}),
      init: m.init,
    };
  }
  if (m.type === 'mlp') {
    // The schema requires hidden for an mlp; the fallback only satisfies the type checker.
    return {
      type: 'mlp',
      hidden: m.hidden ?? [],
      activation: m.activation ?? DEFAULTS.activation,
      init: m.init,
    };
  }
  return { type: m.type, init: m.init };
}

/**
 * The loss when the file fixes it without the data: explicitly, through a model that needs one loss,
 * or through an explicit task. Otherwise null: the engine picks it once the data's task is known.
 */
function resolveLoss(file: ExperimentFile): ResolvedLoss | null {
  const l = file.loss;
  if (l !== undefined)
    return l.name === 'huber' ? { name: 'huber', delta: l.delta ?? DEFAULTS.huberDelta } : { name: l.name };
  if (file.model?.type === 'logistic') return { name: 'bce_with_logits' };
  if (file.model?.type === 'softmax') return { name: 'cross_entropy' };
  switch (file.data?.task) {
    case 'regression':
      return { name: 'mse' };
    case 'binary':
      return { name: 'bce_with_logits' };
    case 'multiclass':
      return { name: 'cross_entropy' };
    default:
      return null;
  }
}

function resolveGradClip(c: ExperimentFile['grad_clip']): GradClip | null {
  if (c === undefined || c === null) return null;
  if (c.clip_value !== undefined) return { clip_value: c.clip_value };
  return { max_norm: c.max_norm!, norm_type: c.norm_type ?? DEFAULTS.normType };
}

function resolveObjective(o: ExperimentFile['objective'], fallback: MonitoredMetric): ResolvedObjective {
  const metric = o?.metric ?? fallback;
  return { metric, mode: o?.mode ?? defaultMode(metric), use: o?.use ?? 'final' };
}

function resolveEarlyStopping(
  e: NonNullable<ExperimentFile['training']>['early_stopping'],
): ResolvedEarlyStopping | null {
  if (e === undefined || e === null) return null;
  return { ...e, mode: e.mode ?? defaultMode(e.monitor) };
}

/**
 * Fills every default of a validated experiment file: the problem-dependent ones (epochs or steps,
 * objective, loss, modes) and `name` (given by the caller, usually from the file name). `data.path`
 * becomes absolute, resolved against `baseDir`, the experiment file's folder.
 */
export function resolveExperiment(
  file: ExperimentFile,
  options: { name: string; baseDir: string },
): ResolvedExperiment {
  const common = {
    name: file.name ?? options.name,
    description: file.description ?? null,
    optimizers: file.optimizers,
    schedule: file.schedule ?? null,
    grad_clip: resolveGradClip(file.grad_clip),
    ...(file.search ? { search: resolveSearch(file.search, file.optimizers) } : {}),
  };
  const t = file.training;
  const seeds = t?.seeds ?? [0];
  const precision = t?.precision ?? 'float64';
  const divergence_factor = t?.divergence_factor ?? 100;

  if (file.surface !== undefined) {
    const s = file.surface;
    return {
      kind: 'surface',
      ...common,
      objective: resolveObjective(file.objective, 'train_loss'),
      surface: {
        name: s.name,
        start: s.start ?? null,
        condition_number:
          s.name === 'ill_conditioned' ? (s.condition_number ?? DEFAULTS.conditionNumber) : null,
        perturbation:
          s.perturbation === undefined
            ? null
            : {
                sigma: s.perturbation.sigma,
                every: s.perturbation.every ?? null,
                when_grad_norm_below: s.perturbation.when_grad_norm_below ?? null,
              },
        restarts: s.restarts,
      },
      training: { steps: t?.steps ?? DEFAULTS.surfaceSteps, seeds, precision, divergence_factor },
    };
  }

  // The schema guarantees exactly one of data, a model's data function (model.data) and surface.
  const data = file.data ?? null;
  // A data function's splits are known when it runs; its objective follows validation then.
  const hasValidation = data === null || data.split.validation > 0;
  return {
    kind: 'data',
    ...common,
    objective: resolveObjective(file.objective, hasValidation ? 'val_loss' : 'train_loss'),
    data:
      data === null
        ? null
        : { ...data, path: isAbsolute(data.path) ? data.path : resolve(options.baseDir, data.path) },
    model: resolveModel(file.model, options.baseDir),
    loss: resolveLoss(file),
    l2: file.l2,
    training: {
      epochs: t?.epochs ?? DEFAULTS.epochs,
      steps: t?.steps ?? null,
      batch_size: t?.batch_size ?? DEFAULTS.batchSize,
      shuffle: t?.shuffle ?? DEFAULTS.shuffle,
      seeds,
      precision,
      early_stopping: resolveEarlyStopping(t?.early_stopping),
      divergence_factor,
      ...(t?.data_parallel ? { data_parallel: [t.data_parallel].flat().map(resolveDataParallel) } : {}),
    },
  };
}
