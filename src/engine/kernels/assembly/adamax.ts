// AssemblyScript (see dense.ts): the Adamax step of ../../optim/adamax.ts, every option included
// (maximize, weight decay), in the same operations and order as the JS loop, f32x4 / f64x2.

import { gradS, gradV, lerpS, lerpV } from './moments';

/**
 * In place over n elements: g ← maximize ? −g : g; g ← g + λ·θ (useWd); m ← lerp(m, g, w1) in
 * torch's form (`low`: m + w1·(g − m), else g − (g − m)·oneMinusW1); u ← β₂·u, then
 * u ← max(u, |g| + ε); θ ← θ + (−γ̃·m) / u, with `negClr` = −γ / (1 − β₁ᵗ).
 */
function adamax<T>(
  p: usize,
  g: usize,
  m: usize,
  u: usize,
  n: i32,
  maximize: i32,
  useWd: i32,
  wd: T,
  low: i32,
  w1: T,
  oneMinusW1: T,
  beta2: T,
  eps: T,
  negClr: T,
): void {
  const S = <usize>sizeof<T>();
  const L = <i32>(16 / sizeof<T>());
  const vwd = v128.splat<T>(wd);
  const vw1 = v128.splat<T>(w1);
  const v1w1 = v128.splat<T>(oneMinusW1);
  const vb2 = v128.splat<T>(beta2);
  const veps = v128.splat<T>(eps);
  const vlr = v128.splat<T>(negClr);
  let k = 0;
  for (; k + L <= n; k += L) {
    const o = <usize>k * S;
    const pi = v128.load(p + o);
    const gi = gradV<T>(v128.load(g + o), pi, maximize, useWd != 0, vwd);
    const mi = lerpV<T>(v128.load(m + o), gi, low, vw1, v1w1);
    v128.store(m + o, mi);
    // max propagates NaN and orders −0 below +0, as Math.max and torch.amax do.
    const ui = v128.max<T>(v128.mul<T>(vb2, v128.load(u + o)), v128.add<T>(v128.abs<T>(gi), veps));
    v128.store(u + o, ui);
    v128.store(p + o, v128.add<T>(pi, v128.div<T>(v128.mul<T>(vlr, mi), ui)));
  }
  for (; k < n; k++) {
    const o = <usize>k * S;
    const pi = load<T>(p + o);
    const gi = gradS<T>(load<T>(g + o), pi, maximize, useWd != 0, wd);
    const mi = lerpS<T>(load<T>(m + o), gi, low, w1, oneMinusW1);
    store<T>(m + o, mi);
    const ui = <T>max<T>(beta2 * load<T>(u + o), <T>abs<T>(gi) + eps);
    store<T>(u + o, ui);
    store<T>(p + o, pi + (negClr * mi) / ui);
  }
}

export function adamaxF32(
  p: usize,
  g: usize,
  m: usize,
  u: usize,
  n: i32,
  maximize: i32,
  useWd: i32,
  wd: f32,
  low: i32,
  w1: f32,
  oneMinusW1: f32,
  beta2: f32,
  eps: f32,
  negClr: f32,
): void {
  adamax<f32>(p, g, m, u, n, maximize, useWd, wd, low, w1, oneMinusW1, beta2, eps, negClr);
}

export function adamaxF64(
  p: usize,
  g: usize,
  m: usize,
  u: usize,
  n: i32,
  maximize: i32,
  useWd: i32,
  wd: f64,
  low: i32,
  w1: f64,
  oneMinusW1: f64,
  beta2: f64,
  eps: f64,
  negClr: f64,
): void {
  adamax<f64>(p, g, m, u, n, maximize, useWd, wd, low, w1, oneMinusW1, beta2, eps, negClr);
}
