// ReplaySetup: Everything needed to replay a reference case with the engine's own training loop.
import { dirname, resolve } from 'node:path';
import { ConfigError, DataError } from '../errors';
import { loadTable } from '../data/loadTable';
import type { Table } from '../data/table';
import { createModel } from '../models/index';
import type { ModelSpec, Activation } from '../models/spec';
import type { LossSpec } from '../losses/loss';
import type { ParamTensor } from '../models/model';
import { namedToParams, type NamedParams } from '../models/namedParams';
import { getSurface } from '../surfaces/registry';
import { allocFloat, type FloatArray, type Precision } from '../types';
import type { OptimizerConfigInput } from '../../protocol/optimizers';
import { scheduleConfigSchema, type ScheduleConfig } from '../../protocol/schedules';
import { DatasetSource } from '../train/datasetSource';
import { SurfaceSource } from '../train/surfaceSource';
import type { StepSource } from '../train/stepSource';
import type { GradClipConfig, TrainOptions } from '../train/trainLoop';
import type { ReferenceCase } from './caseFormat';

/** Everything needed to replay a reference case with the engine's own training loop. */
export interface ReplaySetup {
  source: StepSource;
  params: FloatArray;
  layout: ParamTensor[];
  options: TrainOptions;
  miniBatch: boolean;
  /** Parameter layout of the case's `final_params` for reporting the engine's values. */
  toNamed(params: FloatArray): NamedParams;
}

/** Keys torch keeps in a param group that select an implementation, not the mathematics. */
const implementationKeys = new Set(['foreach', 'capturable', 'differentiable', 'fused', 'initial_lr']);

const activations: Record<string, Activation> = {
  Tanh: 'tanh',
  ReLU: 'relu',
  Sigmoid: 'sigmoid',
  LeakyReLU: 'leaky_relu',
};

const losses: Record<string, LossSpec['name']> = {
  MSELoss: 'mse',
  HuberLoss: 'huber',
  BCEWithLogitsLoss: 'bce_with_logits',
  CrossEntropyLoss: 'cross_entropy',
};

/** The optimizer as the engine takes it: torch's param group minus implementation switches. */
function optimizerOf(c: ReferenceCase): OptimizerConfigInput {
  const hp: Record<string, unknown> = { name: c.optimizer.name };
  for (const [k, v] of Object.entries(c.optimizer.param_group_hyperparams)) {
    if (!implementationKeys.has(k)) hp[k] = v;
  }
  return hp as OptimizerConfigInput;
}

/** torch's scheduler keyword arguments as an engine schedule, stepped once per iteration. */
function scheduleOf(c: ReferenceCase): ScheduleConfig | null {
  const s = c.scheduler;
  if (!s) return null;
  const flat = (name: string, kwargs: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = { name };
    for (const [k, v] of Object.entries(kwargs)) {
      // `verbose` only prints; `last_epoch = -1` is the default start.
      if (k === 'verbose' || (k === 'last_epoch' && v === -1)) continue;
      if (k === 'schedulers' && Array.isArray(v)) {
        out[k] = v.map((child: { name: string; kwargs?: Record<string, unknown> }) =>
          flat(child.name, child.kwargs ?? {}),
        );
      } else out[k] = v;
    }
    return out;
  };
  const raw = { ...flat(s.name, s.kwargs), interval: 'step' } as Record<string, unknown>;
  if (s.name === 'ReduceLROnPlateau') raw['monitor'] = 'train_loss';
  const parsed = scheduleConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      `scheduler ${s.name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(kwargs)'}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

function gradClipOf(c: ReferenceCase): GradClipConfig | null {
  const g = c.grad_clip;
  if (!g) return null;
  if (g.kind === 'value') return { clip_value: g.clip_value };
  const t = g.norm_type;
  const normType = t === undefined ? 2 : typeof t === 'string' ? (t === 'inf' ? 'inf' : Number(t)) : t;
  return { max_norm: g.max_norm, norm_type: normType === Infinity ? 'inf' : normType };
}

function numericColumn(table: Table, name: string): Float64Array {
  const col = table.columns.find((c) => c.name === name);
  if (!col) {
    throw new DataError(
      `column "${name}" not found; the file has ${table.columns.map((c) => `"${c.name}"`).join(', ')}`,
      {
        file: table.file,
      },
    );
  }
  if (col.kind !== 'numeric' && col.kind !== 'boolean') {
    throw new DataError(`column "${name}" must be numeric for a reference replay, it is ${col.kind}`, {
      file: table.file,
    });
  }
  return col.values;
}

/**
 * Builds the replay of a reference case: data standardized in float64 with the case's own
 * statistics and then cast to the case's dtype, the model and initial parameters as recorded, and
 * the optimizer, scheduler and clipping as torch had them.
 */
export async function setupReplay(c: ReferenceCase, casePath: string): Promise<ReplaySetup> {
  const precision: Precision = c.dtype;
  const miniBatch = c.batch_size !== undefined;
  const epochs = miniBatch ? (c.epochs ?? c.permutations?.length ?? 0) : (c.steps ?? 0);
  if (epochs <= 0) throw new ConfigError('the case has neither steps nor epochs to replay');
  const options: TrainOptions = {
    optimizer: optimizerOf(c),
    schedule: scheduleOf(c),
    gradClip: gradClipOf(c),
    epochs,
  };

  if (c.problem.type === 'function2d') {
    const surface = getSurface(c.problem.function);
    const start = c.initial_params['xy'];
    if (!Array.isArray(start) || start.length !== 2)
      throw new ConfigError('initial_params.xy must be [x, y]');
    const params = allocFloat(precision, 2);
    params[0] = start[0] as number;
    params[1] = start[1] as number;
    const layout: ParamTensor[] = [{ name: 'xy', shape: [2], offset: 0, size: 2, kind: 'weight' }];
    return {
      source: new SurfaceSource(surface),
      params,
      layout,
      options: { ...options, recordTrajectory: true },
      miniBatch: false,
      toNamed: (p) => ({ xy: [p[0]!, p[1]!] }),
    };
  }

  const p = c.problem;
  // dataset_csv is relative to the case file, not to the working directory: name the resolved file
  // and the case, so a missing or broken data file is found among several cases.
  let table: Table;
  try {
    table = await loadTable(resolve(dirname(casePath), p.dataset_csv));
  } catch (e) {
    if (e instanceof DataError) throw new DataError(`${e.message} (dataset_csv of ${casePath})`, e.location);
    throw e;
  }
  const nRows = table.nRows;
  const nf = p.feature_columns.length;
  if (p.feature_mean.length !== nf || p.feature_std.length !== nf) {
    throw new ConfigError(`feature_mean and feature_std must have ${nf} entries, one per feature column`);
  }
  const X = allocFloat(precision, nRows * nf);
  p.feature_columns.forEach((name, j) => {
    const values = numericColumn(table, name);
    const mean = p.feature_mean[j]!;
    const std = p.feature_std[j]!;
    for (let r = 0; r < nRows; r++) X[r * nf + j] = (values[r]! - mean) / std;
  });
  const y = allocFloat(precision, nRows);
  const target = numericColumn(table, p.target_column);
  for (let r = 0; r < nRows; r++) {
    y[r] =
      p.target_mean !== undefined && p.target_std !== undefined
        ? (target[r]! - p.target_mean) / p.target_std
        : target[r]!;
  }

  const lossName = losses[p.loss_fn]!;
  const loss: LossSpec = { name: lossName };
  const delta = p.loss_kwargs?.['delta'];
  if (typeof delta === 'number') loss.delta = delta;
  const m = c.model ?? { type: 'linear' as const };
  let spec: ModelSpec;
  let nOutputs: number;
  if (m.type === 'mlp') {
    const sizes = m.sizes;
    if (!sizes || sizes.length < 3)
      throw new ConfigError('an mlp case needs model.sizes [in, hidden..., out]');
    if (sizes[0] !== nf)
      throw new ConfigError(`model.sizes[0] is ${sizes[0]}, but there are ${nf} feature columns`);
    nOutputs = sizes[sizes.length - 1]!;
    spec = {
      type: 'mlp',
      hidden: sizes.slice(1, -1),
      activation: activations[m.hidden_activation ?? 'ReLU']!,
    };
  } else {
    const shape = m.param_shapes?.['weight'];
    nOutputs = shape?.[0] ?? 1;
    spec = {
      type: lossName === 'bce_with_logits' ? 'logistic' : lossName === 'cross_entropy' ? 'softmax' : 'linear',
    };
  }
  const model = createModel(spec, loss, { nFeatures: nf, nOutputs, maxRows: nRows, precision });
  const params = allocFloat(precision, model.numParams);
  namedToParams(model.layout, c.initial_params as NamedParams, params);
  const source = new DatasetSource(model, { X, y, rows: nRows }, null, {
    nFeatures: nf,
    yWidth: lossName === 'cross_entropy' ? 1 : nOutputs,
    nOutputs,
    batchSize: miniBatch ? c.batch_size! : null,
    shuffle: false,
    seed: 0,
    ...(c.permutations ? { batchOrder: c.permutations } : {}),
  });
  return {
    source,
    params,
    layout: model.layout,
    options,
    miniBatch,
    toNamed: (q) => {
      const out: NamedParams = {};
      for (const t of model.layout) out[t.name] = reshape(q, t);
      return out;
    },
  };
}

function reshape(p: FloatArray, t: ParamTensor): NamedParams[string] {
  const values = Array.from(p.subarray(t.offset, t.offset + t.size));
  if (t.shape.length === 1) return values;
  const [rows, cols] = t.shape as [number, number];
  return Array.from({ length: rows }, (_, r) => values.slice(r * cols, r * cols + cols));
}
