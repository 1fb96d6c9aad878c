// AssemblyScript (see dense.ts): the machine's multiply-add peak as WebAssembly SIMD can reach it,
// for the bench's FLOP/s figure. Registers only, no memory traffic: what the dense kernels could
// at best achieve on this CPU through V8 (WebAssembly has no fused multiply-add without relaxed SIMD).

/**
 * Runs `iters` rounds of the GEMM's inner loop (the 4 × 2-vector register block of dense.ts) with its
 * B operand held in registers: each round broadcasts 4 scalars of a small L1-resident buffer `a`
 * (64 elements, read in turn, as the GEMM reads its A operand) and multiplies each into 2 fixed
 * vectors, 8 independent accumulators. Returns a lane sum so nothing is optimised away. A round
 * is 8 vector multiply-adds; `iters` is rounded down to a multiple of 16.
 */
function peak<T>(iters: i32, a: usize): T {
  const S = <usize>sizeof<T>();
  const q0 = v128.splat<T>(<T>0.5);
  const q1 = v128.splat<T>(<T>0.25);
  let x0 = v128.splat<T>(<T>0);
  let x1 = x0;
  let x2 = x0;
  let x3 = x0;
  let x4 = x0;
  let x5 = x0;
  let x6 = x0;
  let x7 = x0;
  for (let r = 0; r < iters >> 4; r++) {
    let pa = a;
    for (let i = 0; i < 16; i++) {
      let s = v128.load_splat<T>(pa);
      x0 = v128.add<T>(x0, v128.mul<T>(s, q0));
      x1 = v128.add<T>(x1, v128.mul<T>(s, q1));
      s = v128.load_splat<T>(pa + S);
      x2 = v128.add<T>(x2, v128.mul<T>(s, q0));
      x3 = v128.add<T>(x3, v128.mul<T>(s, q1));
      s = v128.load_splat<T>(pa + 2 * S);
      x4 = v128.add<T>(x4, v128.mul<T>(s, q0));
      x5 = v128.add<T>(x5, v128.mul<T>(s, q1));
      s = v128.load_splat<T>(pa + 3 * S);
      x6 = v128.add<T>(x6, v128.mul<T>(s, q0));
      x7 = v128.add<T>(x7, v128.mul<T>(s, q1));
      pa += 4 * S;
    }
  }
  const u = v128.add<T>(v128.add<T>(x0, x1), v128.add<T>(x2, x3));
  const w = v128.add<T>(v128.add<T>(x4, x5), v128.add<T>(x6, x7));
  const c = v128.add<T>(u, w);
  return v128.extract_lane<T>(c, 0) + v128.extract_lane<T>(c, 1);
}

/** {@link peak} on f32x4: 32 float32 multiply-adds (64 FLOP) per round; `a` holds 64 floats. */
export function peakF32(iters: i32, a: usize): f32 {
  return peak<f32>(iters, a);
}

/** {@link peak} on f64x2: 16 float64 multiply-adds (32 FLOP) per round; `a` holds 64 doubles. */
export function peakF64(iters: i32, a: usize): f64 {
  return peak<f64>(iters, a);
}
