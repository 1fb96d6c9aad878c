// A new experiment file drafted from a data file's summary: the choices offered (target, model, optimizers)
// and the file they make.
import { basename, extname } from 'node:path';
import type { ColumnSummary, TableSummary } from '../engine/data/inspect';
import {
  DEFAULT_EPOCHS,
  DEFAULT_SEEDS,
  defaultBatchSize,
  defaultMissing,
  defaultObjective,
  defaultPreprocessing,
  defaultSplit,
} from '../engine/experiment/experimentDefaults';
import type { TaskKind } from '../protocol/data';
import type { ModelType } from '../protocol/experiment';
import { optimizerPresets, type OptimizerConfigInput } from '../protocol/optimizers';

/**
 * The choices behind "New Experiment from Data File", as plain data: the quick-pick options offered
 * after the engine inspected the file, and the experiment file they produce. No VS Code here, so
 * the whole flow minus the pickers is unit-tested.
 */

/** Categorical features with more levels than this are left out (the engine's max_categories). */
export const MAX_CATEGORIES = 20;

export interface PickOption<T> {
  label: string;
  description?: string;
  detail?: string;
  picked?: boolean;
  value: T;
}

function columnDetail(c: ColumnSummary): string {
  const missing = c.missing > 0 ? `, ${c.missing} missing` : '';
  if (c.kind === 'categorical') return `categorical, ${c.distinct} levels${missing}`;
  if (c.kind === 'boolean') return `boolean${missing}`;
  return `numeric, ${c.distinct} distinct, ${c.min} … ${c.max}${missing}`;
}

/** Target candidates: every column that has values; the last column (the usual place) first. */
export function targetOptions(s: TableSummary): PickOption<string>[] {
  const usable = s.columns.filter((c) => c.kind !== 'empty');
  const ordered = usable.length ? [usable[usable.length - 1]!, ...usable.slice(0, -1)] : [];
  return ordered.map((c) => ({ label: c.name, description: columnDetail(c), value: c.name }));
}

export interface ModelChoice {
  type: ModelType | 'pytorch';
  hidden?: number[];
  /** A pytorch model: its file relative to the experiment's folder, and its factory. */
  path?: string;
  factory?: string;
}

/** Models that fit the task the engine inferred for the target: a linear one and a small MLP. */
export function modelOptions(task: TaskKind): PickOption<ModelChoice>[] {
  const linear: Record<TaskKind, PickOption<ModelChoice>> = {
    regression: {
      label: 'linear',
      detail: 'Linear regression (nn.Linear, MSELoss)',
      value: { type: 'linear' },
    },
    binary: {
      label: 'logistic',
      detail: 'Logistic regression (nn.Linear, BCEWithLogitsLoss)',
      value: { type: 'logistic' },
    },
    multiclass: {
      label: 'softmax',
      detail: 'Softmax regression (nn.Linear, CrossEntropyLoss)',
      value: { type: 'softmax' },
    },
  };
  return [
    linear[task],
    {
      label: 'mlp [16]',
      detail: 'One hidden layer of 16 ReLU units',
      value: { type: 'mlp', hidden: [16] },
    },
    {
      label: 'mlp [32, 32]',
      detail: 'Two hidden layers of 32 ReLU units',
      value: { type: 'mlp', hidden: [32, 32] },
    },
    {
      label: 'Your PyTorch model…',
      detail:
        'A .py file beside the data whose factory returns a torch.nn.Module (runs in your Python with torch)',
      value: { type: 'pytorch' },
    },
  ];
}

/** Optimizer presets (the protocol's table, in its order) as quick-pick options. */
export function optimizerOptions(): PickOption<OptimizerConfigInput>[] {
  const presets = Object.values(optimizerPresets).flat();
  return presets.map((p) => ({
    label: p.label,
    description: Object.entries(p.config)
      .filter(([k]) => k !== 'name')
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' '),
    ...(p.picked ? { picked: true } : {}),
    value: p.config,
  }));
}

export interface DraftChoices {
  /** The data file path as the experiment refers to it (relative to the experiment's folder). */
  dataPath: string;
  target: string;
  task: TaskKind;
  model: ModelChoice;
  optimizers: OptimizerConfigInput[];
  precision: 'float64' | 'float32';
}

/**
 * The experiment file for the choices. Features are listed only when some column must be left out
 * (too many categories, or no values), so the usual file stays short; missing values are dropped
 * row-wise when a used column has any, and the description says so.
 */
export function draftExperiment(s: TableSummary, c: DraftChoices): Record<string, unknown> {
  const others = s.columns.filter((col) => col.name !== c.target);
  const unusable = others.filter(
    (col) => col.kind === 'empty' || (col.kind === 'categorical' && col.distinct > MAX_CATEGORIES),
  );
  const features = others.filter((col) => !unusable.includes(col));
  const target = s.columns.find((col) => col.name === c.target);
  const withMissing = [...features, ...(target ? [target] : [])].filter((col) => col.missing > 0);
  const notes = [`${c.model.type} model on ${basename(c.dataPath)} predicting "${c.target}" (${c.task}).`];
  if (unusable.length) notes.push(`Left out: ${unusable.map((u) => u.name).join(', ')}.`);
  if (withMissing.length)
    notes.push(`Rows with missing values in ${withMissing.map((u) => u.name).join(', ')} are dropped.`);
  return {
    name: experimentBase(c.dataPath),
    description: notes.join(' '),
    data: {
      path: c.dataPath,
      target: c.target,
      ...(unusable.length ? { features: features.map((f) => f.name) } : {}),
      split: defaultSplit(c.task),
      preprocessing: defaultPreprocessing(c.task, defaultMissing(withMissing.length > 0)),
    },
    model:
      c.model.type === 'pytorch'
        ? { type: 'pytorch', path: c.model.path, factory: c.model.factory ?? 'build_model' }
        : c.model.hidden
          ? { type: c.model.type, hidden: c.model.hidden }
          : { type: c.model.type },
    training: {
      epochs: DEFAULT_EPOCHS,
      batch_size: defaultBatchSize(s.rows),
      seeds: [...DEFAULT_SEEDS],
      precision: c.precision,
    },
    optimizers: c.optimizers,
    objective: defaultObjective(c.task),
  };
}

/** `data/iris.csv` → `iris`. */
export function experimentBase(dataPath: string): string {
  const base = basename(dataPath);
  return base.slice(0, base.length - extname(base).length) || base;
}

/** A file name beside the data file that does not exist yet: `iris.optlab.json`, `iris-2.optlab.json`, ... */
export function experimentFileName(dataPath: string, exists: (name: string) => boolean): string {
  const base = experimentBase(dataPath);
  for (let i = 1; ; i++) {
    const name = i === 1 ? `${base}.optlab.json` : `${base}-${i}.optlab.json`;
    if (!exists(name)) return name;
  }
}
