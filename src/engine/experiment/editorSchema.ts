// The JSON Schema the editor associates with *.optlab.json: help (hovers, completions), no verdicts.
import { experimentJsonSchema } from './jsonSchema';

type JsonObject = Record<string, unknown>;

const isJsonObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Keywords that make VS Code's JSON service report problems. The extension already reports every
 * problem of an experiment file, from the validation the CLI runs, with torch's wording, a
 * did-you-mean and a quick fix; the JSON service would say the same things a second time in
 * blunter words ("Value must be "SGD"" for a misspelt optimizer, since it tries each member of the
 * union). So the editor's schema keeps what helps while typing and drops what judges.
 */
const VERDICT_KEYWORDS = [
  'type',
  'required',
  'additionalProperties',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minProperties',
  'maxProperties',
  'propertyNames',
  'not',
  'const',
  'enum',
] as const;

/** The key every member of a union fixes to a different constant (`name` of optimizers, `type` of search parameters). */
function discriminator(members: JsonObject[]): string | undefined {
  const first = members[0]?.['properties'];
  if (!isJsonObject(first)) return undefined;
  return Object.keys(first).find((key) =>
    members.every((m) => {
      const props = m['properties'];
      return isJsonObject(props) && isJsonObject(props[key]) && typeof props[key]['const'] === 'string';
    }),
  );
}

/** Members of a union, with nested unions (zod nests a nullable union inside anyOf) flattened. */
function unionMembers(node: JsonObject): JsonObject[] | undefined {
  const list = node['oneOf'] ?? node['anyOf'];
  if (!Array.isArray(list)) return undefined;
  return list.filter(isJsonObject);
}

/** `{ name: "Adam", … }` picks its member by `if`/`then`, so hovers and completions follow the name. */
function discriminated(node: JsonObject, members: JsonObject[], key: string): JsonObject {
  const names = members.map((m) => (m['properties'] as Record<string, JsonObject>)[key]!['const'] as string);
  const keyHelp = (members[0]!['properties'] as Record<string, JsonObject>)[key]!['description'];
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'oneOf' && k !== 'anyOf') out[k] = advise(v);
  out['properties'] = { [key]: { description: keyHelp, examples: names } };
  out['allOf'] = members.map((m, i) => ({
    if: { properties: { [key]: { const: names[i] } }, required: [key] },
    then: advise(m),
  }));
  return out;
}

function advise(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(advise);
  if (!isJsonObject(node)) return node;
  const members = unionMembers(node);
  const key = members === undefined ? undefined : discriminator(members);
  if (members !== undefined && key !== undefined) return discriminated(node, members, key);

  const out: JsonObject = {};
  const examples: unknown[] = [];
  for (const [k, v] of Object.entries(node)) {
    if (k === 'const') examples.push(v);
    else if (k === 'enum' && Array.isArray(v)) examples.push(...(v as unknown[]));
    else if (k === 'type' && v === 'boolean') examples.push(true, false);
    else if (k === 'type' && v === 'null') examples.push(null);
    // draft-07 tuples, which VS Code's JSON service reads for hovers inside arrays like betas.
    else if (k === 'prefixItems') out['items'] = advise(v);
    else if (k === 'properties' && isJsonObject(v)) {
      out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, advise(s)]));
    } else if (k === '$defs' && isJsonObject(v)) {
      out['definitions'] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, advise(s)]));
    } else if (k === '$ref' && typeof v === 'string') out[k] = v.replace('#/$defs/', '#/definitions/');
    else if (!(VERDICT_KEYWORDS as readonly string[]).includes(k)) out[k] = advise(v);
  }
  if (examples.length > 0) out['examples'] = examples;
  return out;
}

/**
 * The editor's schema for experiment files: every description, default and allowed value of the
 * generated schema (hovers and completions), and no keyword that would make the JSON service report
 * a problem, since the extension's own diagnostics report each problem once. Unions discriminated
 * by a name become `if`/`then` per name, so an unknown optimizer name raises nothing here and one
 * clear "unknown optimizer … did you mean" from the extension.
 */
export function editorJsonSchema(): JsonObject {
  const schema = advise(experimentJsonSchema()) as JsonObject;
  schema['$schema'] = 'http://json-schema.org/draft-07/schema#';
  return schema;
}
