// The JS side of the Adadelta, Adamax, NAdam and RAdam kernels (./assembly/{adadelta,adamax,nadam,radam}.ts).
import type { KernelArena } from './wasmKernels';
import type { MomentScalars } from './kernelExports';

/*
 * Flags cross as 0/1 and scalars as the JS steps of ../optim/*.ts compute them, in float64; the
 * f32 exports round each scalar to float32 once at the call, as torch casts a Python float to the
 * tensor's dtype. Step-count scalars (bias corrections, NAdam's μ products, RAdam's ρₜ and
 * rectification) are computed by the optimizer and passed in, so they are the JS step's bits.
 */

/** Options every one of these steps reads. */
interface Common {
  weight_decay: number;
  maximize: boolean;
}

/** torch's lerp(m, g, 1 − β₁) as ../optim/lerp.ts computes it: [form flag, weight, 1 − weight]. */
function lerpArgs(beta1: number): [number, number, number] {
  const w1 = 1 - beta1;
  return [Math.abs(w1) < 0.5 ? 1 : 0, w1, 1 - w1];
}

/** The weight-decay mode (0 none, 1 L2, 2 decoupled) and its scalar (λ, or the factor 1 − γλ). */
function decayArgs(wd: number, decay: number | null): [number, number] {
  if (wd === 0) return [0, 0];
  return decay === null ? [1, wd] : [2, decay];
}

/**
 * The arguments NAdam's and RAdam's kernels open with after the buffers: maximize, the decay mode
 * and scalar, lerp's form and weights for the first moment, β₂ and 1 − β₂ for the second.
 */
function momentArgs(hp: Common & { betas: [number, number] }, decay: number | null): MomentScalars {
  const [wdMode, wd] = decayArgs(hp.weight_decay, decay);
  const beta2 = hp.betas[1];
  return [hp.maximize ? 1 : 0, wdMode, wd, ...lerpArgs(hp.betas[0]), beta2, 1 - beta2];
}

/**
 * Adadelta's step (adadeltaStep of ../optim/adadelta.ts, every option) over `n` elements of the
 * buffers at `p`, `g`, the square average `v` and the accumulated delta `u`.
 */
export function adadeltaKernel(
  arena: KernelArena,
  p: number,
  g: number,
  v: number,
  u: number,
  n: number,
  hp: Common & { lr: number; rho: number; eps: number },
): void {
  const wd = hp.weight_decay;
  (arena.f32 ? arena.k.adadeltaF32 : arena.k.adadeltaF64)(
    p,
    g,
    v,
    u,
    n,
    hp.maximize ? 1 : 0,
    wd !== 0 ? 1 : 0,
    wd,
    hp.rho,
    1 - hp.rho,
    hp.eps,
    -hp.lr,
  );
}

/**
 * Adamax's step (adamaxStep of ../optim/adamax.ts, every option) over `n` elements: `m` the first
 * moment, `u` the infinity norm; `clr` is γ / (1 − β₁ᵗ).
 */
export function adamaxKernel(
  arena: KernelArena,
  p: number,
  g: number,
  m: number,
  u: number,
  n: number,
  hp: Common & { betas: [number, number]; eps: number },
  clr: number,
): void {
  const wd = hp.weight_decay;
  const [low, w1, oneMinusW1] = lerpArgs(hp.betas[0]);
  (arena.f32 ? arena.k.adamaxF32 : arena.k.adamaxF64)(
    p,
    g,
    m,
    u,
    n,
    hp.maximize ? 1 : 0,
    wd !== 0 ? 1 : 0,
    wd,
    low,
    w1,
    oneMinusW1,
    hp.betas[1],
    hp.eps,
    -clr,
  );
}

/** NAdam's per-step scalars, from nadamScalars of ../optim/nadam.ts. */
export interface NadamStepScalars {
  bc2: number;
  gradScale: number;
  avgScale: number;
  decay: number | null;
}

/** NAdam's step (nadamStep of ../optim/nadam.ts, every option) over `n` elements of `p`, `g`, `m`, `v`. */
export function nadamKernel(
  arena: KernelArena,
  p: number,
  g: number,
  m: number,
  v: number,
  n: number,
  hp: Common & { betas: [number, number]; eps: number },
  s: NadamStepScalars,
): void {
  (arena.f32 ? arena.k.nadamF32 : arena.k.nadamF64)(
    p,
    g,
    m,
    v,
    n,
    ...momentArgs(hp, s.decay),
    s.bc2,
    hp.eps,
    s.gradScale,
    s.avgScale,
  );
}

/** RAdam's per-step scalars, from radamScalars of ../optim/radam.ts. */
export interface RadamStepScalars {
  bc1: number;
  bc2Sqrt: number;
  rectified: boolean;
  rect: number;
  decay: number | null;
}

/** RAdam's step (radamStep of ../optim/radam.ts, every option) over `n` elements of `p`, `g`, `m`, `v`. */
export function radamKernel(
  arena: KernelArena,
  p: number,
  g: number,
  m: number,
  v: number,
  n: number,
  hp: Common & { lr: number; betas: [number, number]; eps: number },
  s: RadamStepScalars,
): void {
  (arena.f32 ? arena.k.radamF32 : arena.k.radamF64)(
    p,
    g,
    m,
    v,
    n,
    ...momentArgs(hp, s.decay),
    s.bc1,
    hp.lr,
    s.rectified ? 1 : 0,
    s.bc2Sqrt,
    hp.eps,
    s.rect,
  );
}
