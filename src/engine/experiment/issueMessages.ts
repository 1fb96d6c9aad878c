// ReadableIssue: One problem in words a user can act on, before it is located in the file's text.
import type { z } from 'zod';
import { didYouMean } from './didYouMean';
import { valueAt, type JsonPath } from './jsonPath';
import { acceptsNull, allowedKeys, schemaAt } from './schemaAt';

/** One problem in words a user can act on, before it is located in the file's text. */
export interface ReadableIssue {
  path: JsonPath;
  message: string;
  /** Point at the key rather than its value (unknown and duplicate keys). */
  onKey: boolean;
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  tuple: 'an array',
  null: 'null',
};

/** How a value found in the file is quoted back: scalars verbatim, containers by kind. */
function show(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  // JSON.stringify writes Infinity and NaN as null, which is not what the file said.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value);
}

/** What a discriminator or enum names, for messages like `unknown optimizer "Adamm"`. */
function kindOf(path: JsonPath): string {
  const key = path.at(-1);
  const owner = path
    .slice(0, -1)
    .filter((p) => typeof p === 'string')
    .at(-1);
  if (key === 'type' && owner === 'model') return 'model type';
  if (key !== 'name') return 'value';
  if (owner === 'optimizers') return 'optimizer';
  if (owner === 'schedule' || owner === 'schedulers') return 'schedule';
  if (owner === 'surface' || owner === 'loss') return owner;
  return 'value';
}

function unknownValue(path: JsonPath, value: unknown, allowed: readonly string[]): string {
  const list = allowed.join(', ');
  if (value === undefined) return `required: one of ${list}`;
  if (typeof value !== 'string') return `expected one of ${list}, got ${show(value)}`;
  const guess = didYouMean(value, allowed);
  const hint = guess === undefined ? '' : `, did you mean "${guess}"?`;
  return `unknown ${kindOf(path)} "${value}"${hint} (one of ${list})`;
}

function bound(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, value: unknown): string {
  const small = issue.code === 'too_small';
  const limit = small ? issue.minimum : issue.maximum;
  if (issue.origin === 'array' || issue.origin === 'string' || issue.origin === 'set') {
    const unit = issue.origin === 'string' ? 'character' : 'item';
    const size = Array.isArray(value) || typeof value === 'string' ? value.length : undefined;
    if (small && Number(limit) === 1) return 'must not be empty';
    const got = size === undefined ? '' : `, got ${size}`;
    return `must have ${small ? 'at least' : 'at most'} ${limit} ${unit}${Number(limit) === 1 ? '' : 's'}${got}`;
  }
  const op = small ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
  return `must be ${op} ${limit}, got ${show(value)}`;
}

/**
 * When no member of a plain union accepts a value, the member the user evidently meant is the one
 * whose complaint is not merely "wrong kind of value": report that member's issues. When every member
 * complains only about the kind, say which kinds and values would do.
 */
function unionIssues(
  issue: z.core.$ZodIssueInvalidUnion,
  input: unknown,
  schema: z.core.$ZodType,
): ReadableIssue[] {
  const value = valueAt(input, issue.path as JsonPath);
  const rootMismatch = (errs: z.core.$ZodIssue[]) =>
    errs.length === 1 &&
    errs[0]!.path.length === 0 &&
    (errs[0]!.code === 'invalid_type' || errs[0]!.code === 'invalid_value');
  const meant = issue.errors.filter((errs) => !rootMismatch(errs));
  if (meant.length === 1) {
    return meant[0]!.flatMap((inner) =>
      readableIssues([{ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue], input, schema),
    );
  }
  const kinds: string[] = [];
  const values: string[] = [];
  for (const errs of issue.errors) {
    const e = errs[0];
    if (e?.code === 'invalid_value') values.push(...e.values.map((v) => JSON.stringify(v)));
    else if (e?.code === 'invalid_type') kinds.push(TYPE_NAMES[e.expected] ?? e.expected);
  }
  const options = [...values, ...kinds];
  const expected =
    options.length <= 1 ? options.join('') : `${options.slice(0, -1).join(', ')} or ${options.at(-1)}`;
  const allowedStrings = issue.errors.flatMap((errs) =>
    errs[0]?.code === 'invalid_value' ? errs[0].values.filter((v): v is string => typeof v === 'string') : [],
  );
  const guess = typeof value === 'string' ? didYouMean(value, allowedStrings) : undefined;
  const hint = guess === undefined ? '' : `; did you mean "${guess}"?`;
  const message =
    value === undefined ? `required: ${expected}` : `expected ${expected}, got ${show(value)}${hint}`;
  return [{ path: issue.path as JsonPath, message, onKey: false }];
}

/**
 * Rewrites zod's issues into messages that say what is allowed and what was found, with a
 * did-you-mean where a name was misspelt. Unknown keys become one issue per key, located on the key.
 * `input` is the parsed file and `schema` the schema it was checked against.
 */
export function readableIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  schema: z.core.$ZodType,
): ReadableIssue[] {
  const out: ReadableIssue[] = [];
  for (const issue of issues) {
    const path = issue.path as JsonPath;
    const value = valueAt(input, path);
    switch (issue.code) {
      case 'invalid_type': {
        const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
        const nullable = isNullableField(schema, input, path) ? ' or null' : '';
        out.push({
          path,
          message:
            value === undefined
              ? `required: ${expected}${nullable}`
              : `expected ${expected}${nullable}, got ${show(value)}`,
          onKey: false,
        });
        break;
      }
      case 'invalid_value': {
        const strings = issue.values.map(String);
        out.push({
          path,
          message:
            strings.length === 1
              ? `must be ${JSON.stringify(issue.values[0])}, got ${show(value)}`
              : unknownValue(path, value, strings),
          onKey: false,
        });
        break;
      }
      case 'invalid_union': {
        const disc = (issue as { discriminator?: string; options?: unknown[] }).discriminator;
        const options = (issue as { options?: unknown[] }).options;
        if (disc !== undefined && options !== undefined) {
          out.push({ path, message: unknownValue(path, value, options.map(String)), onKey: false });
        } else {
          out.push(...unionIssues(issue, input, schema));
        }
        break;
      }
      case 'unrecognized_keys': {
        const allowed = allowedKeys(schemaAt(schema, input, path));
        for (const key of issue.keys) {
          const guess = didYouMean(key, allowed);
          const message =
            guess !== undefined
              ? `unknown key, did you mean "${guess}"?`
              : `unknown key (allowed: ${allowed.join(', ')})`;
          out.push({ path: [...path, key], message, onKey: true });
        }
        break;
      }
      case 'too_small':
      case 'too_big':
        out.push({ path, message: bound(issue, value), onKey: false });
        break;
      default:
        out.push({ path, message: issue.message, onKey: false });
    }
  }
  return out;
}

/** Whether the field at `path` itself may be null: `"batch_size": null` is fine, `"epochs": null` is not. */
function isNullableField(schema: z.core.$ZodType, input: unknown, path: JsonPath): boolean {
  if (path.length === 0) return false;
  const parent = schemaAt(schema, input, path.slice(0, -1));
  const def = parent === undefined ? undefined : (parent as z.core.$ZodTypes)._zod.def;
  if (def?.type !== 'object') return false;
  return acceptsNull(def.shape[String(path.at(-1))]);
}
