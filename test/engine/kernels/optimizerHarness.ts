// The fast-check harness every SIMD optimizer step is tested through (value generators, the Case
// table's shape, and the three properties), shared by optimizerKernels.test.ts and
// moreOptimizerKernels.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Optimizer } from '../../../src/engine/optim/optimizer';
import type { FloatArray } from '../../../src/engine/types';

/*
 * float64: the class (the kernel) equals the JS reference step bit for bit, parameters and state,
 * on random lengths (every SIMD remainder), options and values, NaN, infinities and subnormals
 * included. float32: the kernel equals the same step with every operation rounded to float32 and
 * every scalar cast to float32 once (torch's rounding), bit for bit, and stays within float32
 * rounding of the JS step run on float32 arrays (which computes in float64 and rounds only at each
 * store).
 */

export const f = Math.fround;
// Seeded, so a run of the suite always checks the same cases (a failure reproduces).
const runs = { numRuns: 150, seed: 20261205 };

const anyDouble = fc.oneof(
  fc.double({ min: -10, max: 10, noNaN: true }),
  fc.double(),
  fc.constantFrom(0, -0, 1e-300, 1e300),
);
const f32Value = fc.float({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true });
export const rate = fc.double({ min: 1e-4, max: 1, noNaN: true });
export const maybeZero = (a: fc.Arbitrary<number>) => fc.oneof(fc.constant(0), a);
/** β₁ ≤ 0.5 makes 1 − β₁ ≥ 0.5: torch's lerp then takes its other form. */
export const betas = fc.tuple(
  fc.double({ min: 0, max: 0.99, noNaN: true }),
  fc.double({ min: 0, max: 0.9999, noNaN: true }),
);
/** The options every torch optimizer has and no kernel reads. */
export const base = { foreach: null, differentiable: false } as const;

function problem(value: fc.Arbitrary<number>, maxSteps: number) {
  return fc
    .record({ n: fc.integer({ min: 1, max: 19 }), steps: fc.integer({ min: 1, max: maxSteps }) })
    .chain(({ n, steps }) =>
      fc.record({
        p: fc.array(value, { minLength: n, maxLength: n }),
        gs: fc.array(fc.array(value, { minLength: n, maxLength: n }), { minLength: steps, maxLength: steps }),
      }),
    );
}

/** A reference: state kept outside, one step at a time (t from 1), in place on p. */
export interface Reference {
  step(p: FloatArray, g: FloatArray, t: number): void;
  state(): Record<string, FloatArray>;
}

/** torch's lerp(m, g, w) with every operation rounded to float32 (w and 1 − w cast once). */
export function lerpF32(m: number, g: number, w: number): number {
  const d = f(g - m);
  return Math.abs(w) < 0.5 ? f(m + f(f(w) * d)) : f(g - f(d * f(1 - w)));
}

export interface Case<H> {
  name: string;
  group: fc.Arbitrary<H>;
  make: (hp: H, n: number, precision: 'float32' | 'float64') => Optimizer;
  reference: (hp: H, n: number, arr: (n: number) => FloatArray) => Reference;
  f32: (hp: H, n: number) => Reference;
  /**
   * Whether float32 must stay near the JS step: centered RMSprop's v − ḡ² cancels (and see Adam's
   * L2 decay), and float32 rounding then moves the step by far more than an ulp, in torch as here.
   */
  wellConditioned?: (hp: H) => boolean;
  /** Most steps a property runs (5 unless given: RAdam's rectification starts at step 6). */
  maxSteps?: number;
}
/** Erases a case's group type, so the cases can share one loop. */
export const erase = <H>(c: Case<H>) => c as unknown as Case<unknown>;

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
}

/** Registers the three properties (float64 bits, float32 rounding, state round trip) of each case. */
export function testCases(cases: readonly Case<unknown>[]): void {
  for (const c of cases) {
    const maxSteps = c.maxSteps ?? 5;
    test(`float64 ${c.name} in SIMD is the JS step bit for bit (parameters and state), any options`, () => {
      fc.assert(
        fc.property(c.group, problem(anyDouble, maxSteps), (hp, { p, gs }) => {
          const n = p.length;
          const opt = c.make(hp, n, 'float64');
          const ref = c.reference(hp, n, (k) => new Float64Array(k));
          const p1 = Float64Array.from(p);
          const p2 = Float64Array.from(p);
          gs.forEach((g, t) => {
            opt.step(p1, Float64Array.from(g));
            ref.step(p2, Float64Array.from(g), t + 1);
            sameBits(p1, p2, `step ${t + 1} params`);
          });
          const state = opt.getState().buffers;
          const expected = ref.state();
          assert.deepEqual(Object.keys(state).sort(), Object.keys(expected).sort());
          for (const k of Object.keys(expected)) sameBits(state[k]!, expected[k]!, k);
        }),
        runs,
      );
    });

    test(`float32 ${c.name} in SIMD rounds every operation to float32 (bit for bit) and stays near the JS step`, () => {
      fc.assert(
        fc.property(c.group, problem(f32Value, maxSteps), (hp, { p, gs }) => {
          const n = p.length;
          const opt = c.make(hp, n, 'float32');
          const torchLike = c.f32(hp, n);
          const js = c.reference(hp, n, (k) => new Float32Array(k));
          const [p1, p2, p3] = [Float32Array.from(p), Float32Array.from(p), Float32Array.from(p)];
          gs.forEach((g, t) => {
            opt.step(p1, Float32Array.from(g));
            torchLike.step(p2, Float32Array.from(g), t + 1);
            js.step(p3, Float32Array.from(g), t + 1);
            sameBits(p1, p2, `step ${t + 1} params`);
          });
          const state = opt.getState().buffers;
          for (const [k, v] of Object.entries(torchLike.state())) sameBits(state[k]!, v, k);
          if (c.wellConditioned && !c.wellConditioned(hp)) return;
          // Against the JS step on float32 arrays: the difference is float32 rounding, relative to
          // the size of the update (a few steps of a few roundings each).
          for (let i = 0; i < n; i++) {
            // The JS step can give NaN where float32 gives a number: centered RMSprop on subnormal
            // gradients stores v rounded to 0 but squares ḡ in float64 (√ of a negative).
            if (Number.isNaN(p3[i]!) && !Number.isNaN(p1[i]!)) continue;
            const scale = Math.abs(p[i]!) + Math.abs(p3[i]!) + 1 + gs.length * 20;
            assert.ok(Math.abs(p1[i]! - p3[i]!) <= 1e-5 * scale, `element ${i}: ${p1[i]} vs ${p3[i]}`);
          }
        }),
        runs,
      );
    });

    test(`${c.name} state survives getState/setState through the SIMD buffers`, () => {
      fc.assert(
        fc.property(c.group, problem(f32Value, maxSteps), (hp, { p, gs }) => {
          const n = p.length;
          const a = c.make(hp, n, 'float64');
          const pa = Float64Array.from(p);
          a.step(pa, Float64Array.from(gs[0]!));
          const b = c.make(hp, n, 'float64');
          b.setState(a.getState());
          const pb = pa.slice();
          for (const g of gs.slice(1)) {
            a.step(pa, Float64Array.from(g));
            b.step(pb, Float64Array.from(g));
          }
          sameBits(pa, pb, 'params after restore');
        }),
        { numRuns: 50, seed: 20261205 },
      );
    });
  }
}
