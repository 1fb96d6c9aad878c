// AssemblyScript, not TypeScript for node: scripts/build.mjs compiles this file to dist/kernels.wasm
// with WebAssembly SIMD (excluded from tsc; loaded by ../wasmKernels.ts). Every pointer is a byte
// offset into the memory the caller imports; nothing here allocates. Each kernel is written once,
// generic over the element type, and exported for f32 (f32x4 lanes) and f64 (f64x2 lanes).

/**
 * Stores the output vector `x` at `q`, as +0 where the ReLU output `md` bytes further (the
 * activation at the same place) is ≤ 0 when `mask` is set: ReLU's backward fused into the product,
 * the bits of reluBackward run after it.
 */
function putMasked<T>(q: usize, x: v128, mask: usize, md: usize): void {
  if (mask != 0) x = v128.andnot(x, v128.le<T>(v128.load(q + md), v128.splat<T>(<T>0)));
  v128.store(q, x);
}

/** {@link putMasked} for one element. */
function putMaskedScalar<T>(q: usize, x: T, mask: usize, md: usize): void {
  if (mask != 0 && load<T>(q + md) <= <T>0) x = <T>0;
  store<T>(q, x);
}

/**
 * C (m × n, row stride ldc) = A·B (+ bias), or C += A·B when `accumulate`, where B is k × n row-major
 * (row stride ldb) and A's element (i, p) sits at `a + (i·sAm + p·sAk)` elements, so the same kernel
 * reads A or Aᵀ. Register block: 4 rows × 2 vectors; every B vector loaded feeds 4 multiply-adds.
 * Each output sums over p in order, then adds the bias last, as torch's addmm rounds. `mask`
 * (0: none) points at a ReLU output laid out as C: see {@link putMasked}.
 */
function gemm<T>(
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  sAm: i32,
  sAk: i32,
  b: usize,
  ldb: i32,
  c: usize,
  ldc: i32,
  accumulate: i32,
  bias: usize,
  mask: usize,
): void {
  const md = mask - c;
  const S = <usize>sizeof<T>();
  const L = <i32>(16 / sizeof<T>());
  const am = <usize>sAm * S;
  const ak = <usize>sAk * S;
  const bk = <usize>ldb * S;
  const cm = <usize>ldc * S;
  const useBias = bias != 0 && accumulate == 0;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = a + <usize>i * am;
    const c0 = c + <usize>i * cm;
    let j = 0;
    for (; j + 2 * L <= n; j += 2 * L) {
      const cj = c0 + <usize>j * S;
      let x00 = v128.splat<T>(<T>0);
      let x01 = x00;
      let x10 = x00;
      let x11 = x00;
      let x20 = x00;
      let x21 = x00;
      let x30 = x00;
      let x31 = x00;
      if (accumulate) {
        x00 = v128.load(cj);
        x01 = v128.load(cj, 16);
        x10 = v128.load(cj + cm);
        x11 = v128.load(cj + cm, 16);
        x20 = v128.load(cj + 2 * cm);
        x21 = v128.load(cj + 2 * cm, 16);
        x30 = v128.load(cj + 3 * cm);
        x31 = v128.load(cj + 3 * cm, 16);
      }
      let pa = a0;
      let pb = b + <usize>j * S;
      for (let p = 0; p < k; p++) {
        const b0 = v128.load(pb);
        const b1 = v128.load(pb, 16);
        let s = v128.load_splat<T>(pa);
        x00 = v128.add<T>(x00, v128.mul<T>(s, b0));
        x01 = v128.add<T>(x01, v128.mul<T>(s, b1));
        s = v128.load_splat<T>(pa + am);
        x10 = v128.add<T>(x10, v128.mul<T>(s, b0));
        x11 = v128.add<T>(x11, v128.mul<T>(s, b1));
        s = v128.load_splat<T>(pa + 2 * am);
        x20 = v128.add<T>(x20, v128.mul<T>(s, b0));
        x21 = v128.add<T>(x21, v128.mul<T>(s, b1));
        s = v128.load_splat<T>(pa + 3 * am);
        x30 = v128.add<T>(x30, v128.mul<T>(s, b0));
        x31 = v128.add<T>(x31, v128.mul<T>(s, b1));
        pa += ak;
        pb += bk;
      }
      if (useBias) {
        const v0 = v128.load(bias + <usize>j * S);
        const v1 = v128.load(bias + <usize>j * S, 16);
        x00 = v128.add<T>(x00, v0);
        x01 = v128.add<T>(x01, v1);
        x10 = v128.add<T>(x10, v0);
        x11 = v128.add<T>(x11, v1);
        x20 = v128.add<T>(x20, v0);
        x21 = v128.add<T>(x21, v1);
        x30 = v128.add<T>(x30, v0);
        x31 = v128.add<T>(x31, v1);
      }
      putMasked<T>(cj, x00, mask, md);
      putMasked<T>(cj + 16, x01, mask, md);
      putMasked<T>(cj + cm, x10, mask, md);
      putMasked<T>(cj + cm + 16, x11, mask, md);
      putMasked<T>(cj + 2 * cm, x20, mask, md);
      putMasked<T>(cj + 2 * cm + 16, x21, mask, md);
      putMasked<T>(cj + 3 * cm, x30, mask, md);
      putMasked<T>(cj + 3 * cm + 16, x31, mask, md);
    }
    for (; j + L <= n; j += L) {
      const cj = c0 + <usize>j * S;
      let x0 = v128.splat<T>(<T>0);
      let x1 = x0;
      let x2 = x0;
      let x3 = x0;
      if (accumulate) {
        x0 = v128.load(cj);
        x1 = v128.load(cj + cm);
        x2 = v128.load(cj + 2 * cm);
        x3 = v128.load(cj + 3 * cm);
      }
      let pa = a0;
      let pb = b + <usize>j * S;
      for (let p = 0; p < k; p++) {
        const b0 = v128.load(pb);
        x0 = v128.add<T>(x0, v128.mul<T>(v128.load_splat<T>(pa), b0));
        x1 = v128.add<T>(x1, v128.mul<T>(v128.load_splat<T>(pa + am), b0));
        x2 = v128.add<T>(x2, v128.mul<T>(v128.load_splat<T>(pa + 2 * am), b0));
        x3 = v128.add<T>(x3, v128.mul<T>(v128.load_splat<T>(pa + 3 * am), b0));
        pa += ak;
        pb += bk;
      }
      if (useBias) {
        const v0 = v128.load(bias + <usize>j * S);
        x0 = v128.add<T>(x0, v0);
        x1 = v128.add<T>(x1, v0);
        x2 = v128.add<T>(x2, v0);
        x3 = v128.add<T>(x3, v0);
      }
      putMasked<T>(cj, x0, mask, md);
      putMasked<T>(cj + cm, x1, mask, md);
      putMasked<T>(cj + 2 * cm, x2, mask, md);
      putMasked<T>(cj + 3 * cm, x3, mask, md);
    }
    for (; j < n; j++) {
      const cj = c0 + <usize>j * S;
      let x0: T = <T>0;
      let x1: T = <T>0;
      let x2: T = <T>0;
      let x3: T = <T>0;
      if (accumulate) {
        x0 = load<T>(cj);
        x1 = load<T>(cj + cm);
        x2 = load<T>(cj + 2 * cm);
        x3 = load<T>(cj + 3 * cm);
      }
      let pa = a0;
      let pb = b + <usize>j * S;
      for (let p = 0; p < k; p++) {
        const b0 = load<T>(pb);
        x0 += load<T>(pa) * b0;
        x1 += load<T>(pa + am) * b0;
        x2 += load<T>(pa + 2 * am) * b0;
        x3 += load<T>(pa + 3 * am) * b0;
        pa += ak;
        pb += bk;
      }
      if (useBias) {
        const v = load<T>(bias + <usize>j * S);
        x0 += v;
        x1 += v;
        x2 += v;
        x3 += v;
      }
      putMaskedScalar<T>(cj, x0, mask, md);
      putMaskedScalar<T>(cj + cm, x1, mask, md);
      putMaskedScalar<T>(cj + 2 * cm, x2, mask, md);
      putMaskedScalar<T>(cj + 3 * cm, x3, mask, md);
    }
  }
  // Leftover rows, one at a time.
  for (; i < m; i++) {
    const a0 = a + <usize>i * am;
    const c0 = c + <usize>i * cm;
    let j = 0;
    for (; j + L <= n; j += L) {
      const cj = c0 + <usize>j * S;
      let x0 = accumulate ? v128.load(cj) : v128.splat<T>(<T>0);
      let pa = a0;
      let pb = b + <usize>j * S;
      for (let p = 0; p < k; p++) {
        x0 = v128.add<T>(x0, v128.mul<T>(v128.load_splat<T>(pa), v128.load(pb)));
        pa += ak;
        pb += bk;
      }
      if (useBias) x0 = v128.add<T>(x0, v128.load(bias + <usize>j * S));
      putMasked<T>(cj, x0, mask, md);
    }
    for (; j < n; j++) {
      const cj = c0 + <usize>j * S;
      let x0: T = accumulate ? load<T>(cj) : <T>0;
      let pa = a0;
      let pb = b + <usize>j * S;
      for (let p = 0; p < k; p++) {
        x0 += load<T>(pa) * load<T>(pb);
        pa += ak;
        pb += bk;
      }
      if (useBias) x0 += load<T>(bias + <usize>j * S);
      putMaskedScalar<T>(cj, x0, mask, md);
    }
  }
}

/** dst[j] += Σ_r src[r·cols + j] for j < cols, rows summed in order (the bias gradient). */
function colSumAdd<T>(src: usize, rows: i32, cols: i32, dst: usize): void {
  const S = <usize>sizeof<T>();
  const L = <i32>(16 / sizeof<T>());
  const rowBytes = <usize>cols * S;
  let j = 0;
  for (; j + L <= cols; j += L) {
    let x = v128.load(dst + <usize>j * S);
    let p = src + <usize>j * S;
    for (let r = 0; r < rows; r++) {
      x = v128.add<T>(x, v128.load(p));
      p += rowBytes;
    }
    v128.store(dst + <usize>j * S, x);
  }
  for (; j < cols; j++) {
    let x = load<T>(dst + <usize>j * S);
    let p = src + <usize>j * S;
    for (let r = 0; r < rows; r++) {
      x += load<T>(p);
      p += rowBytes;
    }
    store<T>(dst + <usize>j * S, x);
  }
}

/** dst (cols × rows) = srcᵀ for src rows × cols, both row-major. */
function transpose<T>(src: usize, rows: i32, cols: i32, dst: usize): void {
  const S = <usize>sizeof<T>();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      store<T>(
        dst + (<usize>c * <usize>rows + <usize>r) * S,
        load<T>(src + (<usize>r * <usize>cols + <usize>c) * S),
      );
    }
  }
}

/** ReLU in place with the JS engine's semantics: x < 0 becomes +0; −0 and NaN pass unchanged. */
function relu<T>(p: usize, n: i32): void {
  const S = <usize>sizeof<T>();
  const L = <i32>(16 / sizeof<T>());
  const zero = v128.splat<T>(<T>0);
  let k = 0;
  for (; k + L <= n; k += L) {
    const q = p + <usize>k * S;
    const x = v128.load(q);
    v128.store(q, v128.andnot(x, v128.lt<T>(x, zero)));
  }
  for (; k < n; k++) {
    const q = p + <usize>k * S;
    if (load<T>(q) < <T>0) store<T>(q, <T>0);
  }
}

/** delta ← 0 where the ReLU output `act` ≤ 0 (NaN keeps its delta), in place. */
function reluBackward<T>(act: usize, delta: usize, n: i32): void {
  const S = <usize>sizeof<T>();
  const L = <i32>(16 / sizeof<T>());
  const zero = v128.splat<T>(<T>0);
  let k = 0;
  for (; k + L <= n; k += L) {
    const off = <usize>k * S;
    const d = v128.load(delta + off);
    v128.store(delta + off, v128.andnot(d, v128.le<T>(v128.load(act + off), zero)));
  }
  for (; k < n; k++) {
    const off = <usize>k * S;
    if (load<T>(act + off) <= <T>0) store<T>(delta + off, <T>0);
  }
}

export function gemmF32(
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  sAm: i32,
  sAk: i32,
  b: usize,
  ldb: i32,
  c: usize,
  ldc: i32,
  accumulate: i32,
  bias: usize,
  mask: usize,
): void {
  gemm<f32>(m, n, k, a, sAm, sAk, b, ldb, c, ldc, accumulate, bias, mask);
}

export function gemmF64(
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  sAm: i32,
  sAk: i32,
  b: usize,
  ldb: i32,
  c: usize,
  ldc: i32,
  accumulate: i32,
  bias: usize,
  mask: usize,
): void {
  gemm<f64>(m, n, k, a, sAm, sAk, b, ldb, c, ldc, accumulate, bias, mask);
}

export function colSumAddF32(src: usize, rows: i32, cols: i32, dst: usize): void {
  colSumAdd<f32>(src, rows, cols, dst);
}

export function colSumAddF64(src: usize, rows: i32, cols: i32, dst: usize): void {
  colSumAdd<f64>(src, rows, cols, dst);
}

export function transposeF32(src: usize, rows: i32, cols: i32, dst: usize): void {
  transpose<f32>(src, rows, cols, dst);
}

export function transposeF64(src: usize, rows: i32, cols: i32, dst: usize): void {
  transpose<f64>(src, rows, cols, dst);
}

export function reluF32(p: usize, n: i32): void {
  relu<f32>(p, n);
}

export function reluF64(p: usize, n: i32): void {
  relu<f64>(p, n);
}

export function reluBackwardF32(act: usize, delta: usize, n: i32): void {
  reluBackward<f32>(act, delta, n);
}

export function reluBackwardF64(act: usize, delta: usize, n: i32): void {
  reluBackward<f64>(act, delta, n);
}
