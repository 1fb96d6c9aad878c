// configLabel: A readable name for one optimizer configuration, for legends and tables.
import { optimizerSchemas, type OptimizerConfig } from '../../protocol/optimizers';

/**
 * A number as a short label shows it: at most `digits` significant digits, no trailing zeros
 * (0.0955337412 → 0.09553), integers and short numbers unchanged.
 */
export function shortNumber(v: number, digits: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(digits))) : String(v);
}

/**
 * Values as Python would print them in a call, so a label reads like the torch code it stands for;
 * with `digits`, numbers are shortened to that many significant digits.
 */
function pythonValue(v: unknown, digits?: number): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (Array.isArray(v)) return `(${v.map((x) => pythonValue(x, digits)).join(', ')})`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' && digits !== undefined) return shortNumber(v, digits);
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
 * the same label are the same configuration, since every non-default value is shown exactly — unless
 * `digits` shortens the numbers, for labels made unique otherwise (a search trial's number).
 */
export function configLabel(config: OptimizerConfig, digits?: number): string {
  const defaults = defaultsOf(config.name);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (key === 'name') continue;
    if (JSON.stringify(value) !== JSON.stringify(defaults[key]))
      parts.push(`${key}=${pythonValue(value, digits)}`);
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
