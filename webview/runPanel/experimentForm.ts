import {
  activations,
  experimentFileSchema,
  modelTypes,
  type Activation,
  type ModelType,
} from '../../src/protocol/experiment';
import { optimizerSchemas, type OptimizerName } from '../../src/protocol/optimizers';

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

export const scheduleChoices = {
  none: [],
  StepLR: [
    ['step_size', '30'],
    ['gamma', '0.1'],
  ],
  ExponentialLR: [['gamma', '0.95']],
  CosineAnnealingLR: [
    ['T_max', '100'],
    ['eta_min', '0'],
  ],
} as const satisfies Record<string, readonly (readonly [string, string])[]>;
export type ScheduleChoice = keyof typeof scheduleChoices;

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
  batchSize: string;
  schedule: ScheduleChoice;
  scheduleValues: Record<string, string>;
  /** preprocessing.missing: stop at a missing value, drop its row, or fill with the training mean. */
  missing: 'error' | 'drop' | 'mean';
  /** split.validation as typed. */
  validation: string;
  /** preprocessing.standardize. */
  standardize: boolean;
}

export const missingPolicies = ['error', 'drop', 'mean'] as const;

export function optimizerForm(name: OptimizerName): OptimizerForm {
  return { name, values: Object.fromEntries(hyperFields(name).map((f) => [f.key, fieldText(f)])) };
}

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
    optimizers: [
      optimizerForm('SGD'),
      { ...optimizerForm('Adam'), values: { ...optimizerForm('Adam').values, lr: '0.01' } },
    ],
    seeds: '0, 1, 2',
    epochs: '100',
    batchSize: '32',
    schedule: 'none',
    scheduleValues: {},
    missing: 'error',
    validation: '0.2',
    standardize: true,
  };
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

/** A problem of the form at a field path (`optimizers.1.lr`, `training.epochs`), as the schema words it. */
export interface FormIssue {
  path: string;
  message: string;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function parseNumber(text: string, path: string, issues: FormIssue[]): number | undefined {
  const t = text.trim();
  if (!NUMBER.test(t)) {
    issues.push({ path, message: t === '' ? 'expected a number' : `expected a number, got "${t}"` });
    return undefined;
  }
  return Number(t);
}

function parseList(text: string, path: string, issues: FormIssue[]): number[] | undefined {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0) {
    issues.push({ path, message: 'expected one or more numbers, e.g. 0, 1, 2' });
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

/**
 * The experiment file the form describes (data path: the data file's bare name, since the file is
 * written beside it), and every problem with it: text that is not a number where one is needed,
 * then whatever the experiment schema itself rejects, each at its field's path. Hyperparameters
 * left at torch's defaults are not written, so the file says only what was chosen.
 */
export function buildExperiment(
  form: FormState,
  dataFileName: string | null,
): { experiment: Record<string, unknown>; issues: FormIssue[] } {
  const issues: FormIssue[] = [];
  if (!dataFileName) issues.push({ path: 'data.path', message: 'choose a data file' });
  if (!form.target) issues.push({ path: 'data.target', message: 'choose the target column' });
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/.test(form.name)) {
    issues.push({
      path: 'name',
      message: 'letters, digits, ".", "_" or "-", starting with a letter or digit',
    });
  }
  const model: Record<string, unknown> = { type: form.model };
  if (form.model === 'pytorch') {
    const rel = form.modelPath && form.dataPath ? modelPathFrom(form.dataPath, form.modelPath) : null;
    if (!form.modelPath) issues.push({ path: 'model.path', message: 'choose the Python file of your model' });
    else if (form.dataPath && rel === null) {
      issues.push({
        path: 'model.path',
        message:
          "your model file must be in the data file's folder or below it (the experiment file is written beside the data)",
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
  const optimizers = form.optimizers.map((o, i) => {
    const config: Record<string, unknown> = { name: o.name };
    for (const f of hyperFields(o.name)) {
      const v = o.values[f.key];
      const path = `optimizers.${i}.${f.key}`;
      if (f.kind === 'boolean') {
        if (typeof v === 'boolean' && v !== f.default) config[f.key] = v;
      } else if (f.kind === 'pair') {
        const pair = parseList(String(v ?? ''), path, issues);
        if (pair && pair.length !== 2)
          issues.push({ path, message: `expected two numbers, got ${pair.length}` });
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
  const training: Record<string, unknown> = {};
  const epochs = parseNumber(form.epochs, 'training.epochs', issues);
  if (epochs !== undefined) training['epochs'] = epochs;
  if (form.batchSize.trim() === '') training['batch_size'] = null;
  else {
    const b = parseNumber(form.batchSize, 'training.batch_size', issues);
    if (b !== undefined) training['batch_size'] = b;
  }
  const seeds = parseList(form.seeds, 'training.seeds', issues);
  if (seeds) training['seeds'] = seeds;
  const data: Record<string, unknown> = { path: dataFileName ?? '', target: form.target };
  const validation = parseNumber(form.validation, 'data.split.validation', issues);
  if (validation !== undefined && validation !== 0.2) data['split'] = { validation };
  // Only what differs from the defaults is written.
  const preprocessing: Record<string, unknown> = {};
  if (form.missing !== 'error') preprocessing['missing'] = form.missing;
  if (!form.standardize) preprocessing['standardize'] = false;
  if (Object.keys(preprocessing).length > 0) data['preprocessing'] = preprocessing;
  const experiment: Record<string, unknown> = {
    name: form.name,
    data,
    model,
    training,
    optimizers,
  };
  if (form.schedule !== 'none') {
    const schedule: Record<string, unknown> = { name: form.schedule };
    for (const [key, fallback] of scheduleChoices[form.schedule]) {
      const n = parseNumber(form.scheduleValues[key] ?? fallback, `schedule.${key}`, issues);
      if (n !== undefined) schedule[key] = n;
    }
    experiment['schedule'] = schedule;
  }
  const parsed = experimentFileSchema.safeParse(experiment);
  if (!parsed.success) {
    const seen = new Set(issues.map((i) => i.path));
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.');
      // A field that was not a number is reported once, as such, not again as missing.
      if (!seen.has(path)) issues.push({ path, message: issue.message });
      seen.add(path);
    }
  }
  return { experiment, issues };
}

export { activations, modelTypes };
