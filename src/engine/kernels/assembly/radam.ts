// AssemblyScript (see dense.ts): the RAdam step of ../../optim/radam.ts, every option included
// (maximize, L2 or decoupled weight decay, both branches of the rectification), in the same
// operations and order as the JS loop, f32x4 / f64x2. The caller computes ρₜ and the
// rectification term in JS and passes the branch as a flag.

import { gradS, gradV, lerpS, lerpV, sqAvgS, sqAvgV } from './moments';

/**
 * In place over n elements: g ← maximize ? −g : g; wdMode 1 (L2): g ← g + λ·θ, wdMode 2
 * (decoupled): θ ← θ·wd (wd is then 1 − γλ); m ← lerp(m, g, w1) in torch's form;
 * v ← β₂·v + (w2·g)·g; m̂ ← m / bc1; u ← rectified ? ((m̂·γ)·(bc2Sqrt / (√v + ε)))·r : m̂·γ;
 * θ ← θ + (−u).
 */
function radam<T>(
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
  bc1: T,
  lr: T,
  rectified: i32,
  bc2Sqrt: T,
  eps: T,
  rect: T,
): void {
  const S = <usize>sizeof<T>();
  const L = <i32>(16 / sizeof<T>());
  const vwd = v128.splat<T>(wd);
  const vw1 = v128.splat<T>(w1);
  const v1w1 = v128.splat<T>(oneMinusW1);
  const vb2 = v128.splat<T>(beta2);
  const vw2 = v128.splat<T>(w2);
  const vbc1 = v128.splat<T>(bc1);
  const vlr = v128.splat<T>(lr);
  const vbc2 = v128.splat<T>(bc2Sqrt);
  const veps = v128.splat<T>(eps);
  const vrect = v128.splat<T>(rect);
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
    let update = v128.mul<T>(v128.div<T>(mi, vbc1), vlr);
    if (rectified) {
      const adaptive = v128.div<T>(vbc2, v128.add<T>(v128.sqrt<T>(vi), veps));
      update = v128.mul<T>(v128.mul<T>(update, adaptive), vrect);
    }
    v128.store(p + o, v128.add<T>(pi, v128.neg<T>(update)));
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
    let update: T = (mi / bc1) * lr;
    if (rectified) update = update * (bc2Sqrt / (<T>sqrt<T>(vi) + eps)) * rect;
    store<T>(p + o, pi + -update);
  }
}

export function radamF32(
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
  bc1: f32,
  lr: f32,
  rectified: i32,
  bc2Sqrt: f32,
  eps: f32,
  rect: f32,
): void {
  radam<f32>(
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
    bc1,
    lr,
    rectified,
    bc2Sqrt,
    eps,
    rect,
  );
}

export function radamF64(
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
  bc1: f64,
  lr: f64,
  rectified: i32,
  bc2Sqrt: f64,
  eps: f64,
  rect: f64,
): void {
  radam<f64>(
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
    bc1,
    lr,
    rectified,
    bc2Sqrt,
    eps,
    rect,
  );
}
