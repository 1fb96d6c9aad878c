import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Sgd, sgdStep, type SgdGroup } from '../../../src/engine/optim/sgd';
import { Rmsprop, rmspropStep, type RmspropGroup } from '../../../src/engine/optim/rmsprop';
import { Adagrad, adagradStep, type AdagradGroup } from '../../../src/engine/optim/adagrad';
import { Adam, adamStep, type AdamGroup, type AdamHyper } from '../../../src/engine/optim/adam';
import type { Optimizer } from '../../../src/engine/optim/optimizer';
import type { FloatArray } from '../../../src/engine/types';

/*
 * Property tests of the SIMD optimizer steps (SGD, RMSprop, Adagrad, Adam and AdamW). float64: the class (the
 * kernel) equals the JS reference step (sgdStep, ...) bit for bit, parameters and state, on random
 * lengths (every SIMD remainder), options and values, NaN and infinities included. float32: the
 * kernel equals the same step with every operation rounded to float32 and every scalar cast to
 * float32 once (torch's rounding), bit for bit, and stays within float32 rounding of the JS step run
 * on float32 arrays (which computes in float64 and rounds only at each store).
 */

const f = Math.fround;
// Seeded, so a run of the suite always checks the same cases (a failure reproduces).
const runs = { numRuns: 150, seed: 20261205 };

const anyDouble = fc.oneof(
  fc.double({ min: -10, max: 10, noNaN: true }),
  fc.double(),
  fc.constantFrom(0, -0, 1e-300, 1e300),
);
const f32Value = fc.float({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true });
const rate = fc.double({ min: 1e-4, max: 1, noNaN: true });
const maybeZero = (a: fc.Arbitrary<number>) => fc.oneof(fc.constant(0), a);

function problem(value: fc.Arbitrary<number>) {
  return fc
    .record({ n: fc.integer({ min: 1, max: 19 }), steps: fc.integer({ min: 1, max: 5 }) })
    .chain(({ n, steps }) =>
      fc.record({
        p: fc.array(value, { minLength: n, maxLength: n }),
        gs: fc.array(fc.array(value, { minLength: n, maxLength: n }), { minLength: steps, maxLength: steps }),
      }),
    );
}

const sgdGroup = fc.record({
  lr: rate,
  momentum: maybeZero(fc.double({ min: 0, max: 0.99, noNaN: true })),
  dampening: maybeZero(fc.double({ min: 0, max: 1, noNaN: true })),
  weight_decay: maybeZero(rate),
  nesterov: fc.boolean(),
  maximize: fc.boolean(),
});
const rmspropGroup = fc.record({
  lr: rate,
  alpha: fc.double({ min: 0.01, max: 0.999, noNaN: true }),
  eps: fc.constantFrom(1e-8, 1e-3),
  weight_decay: maybeZero(rate),
  momentum: maybeZero(fc.double({ min: 0, max: 0.99, noNaN: true })),
  centered: fc.boolean(),
  maximize: fc.boolean(),
});
const adagradGroup = fc.record({
  lr: rate,
  lr_decay: maybeZero(rate),
  weight_decay: maybeZero(rate),
  eps: fc.constantFrom(1e-10, 1e-3),
  initial_accumulator_value: fc.constantFrom(0, 0.1),
  maximize: fc.boolean(),
});

const adamGroup = fc.record({
  name: fc.constantFrom('Adam' as const, 'AdamW' as const),
  lr: rate,
  // β₁ ≤ 0.5 makes 1 − β₁ ≥ 0.5: torch's lerp then takes its other form.
  betas: fc.tuple(
    fc.double({ min: 0, max: 0.99, noNaN: true }),
    fc.double({ min: 0, max: 0.9999, noNaN: true }),
  ),
  eps: fc.constantFrom(1e-8, 1e-3),
  weight_decay: maybeZero(rate),
  amsgrad: fc.boolean(),
  maximize: fc.boolean(),
});

type Adamh = AdamHyper & { name: 'Adam' | 'AdamW' };
type Sgdh = Pick<SgdGroup, 'lr' | 'momentum' | 'dampening' | 'weight_decay' | 'nesterov' | 'maximize'>;
type Rmsh = Pick<
  RmspropGroup,
  'lr' | 'alpha' | 'eps' | 'weight_decay' | 'momentum' | 'centered' | 'maximize'
>;
type Adah = Pick<
  AdagradGroup,
  'lr' | 'lr_decay' | 'weight_decay' | 'eps' | 'initial_accumulator_value' | 'maximize'
>;

/** A reference: state kept outside, one step at a time (t from 1), in place on p. */
interface Reference {
  step(p: FloatArray, g: FloatArray, t: number): void;
  state(): Record<string, FloatArray>;
}

function sgdReference(hp: Sgdh, n: number, arr: (n: number) => FloatArray): Reference {
  let buf: FloatArray | null = null;
  return {
    step(p, g) {
      const ready = buf !== null;
      if (hp.momentum !== 0 && buf === null) buf = arr(n);
      sgdStep(p, g, buf, ready, hp);
    },
    state: (): Record<string, FloatArray> => (buf ? { momentum_buffer: buf } : {}),
  };
}

function rmspropReference(hp: Rmsh, n: number, arr: (n: number) => FloatArray): Reference {
  const v = arr(n);
  const ga = hp.centered ? arr(n) : null;
  const b = hp.momentum > 0 ? arr(n) : null;
  return {
    step: (p, g) => rmspropStep(p, g, v, ga, b, hp),
    state: () => ({ square_avg: v, ...(b ? { momentum_buffer: b } : {}), ...(ga ? { grad_avg: ga } : {}) }),
  };
}

function adagradReference(hp: Adah, n: number, arr: (n: number) => FloatArray): Reference {
  const s = arr(n).fill(hp.initial_accumulator_value);
  return { step: (p, g, t) => adagradStep(p, g, s, t, hp), state: () => ({ sum: s }) };
}

function adamReference(hp: Adamh, n: number, arr: (n: number) => FloatArray): Reference {
  const [m, v] = [arr(n), arr(n)];
  const vmax = hp.amsgrad ? arr(n) : null;
  return {
    step: (p, g, t) => adamStep(p, g, m, v, vmax, t, hp, hp.name === 'AdamW'),
    state: () => ({ exp_avg: m, exp_avg_sq: v, ...(vmax ? { max_exp_avg_sq: vmax } : {}) }),
  };
}

// The same steps with every operation rounded to float32, scalars computed in float64 and cast once.
function sgdF32(hp: Sgdh, n: number): Reference {
  let buf: Float32Array | null = null;
  const [mu, damp, wd, lr] = [f(hp.momentum), f(1 - hp.dampening), f(hp.weight_decay), f(-hp.lr)];
  return {
    step(p, g) {
      const ready = buf !== null;
      if (hp.momentum !== 0 && buf === null) buf = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        let gi = hp.maximize ? -g[i]! : g[i]!;
        if (hp.weight_decay !== 0) gi = f(gi + f(wd * p[i]!));
        if (buf) {
          const b = ready ? f(f(mu * buf[i]!) + f(damp * gi)) : gi;
          buf[i] = b;
          gi = hp.nesterov ? f(gi + f(mu * b)) : b;
        }
        p[i] = f(p[i]! + f(lr * gi));
      }
    },
    state: (): Record<string, FloatArray> => (buf ? { momentum_buffer: buf } : {}),
  };
}

function rmspropF32(hp: Rmsh, n: number): Reference {
  const v = new Float32Array(n);
  const ga = hp.centered ? new Float32Array(n) : null;
  const b = hp.momentum > 0 ? new Float32Array(n) : null;
  const w = 1 - hp.alpha;
  const [alpha, wf, w1, wd, eps, mu, lr] = [
    hp.alpha,
    w,
    1 - w,
    hp.weight_decay,
    hp.eps,
    hp.momentum,
    -hp.lr,
  ].map(f) as number[];
  return {
    step(p, g) {
      for (let i = 0; i < n; i++) {
        let gi = hp.maximize ? -g[i]! : g[i]!;
        if (hp.weight_decay !== 0) gi = f(gi + f(wd! * p[i]!));
        v[i] = f(f(alpha! * v[i]!) + f(f(wf! * gi) * gi));
        let avg: number;
        if (ga) {
          const old = ga[i]!;
          const d = f(gi - old);
          ga[i] = Math.abs(w) < 0.5 ? f(old + f(wf! * d)) : f(gi - f(d * w1!));
          avg = f(f(Math.sqrt(f(v[i]! - f(ga[i]! * ga[i]!)))) + eps!);
        } else {
          avg = f(f(Math.sqrt(v[i]!)) + eps!);
        }
        if (b) {
          b[i] = f(f(mu! * b[i]!) + f(gi / avg));
          p[i] = f(p[i]! + f(lr! * b[i]!));
        } else {
          p[i] = f(p[i]! + f(f(lr! * gi) / avg));
        }
      }
    },
    state: () => ({ square_avg: v, ...(b ? { momentum_buffer: b } : {}), ...(ga ? { grad_avg: ga } : {}) }),
  };
}

function adagradF32(hp: Adah, n: number): Reference {
  const s = new Float32Array(n).fill(hp.initial_accumulator_value);
  const [wd, eps] = [f(hp.weight_decay), f(hp.eps)];
  return {
    step(p, g, t) {
      const lr = f(-(hp.lr / (1 + (t - 1) * hp.lr_decay)));
      for (let i = 0; i < n; i++) {
        let gi = hp.maximize ? -g[i]! : g[i]!;
        if (hp.weight_decay !== 0) gi = f(gi + f(wd * p[i]!));
        s[i] = f(s[i]! + f(gi * gi));
        p[i] = f(p[i]! + f(f(lr * gi) / f(f(Math.sqrt(s[i]!)) + eps)));
      }
    },
    state: () => ({ sum: s }),
  };
}

function adamF32(hp: Adamh, n: number): Reference {
  const [m, v] = [new Float32Array(n), new Float32Array(n)];
  const vmax = hp.amsgrad ? new Float32Array(n) : null;
  const [beta1, beta2] = hp.betas;
  const [w1, ow1, b2, w2, eps, wd] = [
    1 - beta1,
    1 - (1 - beta1),
    beta2,
    1 - beta2,
    hp.eps,
    hp.weight_decay,
  ].map(f) as number[];
  const decay = f(1 - hp.lr * hp.weight_decay);
  return {
    step(p, g, t) {
      const step = f(-(hp.lr / (1 - beta1 ** t)));
      const bc2 = f(Math.sqrt(1 - beta2 ** t));
      for (let i = 0; i < n; i++) {
        let gi = hp.maximize ? -g[i]! : g[i]!;
        let pi = p[i]!;
        if (hp.weight_decay !== 0) {
          if (hp.name === 'AdamW') pi = f(pi * decay);
          else gi = f(gi + f(wd! * pi));
        }
        const d = f(gi - m[i]!);
        m[i] = Math.abs(1 - beta1) < 0.5 ? f(m[i]! + f(w1! * d)) : f(gi - f(d * ow1!));
        let vi = f(f(b2! * v[i]!) + f(f(w2! * gi) * gi));
        v[i] = vi;
        if (vmax) vi = vmax[i] = Math.max(vmax[i]!, vi);
        p[i] = f(pi + f(f(step * m[i]!) / f(f(f(Math.sqrt(vi)) / bc2) + eps!)));
      }
    },
    state: () => ({ exp_avg: m, exp_avg_sq: v, ...(vmax ? { max_exp_avg_sq: vmax } : {}) }),
  };
}

const base = { foreach: null, differentiable: false } as const;
interface Case<H> {
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
}
/** Erases a case's group type, so the cases can share one loop. */
const erase = <H>(c: Case<H>) => c as unknown as Case<unknown>;
const cases = [
  erase({
    name: 'SGD',
    group: sgdGroup,
    make: (hp, n, precision) => new Sgd({ name: 'SGD', ...base, ...hp } as SgdGroup, n, precision),
    reference: sgdReference,
    f32: sgdF32,
  } satisfies Case<Sgdh>),
  erase({
    name: 'RMSprop',
    group: rmspropGroup,
    make: (hp, n, precision) =>
      new Rmsprop({ name: 'RMSprop', ...base, capturable: false, ...hp } as RmspropGroup, n, precision),
    reference: rmspropReference,
    f32: rmspropF32,
    wellConditioned: (hp) => !hp.centered,
  } satisfies Case<Rmsh>),
  erase({
    name: 'Adagrad',
    group: adagradGroup,
    make: (hp, n, precision) =>
      new Adagrad({ name: 'Adagrad', ...base, ...hp } as AdagradGroup, n, precision),
    reference: adagradReference,
    f32: adagradF32,
  } satisfies Case<Adah>),
  erase({
    name: 'Adam/AdamW',
    group: adamGroup,
    make: (hp, n, precision) =>
      new Adam({ ...base, capturable: false, fused: null, ...hp } as AdamGroup, n, precision),
    reference: adamReference,
    f32: adamF32,
    // L2 decay feeds θ into the gradient Adam normalizes by √v + ε: a θ that cancelled to ~1e-6 in
    // float32 (off by an ulp of its old size) becomes a gradient near ε, and the step amplifies
    // that by γ/ε, in torch as here.
    wellConditioned: (hp) => hp.weight_decay === 0 || hp.name === 'AdamW',
  } satisfies Case<Adamh>),
];

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
}

for (const c of cases) {
  test(`float64 ${c.name} in SIMD is the JS step bit for bit (parameters and state), any options`, () => {
    fc.assert(
      fc.property(c.group, problem(anyDouble), (hp, { p, gs }) => {
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
      fc.property(c.group, problem(f32Value), (hp, { p, gs }) => {
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
      fc.property(c.group, problem(f32Value), (hp, { p, gs }) => {
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
