import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clipGradNorm, clipGradValue, gradNorm } from '../../../src/engine/optim/clip';
import { ConfigError } from '../../../src/engine/errors';
import { allocFloat, type FloatArray, type Precision } from '../../../src/engine/types';
import { maxAbsError } from './problems';

/** Against test/fixtures/optim/clip.json: torch 1.13's clip_grad_norm_ and clip_grad_value_. */

interface NormCase {
  name: string;
  dtype: Precision;
  grads: number[][];
  max_norm: number;
  norm_type: number | 'inf';
  total_norm: number;
  clipped: number[][];
}
interface ValueCase {
  name: string;
  dtype: Precision;
  grads: number[];
  clip_value: number;
  clipped: number[];
}

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/optim/clip.json'), 'utf8'),
) as {
  norm: NormCase[];
  value: ValueCase[];
};

/** torch's tensors side by side in one flat buffer, as the engine holds all parameters. */
function flat(dtype: Precision, tensors: number[][]): FloatArray {
  const all = tensors.flat();
  const out = allocFloat(dtype, all.length);
  out.set(all);
  return out;
}

// torch sums per tensor and then over tensors; the flat sum rounds differently in the last bits.
const tolerance = (dtype: Precision): number => (dtype === 'float64' ? 1e-14 : 1e-6);

for (const c of fixture.norm) {
  test(`clip_grad_norm_ ${c.name} (${c.dtype}) matches torch`, () => {
    const grads = flat(c.dtype, c.grads);
    const total = clipGradNorm(grads, c.max_norm, c.norm_type === 'inf' ? Infinity : c.norm_type);
    const tol = tolerance(c.dtype);
    assert.ok(Math.abs(total - c.total_norm) <= tol * c.total_norm, `total norm ${total} vs ${c.total_norm}`);
    const expected = c.clipped.flat();
    const scale = Math.max(...expected.map(Math.abs));
    assert.ok(maxAbsError(grads, expected) <= tol * scale, `clipped ${grads} vs ${expected}`);
  });
}

test('below max_norm the coefficient clamps to 1 and the gradients come back unchanged', () => {
  const below = fixture.norm.filter((c) => c.total_norm + 1e-6 < c.max_norm);
  assert.ok(below.length >= 2);
  for (const c of below) {
    const grads = flat(c.dtype, c.grads);
    clipGradNorm(grads, c.max_norm, c.norm_type === 'inf' ? Infinity : c.norm_type);
    assert.deepEqual(Array.from(grads), c.grads.flat());
    assert.deepEqual(Array.from(grads), c.clipped.flat());
  }
});

for (const c of fixture.value) {
  test(`clip_grad_value_ ${c.name} (${c.dtype}) matches torch exactly`, () => {
    const grads = flat(c.dtype, [c.grads]);
    clipGradValue(grads, c.clip_value);
    assert.deepEqual(Array.from(grads), c.clipped);
  });
}

test('norms by hand: 2-norm, 1-norm, inf-norm, 3-norm of (3, -4)', () => {
  const g = Float64Array.from([3, -4]);
  assert.equal(gradNorm(g), 5);
  assert.equal(gradNorm(g, 1), 7);
  assert.equal(gradNorm(g, Infinity), 4);
  assert.ok(Math.abs(gradNorm(g, 3) - 91 ** (1 / 3)) < 1e-15);
});

test('clipping by norm scales to max_norm/(norm + 1e-6); NaN propagates as in torch', () => {
  const g = Float64Array.from([3, -4]);
  assert.equal(clipGradNorm(g, 1), 5);
  const coef = 1 / (5 + 1e-6);
  assert.deepEqual(Array.from(g), [3 * coef, -4 * coef]);
  const bad = Float64Array.from([1, Number.NaN]);
  assert.ok(Number.isNaN(clipGradNorm(bad, 1)));
  assert.ok(Number.isNaN(bad[0]!));
  const v = Float64Array.from([Number.NaN, 5, -5]);
  clipGradValue(v, 1);
  assert.ok(Number.isNaN(v[0]!));
  assert.deepEqual(Array.from(v.subarray(1)), [1, -1]);
});

test('a norm type that is not a norm of the flat gradient is refused', () => {
  const g = Float64Array.from([1, 2]);
  assert.throws(() => clipGradNorm(g, 1, 0), ConfigError);
  assert.throws(() => clipGradNorm(g, 1, -2), ConfigError);
  assert.throws(() => clipGradNorm(g, 1, Number.NaN), ConfigError);
  assert.deepEqual(Array.from(g), [1, 2]);
});

test('float32 2-norm: eight running sums give the in-order float64 sum to ~1e-12, NaN and ∞ as before', () => {
  // Every length 0..40 exercises each remainder of the eight-way loop; 5,569 is the small MLP.
  for (const n of [...Array.from({ length: 41 }, (_, i) => i), 5569]) {
    const g = new Float32Array(n);
    for (let i = 0; i < n; i++) g[i] = Math.fround(Math.sin(i * 7.3) * 10 ** ((i % 9) - 4));
    let inOrder = 0;
    for (let i = 0; i < n; i++) inOrder += g[i]! * g[i]!;
    const norm = gradNorm(g);
    assert.ok(Math.abs(norm - Math.sqrt(inOrder)) <= 1e-12 * Math.sqrt(inOrder), `n = ${n}`);
    // The clipped norm is rounded to float32, where the order cannot show.
    assert.equal(clipGradNorm(Float32Array.from(g), 1e9), Math.fround(Math.sqrt(inOrder)));
  }
  for (const at of [0, 6, 9]) {
    const g = new Float32Array(11).fill(0.5);
    g[at] = Number.NaN;
    assert.ok(Number.isNaN(gradNorm(g)));
    g[at] = -Infinity;
    assert.equal(gradNorm(g), Infinity);
  }
});

test('float64 2-norm: the sum in index order, bit for bit', () => {
  const g = Float64Array.from({ length: 1001 }, (_, i) => Math.sin(i) * 10 ** ((i % 13) - 6));
  let inOrder = 0;
  for (let i = 0; i < g.length; i++) inOrder += g[i]! * g[i]!;
  assert.equal(gradNorm(g), Math.sqrt(inOrder));
});
