// Parameters by torch name, as `state_dict()` holds them (nested lists per tensor), to and from the flat
// buffer.
import { ConfigError } from '../errors';
import type { FloatArray } from '../types';
import type { ParamTensor } from './model';

/** A tensor as nested arrays, as `tensor.tolist()` writes it: a number for a scalar. */
export type NestedNumbers = number | NestedNumbers[];

/** Parameters by torch name, e.g. `{ weight: [[0.1, 0.2]], bias: [0] }` (a state_dict as JSON). */
export type NamedParams = Record<string, NestedNumbers>;

/** The parameters in `params` as `{ name: nested arrays }` in torch's shapes, as `tolist()` gives them. */
export function paramsToNamed(layout: readonly ParamTensor[], params: FloatArray): NamedParams {
  const named: NamedParams = {};
  for (const t of layout) named[t.name] = toNested(params, t.offset, t.shape, 0);
  return named;
}

/**
 * Writes `{ name: nested arrays }` into the flat buffer `out` in the layout's order. Every tensor of
 * the layout must be present with exactly its shape, and nothing else: a ConfigError names the
 * tensor and the expected and found shapes.
 */
export function namedToParams(layout: readonly ParamTensor[], named: NamedParams, out: FloatArray): void {
  const known = new Set(layout.map((t) => t.name));
  const unknown = Object.keys(named).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw new ConfigError(
      `unknown parameter ${unknown.map((k) => `'${k}'`).join(', ')}; the model has ${describeNames(layout)}`,
    );
  }
  for (const t of layout) {
    if (!Object.prototype.hasOwnProperty.call(named, t.name)) {
      throw new ConfigError(`parameter '${t.name}' is missing; the model has ${describeNames(layout)}`);
    }
    const value = named[t.name]!;
    const found = shapeOf(value);
    if (found === null || !sameShape(found, t.shape)) {
      const foundText = found === null ? 'a ragged or non-numeric array' : `shape [${found.join(', ')}]`;
      throw new ConfigError(`parameter '${t.name}' has ${foundText}, expected shape [${t.shape.join(', ')}]`);
    }
    let k = t.offset;
    const write = (v: NestedNumbers): void => {
      if (typeof v === 'number') {
        if (!Number.isFinite(v))
          throw new ConfigError(`parameter '${t.name}' holds a non-finite value (${v})`);
        out[k++] = v;
      } else for (const e of v) write(e);
    };
    write(value);
  }
}

function toNested(buf: FloatArray, offset: number, shape: readonly number[], dim: number): NestedNumbers {
  if (dim === shape.length) return buf[offset]!;
  let stride = 1;
  for (let d = dim + 1; d < shape.length; d++) stride *= shape[d]!;
  const n = shape[dim]!;
  const out: NestedNumbers[] = new Array<NestedNumbers>(n);
  for (let i = 0; i < n; i++) out[i] = toNested(buf, offset + i * stride, shape, dim + 1);
  return out;
}

/** The shape of a rectangular nested array of numbers, or null when it is ragged or holds non-numbers. */
function shapeOf(v: unknown): number[] | null {
  if (typeof v === 'number') return [];
  if (!Array.isArray(v)) return null;
  if (v.length === 0) return [0];
  const inner = shapeOf(v[0]);
  if (inner === null) return null;
  for (let i = 1; i < v.length; i++) {
    const s = shapeOf(v[i]);
    if (s === null || !sameShape(s, inner)) return null;
  }
  return [v.length, ...inner];
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function describeNames(layout: readonly ParamTensor[]): string {
  return layout.map((t) => `'${t.name}' [${t.shape.join(', ')}]`).join(', ');
}
