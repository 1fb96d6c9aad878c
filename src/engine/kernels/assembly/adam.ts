// AssemblyScript (see dense.ts): the Adam / AdamW step of ../../optim/adam.ts, every option included
// (maximize, L2 or decoupled weight decay, amsgrad), in the same operations and order as the JS
// loop, f32x4 / f64x2. The flags are loop-invariant branches.

import { gradS, gradV, lerpS, lerpV, sqAvgS, sqAvgV } from './moments';

/**
 * In place over n elements: g ← maximize ? −g : g; wdMode 1 (L2): g ← g + λ·θ, wdMode 2
 * (decoupled): θ ← θ·wd (wd is then the factor 1 − γλ); m ← lerp(m, g, w1) in torch's form
 * (`low`: m + w1·(g − m), else g − (g − m)·oneMinusW1); v ← β₂·v + (w2·g)·g; amsgrad:
 * v̂ ← max(v̂, v) and v̂ stands for v below; θ ← θ + (−stepSize·m) / (√v / bc2Sqrt + eps).
 */
function adam<T>(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  vmax: usize,
  n: i32,
  low: i32,
  w1: T,
  oneMinusW1: T,
  beta2: T,
  w2: T,
  negStepSize: T,
  bc2Sqrt: T,
  eps: T,
  maximize: i32,
  wdMode: i32,
  wd: T,
  amsgrad: i32,
): void {
  const S = <usize>sizeof<T>();
  const L = <i32>(16 / sizeof<T>());
  const vw1 = v128.splat<T>(w1);
  const v1w1 = v128.splat<T>(oneMinusW1);
  const vb2 = v128.splat<T>(beta2);
  const vw2 = v128.splat<T>(w2);
  const vstep = v128.splat<T>(negStepSize);
  const vbc2 = v128.splat<T>(bc2Sqrt);
  const veps = v128.splat<T>(eps);
  const vwd = v128.splat<T>(wd);
  let k = 0;
  for (; k + L <= n; k += L) {
    const o = <usize>k * S;
    let pi = v128.load(p + o);
    const gi = gradV<T>(v128.load(g + o), pi, maximize, wdMode == 1, vwd);
    if (wdMode == 2) pi = v128.mul<T>(pi, vwd);
    const mi = lerpV<T>(v128.load(m + o), gi, low, vw1, v1w1);
    v128.store(m + o, mi);
    let vi = sqAvgV<T>(v128.load(v + o), gi, vb2, vw2);
    v128.store(v + o, vi);
    if (amsgrad) {
      // max propagates NaN and orders −0 below +0, as Math.max and torch.maximum do.
      vi = v128.max<T>(v128.load(vmax + o), vi);
      v128.store(vmax + o, vi);
    }
    const denom = v128.add<T>(v128.div<T>(v128.sqrt<T>(vi), vbc2), veps);
    v128.store(p + o, v128.add<T>(pi, v128.div<T>(v128.mul<T>(vstep, mi), denom)));
  }
  for (; k < n; k++) {
    const o = <usize>k * S;
    let pi = load<T>(p + o);
    const gi = gradS<T>(load<T>(g + o), pi, maximize, wdMode == 1, wd);
    if (wdMode == 2) pi = pi * wd;
    const mi = lerpS<T>(load<T>(m + o), gi, low, w1, oneMinusW1);
    store<T>(m + o, mi);
    let vi = sqAvgS<T>(load<T>(v + o), gi, beta2, w2);
    store<T>(v + o, vi);
    if (amsgrad) {
      vi = <T>max<T>(load<T>(vmax + o), vi);
      store<T>(vmax + o, vi);
    }
    store<T>(p + o, pi + (negStepSize * mi) / (<T>sqrt<T>(vi) / bc2Sqrt + eps));
  }
}

export function adamF32(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  vmax: usize,
  n: i32,
  low: i32,
  w1: f32,
  oneMinusW1: f32,
  beta2: f32,
  w2: f32,
  negStepSize: f32,
  bc2Sqrt: f32,
  eps: f32,
  maximize: i32,
  wdMode: i32,
  wd: f32,
  amsgrad: i32,
): void {
  adam<f32>(
    p,
    g,
    m,
    v,
    vmax,
    n,
    low,
    w1,
    oneMinusW1,
    beta2,
    w2,
    negStepSize,
    bc2Sqrt,
    eps,
    maximize,
    wdMode,
    wd,
    amsgrad,
  );
}

export function adamF64(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  vmax: usize,
  n: i32,
  low: i32,
  w1: f64,
  oneMinusW1: f64,
  beta2: f64,
  w2: f64,
  negStepSize: f64,
  bc2Sqrt: f64,
  eps: f64,
  maximize: i32,
  wdMode: i32,
  wd: f64,
  amsgrad: i32,
): void {
  adam<f64>(
    p,
    g,
    m,
    v,
    vmax,
    n,
    low,
    w1,
    oneMinusW1,
    beta2,
    w2,
    negStepSize,
    bc2Sqrt,
    eps,
    maximize,
    wdMode,
    wd,
    amsgrad,
  );
}
