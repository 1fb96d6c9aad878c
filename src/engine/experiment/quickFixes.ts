// Quick fixes for problems of experiment files: the did-you-mean spelling, or a value back in range.
import { z } from 'zod';
import { experimentFileSchema } from '../../protocol/experiment';
import { parseJsonDocument } from './jsonDocument';
import { type JsonPath } from './jsonPath';
import { schemaAt } from './schemaAt';

/** One fix: replace the problem's token (a quoted key or name, or a number) with `replacement`. */
export interface QuickFix {
  title: string;
  /** JSON text, e.g. `"lr"` or `0.001`. */
  replacement: string;
  /** The fix to apply without asking (VS Code's Ctrl+. shows it first; "Fix all" may apply it). */
  preferred: boolean;
}

const TOKEN = /^(?:"(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*|true|false|null|[A-Za-z_]\w*)/;

/**
 * Length of the JSON token (a quoted string, a number, a literal) that starts at `column` (0-based)
 * of `line`, the span a problem's squiggle and its quick fix cover; 1 when no token starts there.
 * It starts at the issue's position: searching around it could take `": "` between two strings.
 */
export function tokenLength(line: string, column: number): number {
  return TOKEN.exec(line.slice(column))?.[0].length ?? 1;
}

/** `optimizers[1].lr` or `search.parameters["0.weight"].low` back to its parts. */
export function parsePath(text: string): JsonPath {
  const parts: (string | number)[] = [];
  const re = /(?:^|\.)([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (const m of text.matchAll(re)) {
    if (m[1] !== undefined) parts.push(m[1]);
    else if (m[2] !== undefined) parts.push(Number(m[2]));
    else if (m[3] !== undefined) parts.push(JSON.parse(m[3]) as string);
  }
  return parts;
}

type Wrapped = z.core.$ZodTypes;

/** The default of the field at `path` (zod's `.default()` or the `meta({ default })` the editor shows). */
export function defaultAt(input: unknown, path: JsonPath): unknown {
  if (path.length === 0) return undefined;
  const parent = schemaAt(experimentFileSchema, input, path.slice(0, -1));
  const def = parent === undefined ? undefined : (parent as Wrapped)._zod.def;
  let field = def?.type === 'object' ? (def.shape[String(path.at(-1))] as Wrapped | undefined) : undefined;
  while (field !== undefined) {
    const meta = z.globalRegistry.get(field) as { default?: unknown } | undefined;
    if (meta?.default !== undefined) return meta.default;
    const d = field._zod.def;
    if (d.type === 'default') return d.defaultValue;
    if (d.type === 'optional' || d.type === 'nullable' || d.type === 'prefault' || d.type === 'readonly') {
      field = d.innerType as Wrapped;
    } else return undefined;
  }
  return undefined;
}

const BOUND = /must be (>=|>|<=|<) (-?[0-9.e+-]+), got (-?[0-9.e+-]+)/;
const RANGE = /must be in ([[(])(-?[0-9.e+-]+), (-?[0-9.e+-]+)([\])])/;

/** Whether `value` passes the bound the message states (so the default is a real fix). */
function inBounds(value: number, message: string): boolean {
  const b = BOUND.exec(message);
  if (b !== null) {
    const limit = Number(b[2]);
    return { '>=': value >= limit, '>': value > limit, '<=': value <= limit, '<': value < limit }[
      b[1] as '>=' | '>' | '<=' | '<'
    ];
  }
  const r = RANGE.exec(message);
  if (r !== null) {
    const [low, high] = [Number(r[2]), Number(r[3])];
    return (r[1] === '[' ? value >= low : value > low) && (r[4] === ']' ? value <= high : value < high);
  }
  return false;
}

/**
 * The fixes for one problem of an experiment file, from its message (as the validation words it)
 * and the file's text: the did-you-mean spelling for an unknown key or name; for a number out of
 * range, the nearest allowed value when the bound is inclusive and the field's default when that
 * is allowed. Empty when no fix is certain enough to offer.
 */
export function quickFixes(text: string, issue: { path: string; message: string }): QuickFix[] {
  const guess = /did you mean "([^"]+)"\?/.exec(issue.message);
  if (guess !== null) {
    return [{ title: `Change to "${guess[1]}"`, replacement: JSON.stringify(guess[1]), preferred: true }];
  }
  const fixes: QuickFix[] = [];
  const bound = BOUND.exec(issue.message);
  if (bound !== null && (bound[1] === '>=' || bound[1] === '<=')) {
    const side = bound[1] === '>=' ? 'smallest' : 'largest';
    fixes.push({
      title: `Set to ${bound[2]} (the ${side} allowed)`,
      replacement: bound[2]!,
      preferred: false,
    });
  }
  if (bound !== null || RANGE.test(issue.message)) {
    const doc = parseJsonDocument(text);
    const fallback = doc.value === undefined ? undefined : defaultAt(doc.value, parsePath(issue.path));
    if (typeof fallback === 'number' && inBounds(fallback, issue.message)) {
      const replacement = JSON.stringify(fallback);
      if (!fixes.some((f) => f.replacement === replacement)) {
        fixes.push({ title: `Set to the default ${replacement}`, replacement, preferred: true });
      }
    }
  }
  if (fixes.length === 1) fixes[0]!.preferred = true;
  return fixes;
}
