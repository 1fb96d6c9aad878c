// The exports the kernel module must provide: each kernel's signature and the check that an instance has them all.

export interface KernelExports {
  gemmF32: GemmFn;
  gemmF64: GemmFn;
  packBF32: PackFn;
  packBF64: PackFn;
  gemmPackedF32: GemmPackedFn;
  gemmPackedF64: GemmPackedFn;
  peakF32: (iters: number, a: number) => number;
  peakF64: (iters: number, a: number) => number;
  colSumAddF32: ColSumFn;
  colSumAddF64: ColSumFn;
  transposeF32: ColSumFn;
  transposeF64: ColSumFn;
  reluF32: (p: number, n: number) => void;
  reluF64: (p: number, n: number) => void;
  reluBackwardF32: (act: number, delta: number, n: number) => void;
  reluBackwardF64: (act: number, delta: number, n: number) => void;
  adamF32: AdamFn;
  adamF64: AdamFn;
  sgdF32: SgdFn;
  sgdF64: SgdFn;
  rmspropF32: RmspropFn;
  rmspropF64: RmspropFn;
  adagradF32: AdagradFn;
  adagradF64: AdagradFn;
  adadeltaF32: AdadeltaFn;
  adadeltaF64: AdadeltaFn;
  adamaxF32: AdamaxFn;
  adamaxF64: AdamaxFn;
  nadamF32: NadamFn;
  nadamF64: NadamFn;
  radamF32: RadamFn;
  radamF64: RadamFn;
}

/** Every kernel the module must export (a name missing here or there is a compile error). */
const KERNEL_NAMES: Record<keyof KernelExports, true> = {
  gemmF32: true,
  gemmF64: true,
  colSumAddF32: true,
  colSumAddF64: true,
  transposeF32: true,
  transposeF64: true,
  reluF32: true,
  reluF64: true,
  reluBackwardF32: true,
  reluBackwardF64: true,
  adamF32: true,
  adamF64: true,
  sgdF32: true,
  sgdF64: true,
  rmspropF32: true,
  rmspropF64: true,
  adagradF32: true,
  adagradF64: true,
  adadeltaF32: true,
  adadeltaF64: true,
  adamaxF32: true,
  adamaxF64: true,
  nadamF32: true,
  nadamF64: true,
  radamF32: true,
  radamF64: true,
  packBF32: true,
  packBF64: true,
  gemmPackedF32: true,
  gemmPackedF64: true,
  peakF32: true,
  peakF64: true,
};

/** True when the instance exports every kernel as a function (the module and this file agree). */
export function isKernelExports(e: WebAssembly.Exports): e is WebAssembly.Exports & KernelExports {
  return Object.keys(KERNEL_NAMES).every((name) => typeof e[name] === 'function');
}

// Flags cross as 0/1; scalars as numbers (demoted to f32 at the call for the f32 kernels, as torch
// casts a Python float to the tensor's dtype).
type SgdFn = (
  p: number,
  g: number,
  b: number,
  n: number,
  maximize: number,
  useWd: number,
  wd: number,
  useMomentum: number,
  momentum: number,
  oneMinusDampening: number,
  nesterov: number,
  bufReady: number,
  negLr: number,
) => void;

type RmspropFn = (
  p: number,
  g: number,
  v: number,
  ga: number,
  b: number,
  n: number,
  maximize: number,
  useWd: number,
  wd: number,
  alpha: number,
  w: number,
  oneMinusW: number,
  low: number,
  eps: number,
  centered: number,
  useMomentum: number,
  momentum: number,
  negLr: number,
) => void;

type AdagradFn = (
  p: number,
  g: number,
  s: number,
  n: number,
  maximize: number,
  useWd: number,
  wd: number,
  eps: number,
  negClr: number,
) => void;

type AdamFn = (
  p: number,
  g: number,
  m: number,
  v: number,
  vmax: number,
  n: number,
  low: number,
  w1: number,
  oneMinusW1: number,
  beta2: number,
  w2: number,
  negStepSize: number,
  bc2Sqrt: number,
  eps: number,
  maximize: number,
  wdMode: number,
  wd: number,
  amsgrad: number,
) => void;

type AdadeltaFn = (
  p: number,
  g: number,
  v: number,
  u: number,
  n: number,
  maximize: number,
  useWd: number,
  wd: number,
  rho: number,
  w: number,
  eps: number,
  negLr: number,
) => void;

type AdamaxFn = (
  p: number,
  g: number,
  m: number,
  u: number,
  n: number,
  maximize: number,
  useWd: number,
  wd: number,
  low: number,
  w1: number,
  oneMinusW1: number,
  beta2: number,
  eps: number,
  negClr: number,
) => void;

/**
 * The scalars the adaptive kernels share after their buffers and length (optimizerKernels.ts's
 * momentArgs returns them): maximize, the weight-decay mode and factor, β₁'s lerp form (low,
 * w1, 1 − w1), β₂ and 1 − β₂.
 */
export type MomentScalars = [
  maximize: number,
  wdMode: number,
  wd: number,
  low: number,
  w1: number,
  oneMinusW1: number,
  beta2: number,
  w2: number,
];

type NadamFn = (
  ...args: [
    ...[p: number, g: number, m: number, v: number, n: number],
    ...MomentScalars,
    ...[bc2: number, eps: number, gradScale: number, avgScale: number],
  ]
) => void;

type RadamFn = (
  ...args: [
    ...[p: number, g: number, m: number, v: number, n: number],
    ...MomentScalars,
    ...[bc1: number, lr: number, rectified: number, bc2Sqrt: number, eps: number, rect: number],
  ]
) => void;

type GemmFn = (
  m: number,
  n: number,
  k: number,
  a: number,
  sAm: number,
  sAk: number,
  b: number,
  ldb: number,
  c: number,
  ldc: number,
  accumulate: number,
  bias: number,
  /** A ReLU output in C's layout whose ≤ 0 places zero the product (0: none). */
  mask: number,
) => void;
type PackFn = (b: number, sBk: number, sBn: number, k: number, n: number, dst: number) => void;
type GemmPackedFn = (
  m: number,
  n: number,
  k: number,
  a: number,
  sAm: number,
  sAk: number,
  bp: number,
  c: number,
  ldc: number,
  accumulate: number,
  bias: number,
  /** 1: ReLU on each output as it is stored. */
  relu: number,
) => void;
type ColSumFn = (src: number, rows: number, cols: number, dst: number) => void;
