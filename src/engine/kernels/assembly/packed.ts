// AssemblyScript (see dense.ts): a GEMM over a packed B operand. B is copied once per product
// (or once per parameter load, for weights) into column panels that the register block then
// reads front to back, instead of striding over B's rows; every output still sums over p in
// order, so the results are the bits of dense.ts's gemm and of the plain loop.

// Packed layout of a k × n B for vectors of L lanes (W = 2L): first ⌊n / W⌋ panels of W columns,
// each k rows of W contiguous elements; then, if at least L columns remain, one panel of L
// columns (k × L); then each remaining column alone (k contiguous elements). packedLength
// gives the element count (always k × n: no padding).

/**
 * Packs the k × n matrix B, whose element (p, j) is at `b + (p·sBk + j·sBn)` elements, into
 * `dst` in the panel layout above. Reading B through two strides lets the same routine pack a
 * row-major B (sBk = row length, sBn = 1) or a weight matrix read transposed (sBk = 1, sBn =
 * fan-in), so the forward product needs no separate transpose.
 */
function packB<T>(b: usize, sBk: i32, sBn: i32, k: i32, n: i32, dst: usize): void {
  const S = <usize>sizeof<T>();
  const L = <i32>(16 / sizeof<T>());
  const W = 2 * L;
  const bk = <usize>sBk * S;
  const bn = <usize>sBn * S;
  let q = dst;
  let j = 0;
  for (; j + W <= n; j += W) q = packPanel<T>(b + <usize>j * bn, bk, bn, k, W, q);
  if (j + L <= n) {
    q = packPanel<T>(b + <usize>j * bn, bk, bn, k, L, q);
    j += L;
  }
  for (; j < n; j++) q = packPanel<T>(b + <usize>j * bn, bk, bn, k, 1, q);
}

/** Copies `w` columns of B (from `col`) for every p into `q`, row after row; returns the end. */
function packPanel<T>(col: usize, bk: usize, bn: usize, k: i32, w: i32, q: usize): usize {
  const S = <usize>sizeof<T>();
  if (bn == S) {
    // Columns adjacent in memory: whole vectors per row.
    const bytes = <usize>w * S;
    for (let p = 0; p < k; p++) {
      const src = col + <usize>p * bk;
      if (bytes >= 16) v128.store(q, v128.load(src));
      if (bytes == 32) v128.store(q, v128.load(src, 16), 16);
      if (bytes < 16) for (let c: usize = 0; c < bytes; c += S) store<T>(q + c, load<T>(src + c));
      q += bytes;
    }
    return q;
  }
  for (let p = 0; p < k; p++) {
    let src = col + <usize>p * bk;
    for (let c = 0; c < w; c++) {
      store<T>(q, load<T>(src));
      src += bn;
      q += S;
    }
  }
  return q;
}

/**
 * Stores the output vector `x` at `q`, through ReLU when `relu` is set (x < 0 becomes +0, −0 and
 * NaN pass): the layer's activation fused into the product, the bits of dense.ts's relu after it.
 */
function putRelu<T>(q: usize, x: v128, relu: i32): void {
  if (relu) x = v128.andnot(x, v128.lt<T>(x, v128.splat<T>(<T>0)));
  v128.store(q, x);
}

/** {@link putRelu} for one element. */
function putReluScalar<T>(q: usize, x: T, relu: i32): void {
  if (relu && x < <T>0) x = <T>0;
  store<T>(q, x);
}

/**
 * C (m × n, row stride ldc) = A·B (+ bias), or C += A·B when `accumulate`, with B packed by
 * {@link packB}; A's element (i, p) is at `a + (i·sAm + p·sAk)` elements (A or Aᵀ). Register
 * block 4 rows × 2 vectors over each W panel (then 4 × 1 over the L panel, and 4 scalars per
 * single column); rows past the last multiple of 4 go one at a time. Each output sums over p in
 * order, then adds the bias, as dense.ts's gemm does; `relu` then applies ReLU ({@link putRelu}).
 */
function gemmPacked<T>(
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  sAm: i32,
  sAk: i32,
  bp: usize,
  c: usize,
  ldc: i32,
  accumulate: i32,
  bias: usize,
  relu: i32,
): void {
  const S = <usize>sizeof<T>();
  const L = <i32>(16 / sizeof<T>());
  const W = 2 * L;
  const am = <usize>sAm * S;
  const ak = <usize>sAk * S;
  const cm = <usize>ldc * S;
  const useBias = bias != 0 && accumulate == 0;
  const panelBytes = <usize>k * <usize>W * S;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = a + <usize>i * am;
    const c0 = c + <usize>i * cm;
    let pb0 = bp;
    let j = 0;
    for (; j + W <= n; j += W) {
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
      let pb = pb0;
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
        pb += 32;
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
      putRelu<T>(cj, x00, relu);
      putRelu<T>(cj + 16, x01, relu);
      putRelu<T>(cj + cm, x10, relu);
      putRelu<T>(cj + cm + 16, x11, relu);
      putRelu<T>(cj + 2 * cm, x20, relu);
      putRelu<T>(cj + 2 * cm + 16, x21, relu);
      putRelu<T>(cj + 3 * cm, x30, relu);
      putRelu<T>(cj + 3 * cm + 16, x31, relu);
      pb0 += panelBytes;
    }
    if (j + L <= n) {
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
      let pb = pb0;
      for (let p = 0; p < k; p++) {
        const b0 = v128.load(pb);
        x0 = v128.add<T>(x0, v128.mul<T>(v128.load_splat<T>(pa), b0));
        x1 = v128.add<T>(x1, v128.mul<T>(v128.load_splat<T>(pa + am), b0));
        x2 = v128.add<T>(x2, v128.mul<T>(v128.load_splat<T>(pa + 2 * am), b0));
        x3 = v128.add<T>(x3, v128.mul<T>(v128.load_splat<T>(pa + 3 * am), b0));
        pa += ak;
        pb += 16;
      }
      if (useBias) {
        const v0 = v128.load(bias + <usize>j * S);
        x0 = v128.add<T>(x0, v0);
        x1 = v128.add<T>(x1, v0);
        x2 = v128.add<T>(x2, v0);
        x3 = v128.add<T>(x3, v0);
      }
      putRelu<T>(cj, x0, relu);
      putRelu<T>(cj + cm, x1, relu);
      putRelu<T>(cj + 2 * cm, x2, relu);
      putRelu<T>(cj + 3 * cm, x3, relu);
      pb0 += <usize>k * 16;
      j += L;
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
      let pb = pb0;
      for (let p = 0; p < k; p++) {
        const b0 = load<T>(pb);
        x0 += load<T>(pa) * b0;
        x1 += load<T>(pa + am) * b0;
        x2 += load<T>(pa + 2 * am) * b0;
        x3 += load<T>(pa + 3 * am) * b0;
        pa += ak;
        pb += S;
      }
      if (useBias) {
        const v = load<T>(bias + <usize>j * S);
        x0 += v;
        x1 += v;
        x2 += v;
        x3 += v;
      }
      putReluScalar<T>(cj, x0, relu);
      putReluScalar<T>(cj + cm, x1, relu);
      putReluScalar<T>(cj + 2 * cm, x2, relu);
      putReluScalar<T>(cj + 3 * cm, x3, relu);
      pb0 += <usize>k * S;
    }
  }
  // Leftover rows, one at a time, over the same panels.
  for (; i < m; i++) {
    const a0 = a + <usize>i * am;
    const c0 = c + <usize>i * cm;
    let pb0 = bp;
    let j = 0;
    for (; j + W <= n; j += W) {
      const cj = c0 + <usize>j * S;
      let x0 = accumulate ? v128.load(cj) : v128.splat<T>(<T>0);
      let x1 = accumulate ? v128.load(cj, 16) : v128.splat<T>(<T>0);
      let pa = a0;
      let pb = pb0;
      for (let p = 0; p < k; p++) {
        const s = v128.load_splat<T>(pa);
        x0 = v128.add<T>(x0, v128.mul<T>(s, v128.load(pb)));
        x1 = v128.add<T>(x1, v128.mul<T>(s, v128.load(pb, 16)));
        pa += ak;
        pb += 32;
      }
      if (useBias) {
        x0 = v128.add<T>(x0, v128.load(bias + <usize>j * S));
        x1 = v128.add<T>(x1, v128.load(bias + <usize>j * S, 16));
      }
      putRelu<T>(cj, x0, relu);
      putRelu<T>(cj + 16, x1, relu);
      pb0 += panelBytes;
    }
    if (j + L <= n) {
      const cj = c0 + <usize>j * S;
      let x0 = accumulate ? v128.load(cj) : v128.splat<T>(<T>0);
      let pa = a0;
      let pb = pb0;
      for (let p = 0; p < k; p++) {
        x0 = v128.add<T>(x0, v128.mul<T>(v128.load_splat<T>(pa), v128.load(pb)));
        pa += ak;
        pb += 16;
      }
      if (useBias) x0 = v128.add<T>(x0, v128.load(bias + <usize>j * S));
      putRelu<T>(cj, x0, relu);
      pb0 += <usize>k * 16;
      j += L;
    }
    for (; j < n; j++) {
      const cj = c0 + <usize>j * S;
      let x0: T = accumulate ? load<T>(cj) : <T>0;
      let pa = a0;
      let pb = pb0;
      for (let p = 0; p < k; p++) {
        x0 += load<T>(pa) * load<T>(pb);
        pa += ak;
        pb += S;
      }
      if (useBias) x0 += load<T>(bias + <usize>j * S);
      putReluScalar<T>(cj, x0, relu);
      pb0 += <usize>k * S;
    }
  }
}

export function packBF32(b: usize, sBk: i32, sBn: i32, k: i32, n: i32, dst: usize): void {
  packB<f32>(b, sBk, sBn, k, n, dst);
}

export function packBF64(b: usize, sBk: i32, sBn: i32, k: i32, n: i32, dst: usize): void {
  packB<f64>(b, sBk, sBn, k, n, dst);
}

export function gemmPackedF32(
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  sAm: i32,
  sAk: i32,
  bp: usize,
  c: usize,
  ldc: i32,
  accumulate: i32,
  bias: usize,
  relu: i32,
): void {
  gemmPacked<f32>(m, n, k, a, sAm, sAk, bp, c, ldc, accumulate, bias, relu);
}

export function gemmPackedF64(
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  sAm: i32,
  sAk: i32,
  bp: usize,
  c: usize,
  ldc: i32,
  accumulate: i32,
  bias: usize,
  relu: i32,
): void {
  gemmPacked<f64>(m, n, k, a, sAm, sAk, bp, c, ldc, accumulate, bias, relu);
}
