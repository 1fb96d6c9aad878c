// The run panel's problems in plain words: a field's path (`optimizers.0.lr`) becomes the label the
// user sees ("Learning rate of optimizer 1 (SGD)"), and the schema's terse message a sentence.
import type { FormIssue, FormState } from './experimentForm';

/** Names of the fields the form shows, by their path in the experiment file. */
const FIELD_LABELS: Record<string, string> = {
  name: 'Experiment name',
  'data.path': 'Data file',
  'data.target': 'Target column',
  'data.split.validation': 'Validation fraction',
  'data.preprocessing.missing': 'Missing values',
  'data.preprocessing.standardize': 'Standardize features',
  'objective.use': 'Ranking epoch',
  'model.type': 'Model',
  'model.path': 'Model file',
  'model.factory': 'Factory function',
  'model.hidden': 'Hidden widths',
  'model.activation': 'Activation',
  'training.epochs': 'Epochs',
  'training.batch_size': 'Batch size',
  'training.seeds': 'Seeds',
};

/** torch's keyword names, said in words where a word is clearer; the keyword stays in brackets. */
const HYPER_WORDS: Record<string, string> = {
  lr: 'Learning rate',
  momentum: 'Momentum',
  dampening: 'Dampening',
  weight_decay: 'Weight decay',
  nesterov: 'Nesterov',
  betas: 'Betas',
  eps: 'Epsilon (eps)',
  alpha: 'Alpha',
  rho: 'Rho',
  lr_decay: 'Learning-rate decay (lr_decay)',
  initial_accumulator_value: 'Initial accumulator value',
  momentum_decay: 'Momentum decay (momentum_decay)',
  centered: 'Centered',
  amsgrad: 'AMSGrad',
  maximize: 'Maximize',
  T_max: 'T_max',
  eta_min: 'eta_min',
  step_size: 'Step size (step_size)',
  gamma: 'Gamma',
};

function words(key: string): string {
  return HYPER_WORDS[key] ?? key;
}

/**
 * The label of the field at `path` as the form shows it: `optimizers.0.lr` → "Learning rate of
 * optimizer 1 (SGD)", `training.seeds.1` → "Seeds", `schedule.T_max` → "T_max of the schedule".
 */
export function fieldLabel(path: string, form: Pick<FormState, 'optimizers'>): string {
  const parts = path.split('.');
  if (parts[0] === 'optimizers' && parts.length >= 2) {
    const i = Number(parts[1]);
    const name = form.optimizers[i]?.name;
    const which = `optimizer ${i + 1}${name ? ` (${name})` : ''}`;
    return parts.length >= 3 ? `${words(parts[2]!)} of ${which}` : `The ${which}`;
  }
  if (parts[0] === 'schedule' && parts.length >= 2) return `${words(parts[1]!)} of the schedule`;
  for (let n = parts.length; n > 0; n--) {
    const label = FIELD_LABELS[parts.slice(0, n).join('.')];
    if (label) return label;
  }
  return 'The experiment';
}

const OPERATORS: Record<string, string> = {
  '>=': 'at least',
  '>': 'greater than',
  '<=': 'at most',
  '<': 'less than',
};

/**
 * A message of the form or of readableIssues as the predicate of a sentence: comparison signs in
 * words (`must be >= 1, got 0` → `must be at least 1, not 0`), `expected an integer, got 1.5` →
 * `must be an integer, not 1.5`, `required: …` → `is required (…)`.
 */
export function plainPredicate(message: string): string {
  let m = message.trim();
  const required = /^required: (.*)$/s.exec(m);
  if (required) return `is required (${required[1]})`;
  const expected = /^expected (.*?), got (.*)$/s.exec(m);
  if (expected) m = `must be ${expected[1]}, not ${expected[2]}`;
  m = m.replace(
    /\b(must be|be) (>=|<=|>|<) ?/g,
    (_, verb: string, op: string) => `${verb} ${OPERATORS[op]} `,
  );
  m = m.replace(/, got /g, ', not ');
  if (/^(must|is|are|has|needs|should|cannot|applies)\b/.test(m)) return m;
  return `: ${m}`;
}

/**
 * One sentence a user can act on, e.g. "Learning rate of optimizer 1 (SGD) must be at least 0,
 * not -1 (torch: Invalid learning rate: -1)." A choice still to make reads as an instruction:
 * "Choose a data file."
 */
export function plainIssue(issue: FormIssue, form: Pick<FormState, 'optimizers'>): string {
  const message = issue.message.trim();
  if (/^choose\b/.test(message)) return sentence(message);
  const predicate = plainPredicate(message);
  const label = fieldLabel(issue.path, form);
  return sentence(predicate.startsWith(':') ? `${label}${predicate}` : `${label} ${predicate}`);
}

function sentence(text: string): string {
  const t = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.?!]$/.test(t) ? t : `${t}.`;
}
