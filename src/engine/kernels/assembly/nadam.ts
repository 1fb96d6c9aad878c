// AssemblyScript (see dense.ts): the NAdam step of ../../optim/nadam.ts, every option included
// (maximize, L2 or decoupled weight decay, momentum decay), in the same operations and order as the
// JS loop, f32x4 / f64x2. The step-count scalars (μ products) are computed by the caller in JS.

import { gradS, gradV, lerpS, lerpV, sqAvgS, sqAvgV } from './moments';

/**
 * In place over n elements: g ← maximize ? −g : g; wdMode 1 (L2): g ← g + λ·θ, wdMode 2
 * (decoupled): θ ← θ·wd (wd is then the factor 1 − γλ); m ← lerp(m, g, w1) in torch's form;
 * v ← β₂·v + (w2·g)·g; d ← √(v / bc2) + ε; θ ← θ + (gradScale·g) / d; θ ← θ + (avgScale·m) / d.
 */
function nadam<T>(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  n: i32,
  maximize: i32,
  wdMode: i32,
  wd: T,
  low: i32,
  w1: T,
  oneMinusW1: T,
  beta2: T,
  w2: T,
  bc2: T,
  eps: T,
  gradScale: T,
  avgScale: T,
): void {
  const S = <usize>sizeof<T>();
  const L = <i32>(16 / sizeof<T>());
  const vwd = v128.splat<T>(wd);
  const vw1 = v128.splat<T>(w1);
  const v1w1 = v128.splat<T>(oneMinusW1);
  const vb2 = v128.splat<T>(beta2);
  const vw2 = v128.splat<T>(w2);
  const vbc2 = v128.splat<T>(bc2);
  const veps = v128.splat<T>(eps);
  const vgs = v128.splat<T>(gradScale);
  const vas = v128.splat<T>(avgScale);
  let k = 0;
  for (; k + L <= n; k += L) {
    const o = <usize>k * S;
    let pi = v128.load(p + o);
    const gi = gradV<T>(v128.load(g + o), pi, maximize, wdMode == 1, vwd);
    if (wdMode == 2) pi = v128.mul<T>(pi, vwd);
    const mi = lerpV<T>(v128.load(m + o), gi, low, vw1, v1w1);
    v128.store(m + o, mi);
    const vi = sqAvgV<T>(v128.load(v + o), gi, vb2, vw2);
    v128.store(v + o, vi);
    const denom = v128.add<T>(v128.sqrt<T>(v128.div<T>(vi, vbc2)), veps);
    pi = v128.add<T>(pi, v128.div<T>(v128.mul<T>(vgs, gi), denom));
    v128.store(p + o, v128.add<T>(pi, v128.div<T>(v128.mul<T>(vas, mi), denom)));
  }
  for (; k < n; k++) {
    const o = <usize>k * S;
    let pi = load<T>(p + o);
    const gi = gradS<T>(load<T>(g + o), pi, maximize, wdMode == 1, wd);
    if (wdMode == 2) pi = pi * wd;
    const mi = lerpS<T>(load<T>(m + o), gi, low, w1, oneMinusW1);
    store<T>(m + o, mi);
    const vi = sqAvgS<T>(load<T>(v + o), gi, beta2, w2);
    store<T>(v + o, vi);
    const denom: T = <T>sqrt<T>(vi / bc2) + eps;
    pi = pi + (gradScale * gi) / denom;
    store<T>(p + o, pi + (avgScale * mi) / denom);
  }
}

export function nadamF32(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  n: i32,
  maximize: i32,
  wdMode: i32,
  wd: f32,
  low: i32,
  w1: f32,
  oneMinusW1: f32,
  beta2: f32,
  w2: f32,
  bc2: f32,
  eps: f32,
  gradScale: f32,
  avgScale: f32,
): void {
  nadam<f32>(
    p,
    g,
    m,
    v,
    n,
    maximize,
    wdMode,
    wd,
    low,
    w1,
    oneMinusW1,
    beta2,
    w2,
    bc2,
    eps,
    gradScale,
    avgScale,
  );
}

export function nadamF64(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  n: i32,
  maximize: i32,
  wdMode: i32,
  wd: f64,
  low: i32,
  w1: f64,
  oneMinusW1: f64,
  beta2: f64,
  w2: f64,
  bc2: f64,
  eps: f64,
  gradScale: f64,
  avgScale: f64,
): void {
  nadam<f64>(
    p,
    g,
    m,
    v,
    n,
    maximize,
    wdMode,
    wd,
    low,
    w1,
    oneMinusW1,
    beta2,
    w2,
    bc2,
    eps,
    gradScale,
    avgScale,
  );
}
