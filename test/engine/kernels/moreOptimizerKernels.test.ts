// Property tests of the SIMD optimizer steps Adadelta, Adamax, NAdam and RAdam (./optimizerHarness.ts).
import fc from 'fast-check';
import { Adadelta, adadeltaStep, type AdadeltaGroup } from '../../../src/engine/optim/adadelta';
import { Adamax, adamaxStep, type AdamaxGroup } from '../../../src/engine/optim/adamax';
import {
  Nadam,
  nadamScalars,
  nadamStep,
  type NadamGroup,
  type NadamHyper,
} from '../../../src/engine/optim/nadam';
import {
  Radam,
  radamScalars,
  radamStep,
  type RadamGroup,
  type RadamHyper,
} from '../../../src/engine/optim/radam';
import type { FloatArray } from '../../../src/engine/types';
import {
  betas,
  erase,
  f,
  lerpF32,
  maybeZero,
  rate,
  testCases,
  type Case,
  type Reference,
} from './optimizerHarness';

type Adadeltah = Pick<AdadeltaGroup, 'lr' | 'rho' | 'eps' | 'weight_decay' | 'maximize'>;
type Adamaxh = Pick<AdamaxGroup, 'lr' | 'betas' | 'eps' | 'weight_decay' | 'maximize'>;

const adadeltaGroup = fc.record({
  lr: fc.oneof(rate, fc.constant(1)),
  rho: fc.double({ min: 0, max: 1, noNaN: true }),
  eps: fc.constantFrom(1e-6, 1e-3),
  weight_decay: maybeZero(rate),
  maximize: fc.boolean(),
});
const adamaxGroup = fc.record({
  lr: rate,
  betas,
  eps: fc.constantFrom(1e-8, 1e-3),
  weight_decay: maybeZero(rate),
  maximize: fc.boolean(),
});
const nadamGroup = fc.record({
  lr: rate,
  betas,
  eps: fc.constantFrom(1e-8, 1e-3),
  weight_decay: maybeZero(rate),
  momentum_decay: fc.oneof(fc.constantFrom(0, 4e-3), fc.double({ min: 0, max: 1, noNaN: true })),
  decoupled_weight_decay: fc.boolean(),
  maximize: fc.boolean(),
});
// β₂ from 0.5 (ρ∞ = 3: never rectified) to 0.9999; ρₜ > 5 from step 6 (ρₜ is 1 at step 1).
const radamGroup = fc.record({
  lr: rate,
  betas: fc.tuple(
    betas.map(([b1]) => b1),
    fc.double({ min: 0.5, max: 0.9999, noNaN: true }),
  ),
  eps: fc.constantFrom(1e-8, 1e-3),
  weight_decay: maybeZero(rate),
  decoupled_weight_decay: fc.boolean(),
  maximize: fc.boolean(),
});

/** The gradient after torch's preamble, every operation in float32 (θ scaled in `p` if decoupled). */
function preambleF32(p: FloatArray, g: FloatArray, i: number, hp: Adamaxh, decay: number | null): number {
  let gi = hp.maximize ? -g[i]! : g[i]!;
  if (hp.weight_decay !== 0) {
    if (decay !== null) p[i] = f(p[i]! * f(decay));
    else gi = f(gi + f(f(hp.weight_decay) * p[i]!));
  }
  return gi;
}

const isF32 = (arr: (n: number) => FloatArray) => arr(0) instanceof Float32Array;

function adadeltaReference(hp: Adadeltah, n: number, arr: (n: number) => FloatArray): Reference {
  const [v, u] = [arr(n), arr(n)];
  return { step: (p, g) => adadeltaStep(p, g, v, u, hp), state: () => ({ square_avg: v, acc_delta: u }) };
}

function adamaxReference(hp: Adamaxh, n: number, arr: (n: number) => FloatArray): Reference {
  const [m, u] = [arr(n), arr(n)];
  return { step: (p, g, t) => adamaxStep(p, g, m, u, t, hp), state: () => ({ exp_avg: m, exp_inf: u }) };
}

function nadamReference(hp: NadamHyper, n: number, arr: (n: number) => FloatArray): Reference {
  const [m, v] = [arr(n), arr(n)];
  // The class rounds ∏ μᵢ to float32 in a float32 run, as torch keeps it in a float32 tensor.
  const round = isF32(arr) ? f : (x: number) => x;
  let product = 1;
  return {
    step: (p, g, t) => {
      product = nadamStep(p, g, m, v, t, product, hp, round);
    },
    state: () => ({ exp_avg: m, exp_avg_sq: v }),
  };
}

function radamReference(hp: RadamHyper, n: number, arr: (n: number) => FloatArray): Reference {
  const [m, v] = [arr(n), arr(n)];
  return { step: (p, g, t) => radamStep(p, g, m, v, t, hp), state: () => ({ exp_avg: m, exp_avg_sq: v }) };
}

// The same steps with every operation rounded to float32, scalars computed in float64 and cast once.
function adadeltaF32(hp: Adadeltah, n: number): Reference {
  const [v, u] = [new Float32Array(n), new Float32Array(n)];
  const [rho, w, eps, lr] = [hp.rho, 1 - hp.rho, hp.eps, -hp.lr].map(f) as number[];
  return {
    step(p, g) {
      for (let i = 0; i < n; i++) {
        const gi = preambleF32(p, g, i, { ...hp, betas: [0, 0] }, null);
        v[i] = f(f(rho! * v[i]!) + f(f(w! * gi) * gi));
        const delta = f(f(f(Math.sqrt(f(u[i]! + eps!))) / f(Math.sqrt(f(v[i]! + eps!)))) * gi);
        u[i] = f(f(rho! * u[i]!) + f(f(w! * delta) * delta));
        p[i] = f(p[i]! + f(lr! * delta));
      }
    },
    state: () => ({ square_avg: v, acc_delta: u }),
  };
}

function adamaxF32(hp: Adamaxh, n: number): Reference {
  const [m, u] = [new Float32Array(n), new Float32Array(n)];
  const [beta1, beta2] = hp.betas;
  const [b2, eps] = [f(beta2), f(hp.eps)];
  return {
    step(p, g, t) {
      const lr = f(-(hp.lr / (1 - beta1 ** t)));
      for (let i = 0; i < n; i++) {
        const gi = preambleF32(p, g, i, hp, null);
        m[i] = lerpF32(m[i]!, gi, 1 - beta1);
        u[i] = Math.max(f(b2 * u[i]!), f(Math.abs(gi) + eps));
        p[i] = f(p[i]! + f(f(lr * m[i]!) / u[i]!));
      }
    },
    state: () => ({ exp_avg: m, exp_inf: u }),
  };
}

function nadamF32(hp: NadamHyper, n: number): Reference {
  const [m, v] = [new Float32Array(n), new Float32Array(n)];
  const [beta1, beta2] = hp.betas;
  const [b2, w2, eps] = [beta2, 1 - beta2, hp.eps].map(f) as number[];
  let product = 1;
  return {
    step(p, g, t) {
      const s = nadamScalars(t, product, hp, f);
      product = s.product;
      const [bc2, gs, as] = [s.bc2, s.gradScale, s.avgScale].map(f) as number[];
      for (let i = 0; i < n; i++) {
        const gi = preambleF32(p, g, i, hp, s.decay);
        m[i] = lerpF32(m[i]!, gi, 1 - beta1);
        v[i] = f(f(b2! * v[i]!) + f(f(w2! * gi) * gi));
        const denom = f(f(Math.sqrt(f(v[i]! / bc2!))) + eps!);
        const pi = f(p[i]! + f(f(gs! * gi) / denom));
        p[i] = f(pi + f(f(as! * m[i]!) / denom));
      }
    },
    state: () => ({ exp_avg: m, exp_avg_sq: v }),
  };
}

function radamF32(hp: RadamHyper, n: number): Reference {
  const [m, v] = [new Float32Array(n), new Float32Array(n)];
  const [beta1, beta2] = hp.betas;
  const [b2, w2, eps, lr] = [beta2, 1 - beta2, hp.eps, hp.lr].map(f) as number[];
  return {
    step(p, g, t) {
      const s = radamScalars(t, hp);
      const [bc1, bc2Sqrt, rect] = [s.bc1, s.bc2Sqrt, s.rect].map(f) as number[];
      for (let i = 0; i < n; i++) {
        const gi = preambleF32(p, g, i, hp, s.decay);
        m[i] = lerpF32(m[i]!, gi, 1 - beta1);
        v[i] = f(f(b2! * v[i]!) + f(f(w2! * gi) * gi));
        let update = f(f(m[i]! / bc1!) * lr!);
        if (s.rectified) update = f(f(update * f(bc2Sqrt! / f(f(Math.sqrt(v[i]!)) + eps!))) * rect!);
        p[i] = f(p[i]! + -update);
      }
    },
    state: () => ({ exp_avg: m, exp_avg_sq: v }),
  };
}

// L2 decay feeds θ into a gradient normalized by √v + ε: float32 cancellation in θ is then
// amplified by γ/ε, in torch as here (see Adam's case in optimizerKernels.test.ts).
const decoupledOrNone = (hp: { weight_decay: number; decoupled_weight_decay: boolean }) =>
  hp.weight_decay === 0 || hp.decoupled_weight_decay;

testCases([
  erase({
    name: 'Adadelta',
    group: adadeltaGroup,
    make: (hp, n, precision) => new Adadelta({ name: 'Adadelta', ...hp } as AdadeltaGroup, n, precision),
    reference: adadeltaReference,
    f32: adadeltaF32,
  } satisfies Case<Adadeltah>),
  erase({
    name: 'Adamax',
    group: adamaxGroup,
    make: (hp, n, precision) => new Adamax({ name: 'Adamax', ...hp } as AdamaxGroup, n, precision),
    reference: adamaxReference,
    f32: adamaxF32,
    // The same with u = max(β₂u, |g| + ε): θ cancelled to ~1e-8 gives an L2 gradient near ε.
    wellConditioned: (hp) => hp.weight_decay === 0,
  } satisfies Case<Adamaxh>),
  erase({
    name: 'NAdam',
    group: nadamGroup,
    make: (hp, n, precision) => new Nadam({ name: 'NAdam', ...hp } as NadamGroup, n, precision),
    reference: nadamReference,
    f32: nadamF32,
    wellConditioned: decoupledOrNone,
  } satisfies Case<NadamHyper>),
  erase({
    name: 'RAdam',
    group: radamGroup,
    make: (hp, n, precision) => new Radam({ name: 'RAdam', ...hp } as RadamGroup, n, precision),
    reference: radamReference,
    f32: radamF32,
    wellConditioned: decoupledOrNone,
    maxSteps: 9,
  } satisfies Case<RadamHyper>),
]);
