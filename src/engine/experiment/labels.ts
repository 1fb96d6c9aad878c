// configLabel: A readable name for one optimizer configuration, for legends and tables.
import { optimizerSchemas, type OptimizerConfig } from '../../protocol/optimizers';

/** Numbers as Python would print them in a call, so a label reads like the torch code it stands for. */
function pythonValue(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (Array.isArray(v)) return `(${v.map(pythonValue).join(', ')})`;
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

/** torch's default of every keyword of an optimizer, from the same schema that fills them. */
function defaultsOf(name: OptimizerConfig['name']): Record<string, unknown> {
  return optimizerSchemas[name].parse({ name }) as Record<string, unknown>;
}

/**
 * A readable name for one optimizer configuration, for legends and tables: the torch class and the
 * keywords that differ from torch's defaults, as they would be written in Python, e.g.
 * `Adam(lr=0.01, betas=(0.9, 0.99))` or `SGD(momentum=0.9, nesterov=True)`. Two configurations with
 * the same label are the same configuration, since every non-default value is shown exactly.
 */
export function configLabel(config: OptimizerConfig): string {
  const defaults = defaultsOf(config.name);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (key === 'name') continue;
    if (JSON.stringify(value) !== JSON.stringify(defaults[key])) parts.push(`${key}=${pythonValue(value)}`);
  }
  return `${config.name}(${parts.join(', ')})`;
}

/**
 * Labels for a list of configurations, unique even when a list repeats a configuration (a search can
 * propose the same point twice): later repeats get ` #2`, ` #3`.
 */
export function configLabels(configs: readonly OptimizerConfig[]): string[] {
  const counts = new Map<string, number>();
  return configs.map((c) => {
    const label = configLabel(c);
    const n = (counts.get(label) ?? 0) + 1;
    counts.set(label, n);
    return n === 1 ? label : `${label} #${n}`;
  });
}
