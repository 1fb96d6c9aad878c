// experimentJsonSchema: The JSON Schema of experiment files, generated from the zod schema so the editor
// and the CLI accept the same files.
import { z } from 'zod';
import { experimentFileSchema } from '../../protocol/experiment';
import { DATA_KEYS, SCHEDULE_KEYS, SEARCH_TYPE_HELP } from './keyHelp';

/**
 * Hover help for torch.optim keywords. The optimizer schemas carry torch's names and defaults but
 * no descriptions, and the editor is where a user meets these names first.
 */
const OPTIMIZER_KEYWORDS: Record<string, string> = {
  name: 'The torch.optim class.',
  lr: 'Learning rate.',
  momentum: 'Momentum factor.',
  dampening: 'Dampening for momentum (applies from the second step, as in torch).',
  weight_decay: 'L2 penalty added to the gradient (AdamW: decoupled decay of the weights).',
  nesterov: 'Use Nesterov momentum (needs momentum > 0 and dampening 0).',
  maximize: 'Maximize the objective instead of minimizing it.',
  lr_decay: 'Learning-rate decay: lr / (1 + (step - 1) * lr_decay).',
  initial_accumulator_value: 'Starting value of the sum of squared gradients.',
  eps: 'Term added to the denominator for numerical stability.',
  alpha: 'Smoothing constant of the running average of squared gradients.',
  centered: 'Normalize by an estimate of the gradient variance.',
  rho: 'Coefficient of the running averages of squared gradients and updates.',
  betas: 'Coefficients of the running averages of the gradient and its square: [beta1, beta2].',
  amsgrad: 'Use the AMSGrad variant (maximum of past squared-gradient averages).',
  momentum_decay: 'Momentum decay psi of NAdam.',
  decoupled_weight_decay: 'Decay the weights directly, AdamW-style, instead of adding to the gradient.',
};

type JsonObject = Record<string, unknown>;

function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The members of a JSON Schema union, wherever zod put them. */
function variants(schema: unknown): JsonObject[] {
  if (!isJsonObject(schema)) return [];
  const list = schema['oneOf'] ?? schema['anyOf'];
  return Array.isArray(list)
    ? list.flatMap((v) => (isJsonObject(v) && v['properties'] ? [v] : variants(v)))
    : [];
}

function constName(variant: JsonObject): string | undefined {
  const props = variant['properties'];
  const name = isJsonObject(props) && isJsonObject(props['name']) ? props['name']['const'] : undefined;
  return typeof name === 'string' ? name : undefined;
}

/**
 * The JSON Schema of experiment files, generated from the zod schema so the editor and the CLI
 * accept the same files. It describes the input side (keys with defaults are optional) and rejects
 * unknown keys; cross-field rules (exactly one of data and surface, ...) are only checked by the
 * CLI and the extension, since JSON Schema cannot word them helpfully.
 */
export function experimentJsonSchema(): JsonObject {
  const schema = z.toJSONSchema(experimentFileSchema, { io: 'input', unrepresentable: 'any' }) as JsonObject;
  schema['title'] = 'Optimizer Lab experiment';
  const props = schema['properties'] as JsonObject;

  const optimizers = props['optimizers'] as JsonObject;
  for (const variant of variants(optimizers['items'])) {
    const name = constName(variant);
    if (name !== undefined) variant['description'] = `torch.optim.${name}`;
    for (const [key, field] of Object.entries(variant['properties'] as JsonObject)) {
      if (
        isJsonObject(field) &&
        field['description'] === undefined &&
        OPTIMIZER_KEYWORDS[key] !== undefined
      ) {
        field['description'] = OPTIMIZER_KEYWORDS[key];
      }
    }
  }
  describeSchedules(props['schedule']);
  describeData(props['data'], '');
  describeSearchTypes(props['search']);
  return schema;
}

/** Fills missing descriptions of an object's properties from `table`, keyed by dotted path. */
function describeData(node: unknown, prefix: string): void {
  if (!isJsonObject(node) || !isJsonObject(node['properties'])) return;
  for (const [key, field] of Object.entries(node['properties'])) {
    const path = `${prefix}${key}`;
    if (isJsonObject(field) && field['description'] === undefined && DATA_KEYS[path] !== undefined) {
      field['description'] = DATA_KEYS[path];
    }
    describeData(field, `${path}.`);
  }
}

/** Every schedule class (also inside SequentialLR) with its torch name and keyword help. */
function describeSchedules(node: unknown): void {
  for (const variant of variants(node)) {
    const name = constName(variant);
    if (name !== undefined) variant['description'] = `torch.optim.lr_scheduler.${name}`;
    for (const [key, field] of Object.entries(variant['properties'] as JsonObject)) {
      if (isJsonObject(field) && field['description'] === undefined && SCHEDULE_KEYS[key] !== undefined) {
        field['description'] = SCHEDULE_KEYS[key];
      }
      if (key === 'schedulers' && isJsonObject(field)) describeSchedules(field['items']);
    }
  }
}

/** The `type` discriminator of every search distribution (in `parameters` and `conditional`). */
function describeSearchTypes(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(describeSearchTypes);
    return;
  }
  if (!isJsonObject(node)) return;
  const props = node['properties'];
  if (isJsonObject(props) && isJsonObject(props['type']) && props['type']['description'] === undefined) {
    const type = props['type'];
    if (typeof type['const'] === 'string') type['description'] = SEARCH_TYPE_HELP;
  }
  for (const value of Object.values(node)) if (typeof value === 'object') describeSearchTypes(value);
}
