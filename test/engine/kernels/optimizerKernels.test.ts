// Property tests of the SIMD optimizer steps SGD, RMSprop, Adagrad, Adam and AdamW (./optimizerHarness.ts).
import fc from 'fast-check';
import { Sgd, sgdStep, type SgdGroup } from '../../../src/engine/optim/sgd';
import { Rmsprop, rmspropStep, type RmspropGroup } from '../../../src/engine/optim/rmsprop';
import { Adagrad, adagradStep, type AdagradGroup } from '../../../src/engine/optim/adagrad';
import { Adam, adamStep, type AdamGroup, type AdamHyper } from '../../../src/engine/optim/adam';
import type { FloatArray } from '../../../src/engine/types';
import {
  base,
  betas,
  erase,
  f,
  maybeZero,
  rate,
  testCases,
  type Case,
  type Reference,
} from './optimizerHarness';

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
  betas,
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

testCases(cases);
