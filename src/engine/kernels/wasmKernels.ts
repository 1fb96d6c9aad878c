// ArenaBuffer: A region of a KernelArena (also KernelArena).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FloatArray, Precision } from '../types';
import { isKernelExports, type KernelExports } from './kernelExports';

/*
 * The WebAssembly SIMD kernels of dist/kernels.wasm (built from ./assembly/*.ts by
 * scripts/build.mjs). The module is compiled once per thread; every model instantiates it over a
 * memory of its own, sized once, so its views never move and no call allocates.
 */

let compiled: WebAssembly.Module | null = null;

/**
 * dist/kernels.wasm: beside this module in the bundles (dist/worker.js, dist/cli.js), or the
 * repository's dist/ when run from source (tests through tsx).
 */
function kernelModule(): WebAssembly.Module {
  if (compiled) return compiled;
  const candidates = [
    join(__dirname, 'kernels.wasm'),
    join(__dirname, '..', '..', '..', 'dist', 'kernels.wasm'),
  ];
  const path = candidates.find((p) => existsSync(p));
  if (!path) {
    throw new Error(
      `kernels.wasm is missing: run \`npm run build\` first (looked in ${candidates.join(', ')})`,
    );
  }
  compiled = new WebAssembly.Module(readFileSync(path));
  return compiled;
}

/** A region of a {@link KernelArena}: its byte offset (for the kernels) and a view (for JS). */
export interface ArenaBuffer {
  ptr: number;
  view: FloatArray;
}

/**
 * One WebAssembly memory holding a model's buffers, with the kernels bound to one precision.
 * Buffers are laid out by {@link KernelArena.create} before the memory exists, so the memory is
 * allocated once, at its final size.
 */
export class KernelArena {
  /** Bytes per element. */
  readonly bytes: number;
  /** The instance's kernels (the wrappers of ./optimizerKernels.ts call them too). */
  readonly k: KernelExports;
  /** Whether the arena holds float32 (the f32 kernels), else float64. */
  readonly f32: boolean;

  private constructor(
    readonly precision: Precision,
    memory: WebAssembly.Memory,
  ) {
    this.f32 = precision === 'float32';
    this.bytes = this.f32 ? 4 : 8;
    const instance = new WebAssembly.Instance(kernelModule(), { env: { memory } });
    const exports = instance.exports;
    if (!isKernelExports(exports)) throw new Error('the WebAssembly kernel module lacks a kernel');
    this.k = exports;
  }

  /**
   * Allocates one memory for buffers of the given element counts (each 16-byte aligned, for the
   * SIMD loads) and returns the arena with a view of each buffer, in order.
   */
  static create(
    precision: Precision,
    lengths: readonly number[],
  ): { arena: KernelArena; buffers: ArenaBuffer[] } {
    const bytes = precision === 'float32' ? 4 : 8;
    const ptrs: number[] = [];
    let end = 16;
    for (const n of lengths) {
      ptrs.push(end);
      end += Math.ceil((n * bytes) / 16) * 16;
    }
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(end / 65536)) });
    const arena = new KernelArena(precision, memory);
    const buffers = lengths.map((n, i) => {
      const ptr = ptrs[i]!;
      const view =
        precision === 'float32'
          ? new Float32Array(memory.buffer, ptr, n)
          : new Float64Array(memory.buffer, ptr, n);
      return { ptr, view };
    });
    return { arena, buffers };
  }

  /**
   * `C = A·B (+ bias)`, or `C += A·B` with `accumulate`: B is k × n row-major with row stride
   * `ldb`, C is m × n with row stride `ldc`, A's element (i, p) is at `a + (i·sAm + p·sAk)`
   * elements (so A or Aᵀ). Pointers are byte offsets; `bias` 0 means none. `mask` (0: none)
   * fuses ReLU's backward: an output becomes +0 where the activation at its place in `mask` (C's
   * layout) is ≤ 0, the bits of {@link KernelArena.reluBackward} after the product.
   */
  gemm(
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
    accumulate: boolean,
    bias: number,
    mask = 0,
  ): void {
    (this.f32 ? this.k.gemmF32 : this.k.gemmF64)(
      m,
      n,
      k,
      a,
      sAm,
      sAk,
      b,
      ldb,
      c,
      ldc,
      accumulate ? 1 : 0,
      bias,
      mask,
    );
  }

  /**
   * Packs the k × n matrix B, element (p, j) at `b + (p·sBk + j·sBn)` elements, into the column
   * panels {@link KernelArena.gemmPacked} reads (k × n elements at `dst`, no padding). With
   * sBk = 1 and sBn = fan-in it packs a weight matrix read transposed, for the forward product.
   */
  packB(b: number, sBk: number, sBn: number, k: number, n: number, dst: number): void {
    (this.f32 ? this.k.packBF32 : this.k.packBF64)(b, sBk, sBn, k, n, dst);
  }

  /**
   * {@link KernelArena.gemm} with B packed by {@link KernelArena.packB}: the register block
   * reads B's panels front to back. Same results, bit for bit (each output sums over p in order).
   * `relu` applies ReLU to each output as it is stored (the bits of {@link KernelArena.relu} after).
   */
  gemmPacked(
    m: number,
    n: number,
    k: number,
    a: number,
    sAm: number,
    sAk: number,
    bp: number,
    c: number,
    ldc: number,
    accumulate: boolean,
    bias: number,
    relu = false,
  ): void {
    (this.f32 ? this.k.gemmPackedF32 : this.k.gemmPackedF64)(
      m,
      n,
      k,
      a,
      sAm,
      sAk,
      bp,
      c,
      ldc,
      accumulate ? 1 : 0,
      bias,
      relu ? 1 : 0,
    );
  }

  /**
   * The bench's peak: `iters` rounds of the GEMM's 4 × 2-vector register block with B in
   * registers and A broadcast from the 64 elements at `a` (8 vector multiply-adds a round).
   */
  peak(iters: number, a: number): number {
    return (this.f32 ? this.k.peakF32 : this.k.peakF64)(iters, a);
  }

  /** `dst[j] += Σ_r src[r·cols + j]`. */
  colSumAdd(src: number, rows: number, cols: number, dst: number): void {
    (this.f32 ? this.k.colSumAddF32 : this.k.colSumAddF64)(src, rows, cols, dst);
  }

  /** `dst = srcᵀ` for a rows × cols row-major `src`. */
  transpose(src: number, rows: number, cols: number, dst: number): void {
    (this.f32 ? this.k.transposeF32 : this.k.transposeF64)(src, rows, cols, dst);
  }

  /** ReLU in place over `n` elements. */
  relu(p: number, n: number): void {
    (this.f32 ? this.k.reluF32 : this.k.reluF64)(p, n);
  }

  /** Zeroes `delta` where the ReLU output `act` is ≤ 0. */
  reluBackward(act: number, delta: number, n: number): void {
    (this.f32 ? this.k.reluBackwardF32 : this.k.reluBackwardF64)(act, delta, n);
  }

  /**
   * Adam's or AdamW's step (adamStep of ../optim/adam.ts, every option) over `n` elements of the
   * buffers at `p`, `g`, `m`, `v` and, with amsgrad, the running maximum `vmax`; torch's lerp for
   * the first moment (weight `1 − β₁`); `decay` is AdamW's decoupled factor 1 − γλ, null for L2.
   */
  adam(
    p: number,
    g: number,
    m: number,
    v: number,
    vmax: number,
    n: number,
    hp: { betas: [number, number]; eps: number; weight_decay: number; amsgrad: boolean; maximize: boolean },
    stepSize: number,
    bc2Sqrt: number,
    decay: number | null,
  ): void {
    const [beta1, beta2] = hp.betas;
    const w1 = 1 - beta1;
    const wdMode = hp.weight_decay === 0 ? 0 : decay === null ? 1 : 2;
    (this.f32 ? this.k.adamF32 : this.k.adamF64)(
      p,
      g,
      m,
      v,
      vmax,
      n,
      Math.abs(w1) < 0.5 ? 1 : 0,
      w1,
      1 - w1,
      beta2,
      1 - beta2,
      -stepSize,
      bc2Sqrt,
      hp.eps,
      hp.maximize ? 1 : 0,
      wdMode,
      wdMode === 2 ? decay! : hp.weight_decay,
      hp.amsgrad ? 1 : 0,
    );
  }

  /**
   * SGD's step (sgdStep of ../optim/sgd.ts, every option) over `n` elements of the buffers
   * at `p`, `g` and the momentum buffer `b` (unused without momentum); `bufReady` false makes this
   * the step that copies the gradient into the buffer.
   */
  sgd(
    p: number,
    g: number,
    b: number,
    n: number,
    hp: {
      lr: number;
      momentum: number;
      dampening: number;
      weight_decay: number;
      nesterov: boolean;
      maximize: boolean;
    },
    bufReady: boolean,
  ): void {
    (this.f32 ? this.k.sgdF32 : this.k.sgdF64)(
      p,
      g,
      b,
      n,
      hp.maximize ? 1 : 0,
      hp.weight_decay !== 0 ? 1 : 0,
      hp.weight_decay,
      hp.momentum !== 0 ? 1 : 0,
      hp.momentum,
      1 - hp.dampening,
      hp.nesterov ? 1 : 0,
      bufReady ? 1 : 0,
      -hp.lr,
    );
  }

  /**
   * RMSprop's step (rmspropStep of ../optim/rmsprop.ts, every option) over `n` elements: `v` the
   * square average, `ga` the gradient average (read when centered), `b` the momentum buffer (read
   * when momentum > 0).
   */
  rmsprop(
    p: number,
    g: number,
    v: number,
    ga: number,
    b: number,
    n: number,
    hp: {
      lr: number;
      alpha: number;
      eps: number;
      weight_decay: number;
      momentum: number;
      centered: boolean;
      maximize: boolean;
    },
  ): void {
    const w = 1 - hp.alpha;
    (this.f32 ? this.k.rmspropF32 : this.k.rmspropF64)(
      p,
      g,
      v,
      ga,
      b,
      n,
      hp.maximize ? 1 : 0,
      hp.weight_decay !== 0 ? 1 : 0,
      hp.weight_decay,
      hp.alpha,
      w,
      1 - w,
      Math.abs(w) < 0.5 ? 1 : 0,
      hp.eps,
      hp.centered ? 1 : 0,
      hp.momentum > 0 ? 1 : 0,
      hp.momentum,
      -hp.lr,
    );
  }

  /**
   * Adagrad's step (adagradStep of ../optim/adagrad.ts, every option) over `n` elements, with the
   * sum of squares at `s` and `clr` the decayed learning rate γ / (1 + (t − 1)·η).
   */
  adagrad(
    p: number,
    g: number,
    s: number,
    n: number,
    hp: { weight_decay: number; eps: number; maximize: boolean },
    clr: number,
  ): void {
    (this.f32 ? this.k.adagradF32 : this.k.adagradF64)(
      p,
      g,
      s,
      n,
      hp.maximize ? 1 : 0,
      hp.weight_decay !== 0 ? 1 : 0,
      hp.weight_decay,
      hp.eps,
      -clr,
    );
  }
}
