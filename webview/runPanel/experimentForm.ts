// The run panel's form as plain data: its state as typed, its defaults (shared with New Experiment
// through experimentDefaults), and the experiment file it describes with every problem at its field.
import {
  activations,
  experimentFileSchema,
  modelTypes,
  type Activation,
  type ModelType,
} from '../../src/protocol/experiment';
import type { TaskKind } from '../../src/protocol/data';
import { optimizerSchemas, type OptimizerName } from '../../src/protocol/optimizers';
import {
  DEFAULT_EPOCHS,
  DEFAULT_SEEDS,
  DEFAULT_VALIDATION,
  defaultBatchSize,
  defaultMissing,
  defaultObjective,
  defaultOptimizers,
  defaultPreprocessing,
  defaultSplit,
  draftSchedules,
  scheduleDefaults,
  type DraftSchedule,
  type MissingPolicy,
} from '../../src/engine/experiment/experimentDefaults';
import { readableIssues } from '../../src/engine/experiment/issueMessages';

/** One hyperparameter of an optimizer, with torch's keyword name and default. */
export interface HyperField {
  key: string;
  kind: 'number' | 'boolean' | 'pair';
  default: number | boolean | [number, number];
}

/** The hyperparameters of a torch.optim optimizer, in torch's keyword order, defaults filled. */
export function hyperFields(name: OptimizerName): HyperField[] {
  const defaults = optimizerSchemas[name].parse({ name }) as Record<string, unknown>;
  return Object.entries(defaults)
    .filter(([k]) => k !== 'name')
    .map(([key, v]): HyperField => {
      if (typeof v === 'boolean') return { key, kind: 'boolean', default: v };
      if (Array.isArray(v)) return { key, kind: 'pair', default: [Number(v[0]), Number(v[1])] };
      return { key, kind: 'number', default: Number(v) };
    });
}

/** Default text of a field in the form. */
export function fieldText(f: HyperField): string | boolean {
  if (f.kind === 'boolean') return f.default as boolean;
  if (f.kind === 'pair') return (f.default as [number, number]).join(', ');
  return String(f.default);
}

export interface OptimizerForm {
  name: OptimizerName;
  /** As typed: numbers and pairs as text, flags as booleans. */
  values: Record<string, string | boolean>;
}

export const scheduleChoices = draftSchedules;
export type ScheduleChoice = DraftSchedule;

/** Everything the run panel's form holds, as typed. */
export interface FormState {
  dataPath: string | null;
  target: string;
  name: string;
  /** A built-in model, or `pytorch`: the user's own model from a Python file. */
  model: ModelType | 'pytorch';
  /** The chosen Python file (absolute path) of a pytorch model. */
  modelPath: string | null;
  factory: string;
  hidden: string;
  activation: Activation;
  optimizers: OptimizerForm[];
  seeds: string;
  epochs: string;
  /** As typed; null: the default for the file's size (full batch up to 256 rows). */
  batchSize: string | null;
  schedule: ScheduleChoice;
  /** Only the settings the user typed; the others follow the epochs (scheduleDefaults). */
  scheduleValues: Record<string, string>;
  /** preprocessing.missing; null: drop rows with missing values when the file has any (the default). */
  missing: MissingPolicy | null;
  /** objective.use: rank runs by their best epoch or by their last. */
  objectiveUse: 'best' | 'final';
  /** split.validation as typed. */
  validation: string;
  /** preprocessing.standardize. */
  standardize: boolean;
}

export const missingPolicies = ['error', 'drop', 'mean'] as const;

export function optimizerForm(name: OptimizerName): OptimizerForm {
  return { name, values: Object.fromEntries(hyperFields(name).map((f) => [f.key, fieldText(f)])) };
}

/** An optimizer of the form filled from a configuration (a preset's lr, momentum, ...). */
export function optimizerFromConfig(
  config: { name: OptimizerName } & Record<string, unknown>,
): OptimizerForm {
  const base = optimizerForm(config.name);
  const values = { ...base.values };
  for (const [k, v] of Object.entries(config)) {
    if (k === 'name' || !(k in values)) continue;
    values[k] = typeof v === 'boolean' ? v : Array.isArray(v) ? v.join(', ') : String(v);
  }
  return { name: config.name, values };
}

/** The untouched form: New Experiment's defaults (experimentDefaults), data choices pending. */
export function defaultForm(): FormState {
  return {
    dataPath: null,
    target: '',
    name: 'experiment',
    model: 'linear',
    modelPath: null,
    factory: 'build_model',
    hidden: '16',
    activation: 'relu',
    optimizers: defaultOptimizers().map((c) => optimizerFromConfig(c as { name: OptimizerName })),
    seeds: DEFAULT_SEEDS.join(', '),
    epochs: String(DEFAULT_EPOCHS),
    batchSize: null,
    schedule: 'none',
    scheduleValues: {},
    missing: null,
    validation: String(DEFAULT_VALIDATION),
    standardize: true,
    objectiveUse: 'best',
  };
}

/** What the form's defaults depend on: the chosen file as the host inspected it. */
export interface DataFacts {
  /** The data file's bare name (the experiment is written beside it); null before one is chosen. */
  fileName: string | null;
  rows: number | null;
  /** Whether any column has a missing value. */
  anyMissing: boolean;
  /** The task the engine infers for the chosen target; null when not known. */
  task: TaskKind | null;
}

export const noData: DataFacts = { fileName: null, rows: null, anyMissing: false, task: null };

/** The missing-value policy in force: the user's choice, else drop when the file has missing values. */
export function missingOf(form: FormState, facts: DataFacts): MissingPolicy {
  return form.missing ?? defaultMissing(facts.anyMissing);
}

/** The batch size as shown: the user's text, else the default for the file's size ('' = full batch). */
export function batchSizeText(form: FormState, facts: DataFacts): string {
  return form.batchSize ?? String(defaultBatchSize(facts.rows) ?? '');
}

/** A schedule setting as shown: the user's text, else the default for the epochs typed. */
export function scheduleText(form: FormState, key: string): string {
  const typed = form.scheduleValues[key];
  if (typed !== undefined) return typed;
  const v = scheduleDefaults(form.schedule, Number(form.epochs.trim()))[key];
  return v === undefined ? '' : String(v);
}

/**
 * The model file relative to the data file's folder, where the experiment file is written, or null
 * when it lies outside that folder (an experiment runs code from its own folder only).
 */
export function modelPathFrom(dataPath: string, modelPath: string): string | null {
  const sep = /[\\/]/;
  const dir = dataPath.split(sep).slice(0, -1);
  const file = modelPath.split(sep);
  if (file.length <= dir.length || dir.some((part, i) => file[i] !== part)) return null;
  return file.slice(dir.length).join('/');
}

/** A problem of the form at a field path (`optimizers.1.lr`, `training.epochs`), before it is put in words. */
export interface FormIssue {
  path: string;
  message: string;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function parseNumber(text: string, path: string, issues: FormIssue[]): number | undefined {
  const t = text.trim();
  if (!NUMBER.test(t)) {
    issues.push({ path, message: t === '' ? 'must be a number' : `must be a number, not "${t}"` });
    return undefined;
  }
  return Number(t);
}

function parseList(text: string, path: string, issues: FormIssue[]): number[] | undefined {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0) {
    issues.push({ path, message: 'must be one or more numbers, e.g. 0, 1, 2' });
    return undefined;
  }
  const out: number[] = [];
  for (const p of parts) {
    const v = parseNumber(p, path, issues);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

function modelOf(form: FormState, issues: FormIssue[]): Record<string, unknown> {
  const model: Record<string, unknown> = { type: form.model };
  if (form.model === 'pytorch') {
    const rel = form.modelPath && form.dataPath ? modelPathFrom(form.dataPath, form.modelPath) : null;
    if (!form.modelPath) issues.push({ path: 'model.path', message: 'choose the Python file of your model' });
    else if (form.dataPath && rel === null) {
      issues.push({
        path: 'model.path',
        message:
          "must be in the data file's folder or below it (the experiment file is written beside the data)",
      });
    }
    if (rel) model['path'] = rel;
    model['factory'] = form.factory.trim();
  }
  if (form.model === 'mlp') {
    const hidden = parseList(form.hidden, 'model.hidden', issues);
    if (hidden) model['hidden'] = hidden;
    model['activation'] = form.activation;
  }
  return model;
}

function optimizersOf(form: FormState, issues: FormIssue[]): Record<string, unknown>[] {
  return form.optimizers.map((o, i) => {
    const config: Record<string, unknown> = { name: o.name };
    for (const f of hyperFields(o.name)) {
      const v = o.values[f.key];
      const path = `optimizers.${i}.${f.key}`;
      if (f.kind === 'boolean') {
        if (typeof v === 'boolean' && v !== f.default) config[f.key] = v;
      } else if (f.kind === 'pair') {
        const pair = parseList(String(v ?? ''), path, issues);
        if (pair && pair.length !== 2)
          issues.push({ path, message: `must be two numbers, not ${pair.length}` });
        else if (pair) {
          const d = f.default as [number, number];
          if (pair[0] !== d[0] || pair[1] !== d[1]) config[f.key] = pair;
        }
      } else {
        const n = parseNumber(String(v ?? ''), path, issues);
        if (n !== undefined && n !== f.default) config[f.key] = n;
      }
    }
    return config;
  });
}

/**
 * The experiment file the form describes (data path: the data file's bare name, since the file is
 * written beside it), and every problem with it: text that is not a number where one is needed,
 * then whatever the experiment schema itself rejects (in readableIssues' words), each at its
 * field's path. Hyperparameters left at torch's defaults are not written; the split, scaling,
 * missing-value policy and objective are, as New Experiment writes them (experimentDefaults).
 */
export function buildExperiment(
  form: FormState,
  facts: DataFacts,
): { experiment: Record<string, unknown>; issues: FormIssue[] } {
  const issues: FormIssue[] = [];
  if (!facts.fileName) issues.push({ path: 'data.path', message: 'choose a data file' });
  if (!form.target) issues.push({ path: 'data.target', message: 'choose the target column' });
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/.test(form.name)) {
    issues.push({
      path: 'name',
      message: 'must be letters, digits, ".", "_" or "-", starting with a letter or digit',
    });
  }
  const model = modelOf(form, issues);
  const optimizers = optimizersOf(form, issues);
  const training: Record<string, unknown> = {};
  const epochs = parseNumber(form.epochs, 'training.epochs', issues);
  if (epochs !== undefined) training['epochs'] = epochs;
  const batch = batchSizeText(form, facts);
  if (batch.trim() === '') training['batch_size'] = null;
  else {
    const b = parseNumber(batch, 'training.batch_size', issues);
    if (b !== undefined) training['batch_size'] = b;
  }
  const seeds = parseList(form.seeds, 'training.seeds', issues);
  if (seeds) training['seeds'] = seeds;
  const split = defaultSplit(facts.task);
  const validation = parseNumber(form.validation, 'data.split.validation', issues);
  if (validation !== undefined) split['validation'] = validation;
  const preprocessing = defaultPreprocessing(facts.task, missingOf(form, facts));
  if (!form.standardize) preprocessing['standardize'] = false;
  const experiment: Record<string, unknown> = {
    name: form.name,
    data: { path: facts.fileName ?? '', target: form.target, split, preprocessing },
    model,
    training,
    optimizers,
    objective: { ...defaultObjective(facts.task), use: form.objectiveUse },
  };
  if (form.schedule !== 'none') {
    const schedule: Record<string, unknown> = { name: form.schedule };
    for (const key of scheduleChoices[form.schedule]) {
      const n = parseNumber(scheduleText(form, key), `schedule.${key}`, issues);
      if (n !== undefined) schedule[key] = n;
    }
    experiment['schedule'] = schedule;
  }
  const parsed = experimentFileSchema.safeParse(experiment);
  if (!parsed.success) {
    const seen = new Set(issues.map((i) => i.path));
    for (const issue of readableIssues(parsed.error.issues, experiment, experimentFileSchema)) {
      const path = issue.path.join('.');
      // A field that was not a number is reported once, as such, not again as missing.
      if (!seen.has(path)) issues.push({ path, message: issue.message });
      seen.add(path);
    }
  }
  return { experiment, issues };
}

export { activations, modelTypes };
