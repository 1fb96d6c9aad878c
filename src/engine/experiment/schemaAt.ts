// schemaAt: The schema that governs the value at `path` of `root`, following the data through unions (the
// optimizer named in the file selects its schema), or undefined where the schema has no such place.
import type { z } from 'zod';
import type { JsonPath } from './jsonPath';

type Schema = z.core.$ZodType;

/** Looks through wrappers that do not change which keys or values are allowed. */
function unwrap(schema: Schema): Schema {
  let s = schema as z.core.$ZodTypes;
  for (;;) {
    const def = s._zod.def;
    switch (def.type) {
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'nonoptional':
      case 'readonly':
      case 'catch':
        s = def.innerType as z.core.$ZodTypes;
        break;
      case 'pipe':
        s = def.in as z.core.$ZodTypes;
        break;
      case 'lazy':
        s = def.getter() as z.core.$ZodTypes;
        break;
      default:
        return s;
    }
  }
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Whether a schema's own type (objects, arrays, numbers, ...) could describe `value`. */
function fits(schema: Schema, value: unknown): boolean {
  const def = (unwrap(schema) as z.core.$ZodTypes)._zod.def;
  const t = jsonType(value);
  if (def.type === 'object' || def.type === 'record') return t === 'object';
  if (def.type === 'array' || def.type === 'tuple') return t === 'array';
  return t !== 'object' && t !== 'array';
}

/** Picks the union member that describes `value`: by discriminator when there is one, else by type. */
function member(
  options: readonly Schema[],
  discriminator: string | undefined,
  value: unknown,
): Schema | undefined {
  if (discriminator !== undefined && typeof value === 'object' && value !== null) {
    const tag = (value as Record<string, unknown>)[discriminator];
    return options.find((o) => {
      const def = (unwrap(o) as z.core.$ZodTypes)._zod.def;
      if (def.type !== 'object') return false;
      const field = def.shape[discriminator];
      return field !== undefined && (unwrap(field) as z.core.$ZodTypes)._zod.def.type === 'literal'
        ? (unwrap(field)._zod.def as z.core.$ZodLiteralDef<z.core.util.Literal>).values.includes(tag as never)
        : false;
    });
  }
  return options.find((o) => fits(o, value));
}

/**
 * The schema that governs the value at `path` of `root`, following the data through unions (the
 * optimizer named in the file selects its schema), or undefined where the schema has no such place.
 */
export function schemaAt(schema: Schema, root: unknown, path: JsonPath): Schema | undefined {
  let s: Schema | undefined = unwrap(schema);
  let value = root;
  for (let i = 0; ; i++) {
    let def = (s as z.core.$ZodTypes)._zod.def;
    while (def.type === 'union') {
      const disc = (def as { discriminator?: string }).discriminator;
      s = member(def.options, disc, value);
      if (s === undefined) return undefined;
      s = unwrap(s);
      def = (s as z.core.$ZodTypes)._zod.def;
    }
    if (i === path.length) return s;
    const part = path[i]!;
    if (def.type === 'object') s = def.shape[String(part)];
    else if (def.type === 'record') s = def.valueType;
    else if (def.type === 'array') s = def.element;
    else if (def.type === 'tuple') s = typeof part === 'number' ? def.items[part] : undefined;
    else return undefined;
    if (s === undefined) return undefined;
    s = unwrap(s);
    value =
      typeof value === 'object' && value !== null
        ? (value as Record<string | number, unknown>)[part]
        : undefined;
  }
}

/** The keys an object schema allows, in declaration order; empty for anything else. */
export function allowedKeys(schema: Schema | undefined): string[] {
  if (schema === undefined) return [];
  const def = (unwrap(schema) as z.core.$ZodTypes)._zod.def;
  return def.type === 'object' ? Object.keys(def.shape) : [];
}

/** Whether `null` is an accepted value (so a type error can say "a number or null"). */
export function acceptsNull(schema: Schema | undefined): boolean {
  let s = schema as z.core.$ZodTypes | undefined;
  while (s !== undefined) {
    const def = s._zod.def;
    if (def.type === 'nullable' || def.type === 'null') return true;
    if (
      def.type === 'optional' ||
      def.type === 'default' ||
      def.type === 'prefault' ||
      def.type === 'readonly'
    ) {
      s = def.innerType as z.core.$ZodTypes;
    } else return false;
  }
  return false;
}
