// AssemblyScript (see dense.ts): the Adagrad step of ../../optim/adagrad.ts, every option included,
// in the same operations and order as the JS loop, f32x4 / f64x2.

/**
 * In place over n elements: g ← maximize ? −g : g; g ← g + λ·θ (useWd); s ← s + g·g;
 * θ ← θ + (−γ̃·g) / (√s + ε), with `negClr` = −γ̃ (the decayed learning rate).
 */
function adagrad<T>(
  p: usize,
  g: usize,
  s: usize,
  n: i32,
  maximize: i32,
  useWd: i32,
  wd: T,
  eps: T,
  negClr: T,
): void {
  const S = <usize>sizeof<T>();
  const L = <i32>(16 / sizeof<T>());
  const vwd = v128.splat<T>(wd);
  const veps = v128.splat<T>(eps);
  const vlr = v128.splat<T>(negClr);
  let k = 0;
  for (; k + L <= n; k += L) {
    const o = <usize>k * S;
    const pi = v128.load(p + o);
    let gi = v128.load(g + o);
    if (maximize) gi = v128.neg<T>(gi);
    if (useWd) gi = v128.add<T>(gi, v128.mul<T>(vwd, pi));
    const si = v128.add<T>(v128.load(s + o), v128.mul<T>(gi, gi));
    v128.store(s + o, si);
    const std = v128.add<T>(v128.sqrt<T>(si), veps);
    v128.store(p + o, v128.add<T>(pi, v128.div<T>(v128.mul<T>(vlr, gi), std)));
  }
  for (; k < n; k++) {
    const o = <usize>k * S;
    const pi = load<T>(p + o);
    let gi = load<T>(g + o);
    if (maximize) gi = -gi;
    if (useWd) gi = gi + wd * pi;
    const si: T = load<T>(s + o) + gi * gi;
    store<T>(s + o, si);
    store<T>(p + o, pi + (negClr * gi) / (<T>sqrt<T>(si) + eps));
  }
}

export function adagradF32(
  p: usize,
  g: usize,
  s: usize,
  n: i32,
  maximize: i32,
  useWd: i32,
  wd: f32,
  eps: f32,
  negClr: f32,
): void {
  adagrad<f32>(p, g, s, n, maximize, useWd, wd, eps, negClr);
}

export function adagradF64(
  p: usize,
  g: usize,
  s: usize,
  n: i32,
  maximize: i32,
  useWd: i32,
  wd: f64,
  eps: f64,
  negClr: f64,
): void {
  adagrad<f64>(p, g, s, n, maximize, useWd, wd, eps, negClr);
}
