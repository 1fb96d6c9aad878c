/** A path into a JSON document: object keys and array indices, outermost first. */
export type JsonPath = readonly (string | number)[];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Writes a path the way a user would index it: dots for keys, `[i]` for indices
 * (`optimizers[2].betas[1]`). A key that is not an identifier, such as a torch parameter name
 * `0.weight`, is quoted in brackets so the path stays unambiguous.
 */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (IDENTIFIER.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** The value at `path` in a parsed JSON value, or undefined when any step is missing. */
export function valueAt(root: unknown, path: JsonPath): unknown {
  let node = root;
  for (const part of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}
