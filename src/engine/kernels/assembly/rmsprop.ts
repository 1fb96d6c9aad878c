// AssemblyScript (see dense.ts): the RMSprop step of ../../optim/rmsprop.ts, every option included,
// in the same operations and order as the JS loop, f32x4 / f64x2. The flags are loop-invariant.

/**
 * In place over n elements: g ← maximize ? −g : g; g ← g + λ·θ (useWd); v ← α·v + ((1 − α)·g)·g;
 * centered: ḡ ← lerp(ḡ, g, 1 − α) in torch's form (`low` as in adam.ts), a ← √(v − ḡ·ḡ) + ε, else
 * a ← √v + ε; momentum: b ← μ·b + g/a, θ ← θ + (−γ)·b, else θ ← θ + (−γ·g)/a.
 */
function rmsprop<T>(
  p: usize,
  g: usize,
  v: usize,
  ga: usize,
  b: usize,
  n: i32,
  maximize: i32,
  useWd: i32,
  wd: T,
  alpha: T,
  w: T,
  oneMinusW: T,
  low: i32,
  eps: T,
  centered: i32,
  useMomentum: i32,
  momentum: T,
  negLr: T,
): void {
  const S = <usize>sizeof<T>();
  const L = <i32>(16 / sizeof<T>());
  const vwd = v128.splat<T>(wd);
  const valpha = v128.splat<T>(alpha);
  const vw = v128.splat<T>(w);
  const v1w = v128.splat<T>(oneMinusW);
  const veps = v128.splat<T>(eps);
  const vmu = v128.splat<T>(momentum);
  const vlr = v128.splat<T>(negLr);
  let k = 0;
  for (; k + L <= n; k += L) {
    const o = <usize>k * S;
    const pi = v128.load(p + o);
    let gi = v128.load(g + o);
    if (maximize) gi = v128.neg<T>(gi);
    if (useWd) gi = v128.add<T>(gi, v128.mul<T>(vwd, pi));
    const vi = v128.add<T>(v128.mul<T>(valpha, v128.load(v + o)), v128.mul<T>(v128.mul<T>(vw, gi), gi));
    v128.store(v + o, vi);
    let avg: v128;
    if (centered) {
      const old = v128.load(ga + o);
      const d = v128.sub<T>(gi, old);
      const gai = low ? v128.add<T>(old, v128.mul<T>(vw, d)) : v128.sub<T>(gi, v128.mul<T>(d, v1w));
      v128.store(ga + o, gai);
      avg = v128.add<T>(v128.sqrt<T>(v128.sub<T>(vi, v128.mul<T>(gai, gai))), veps);
    } else {
      avg = v128.add<T>(v128.sqrt<T>(vi), veps);
    }
    if (useMomentum) {
      const bi = v128.add<T>(v128.mul<T>(vmu, v128.load(b + o)), v128.div<T>(gi, avg));
      v128.store(b + o, bi);
      v128.store(p + o, v128.add<T>(pi, v128.mul<T>(vlr, bi)));
    } else {
      v128.store(p + o, v128.add<T>(pi, v128.div<T>(v128.mul<T>(vlr, gi), avg)));
    }
  }
  for (; k < n; k++) {
    const o = <usize>k * S;
    const pi = load<T>(p + o);
    let gi = load<T>(g + o);
    if (maximize) gi = -gi;
    if (useWd) gi = gi + wd * pi;
    const vi: T = alpha * load<T>(v + o) + w * gi * gi;
    store<T>(v + o, vi);
    let avg: T;
    if (centered) {
      const old = load<T>(ga + o);
      const gai: T = low ? old + w * (gi - old) : gi - (gi - old) * oneMinusW;
      store<T>(ga + o, gai);
      avg = <T>sqrt<T>(vi - gai * gai) + eps;
    } else {
      avg = <T>sqrt<T>(vi) + eps;
    }
    if (useMomentum) {
      const bi: T = momentum * load<T>(b + o) + gi / avg;
      store<T>(b + o, bi);
      store<T>(p + o, pi + negLr * bi);
    } else {
      store<T>(p + o, pi + (negLr * gi) / avg);
    }
  }
}

export function rmspropF32(
  p: usize,
  g: usize,
  v: usize,
  ga: usize,
  b: usize,
  n: i32,
  maximize: i32,
  useWd: i32,
  wd: f32,
  alpha: f32,
  w: f32,
  oneMinusW: f32,
  low: i32,
  eps: f32,
  centered: i32,
  useMomentum: i32,
  momentum: f32,
  negLr: f32,
): void {
  rmsprop<f32>(
    p,
    g,
    v,
    ga,
    b,
    n,
    maximize,
    useWd,
    wd,
    alpha,
    w,
    oneMinusW,
    low,
    eps,
    centered,
    useMomentum,
    momentum,
    negLr,
  );
}

export function rmspropF64(
  p: usize,
  g: usize,
  v: usize,
  ga: usize,
  b: usize,
  n: i32,
  maximize: i32,
  useWd: i32,
  wd: f64,
  alpha: f64,
  w: f64,
  oneMinusW: f64,
  low: i32,
  eps: f64,
  centered: i32,
  useMomentum: i32,
  momentum: f64,
  negLr: f64,
): void {
  rmsprop<f64>(
    p,
    g,
    v,
    ga,
    b,
    n,
    maximize,
    useWd,
    wd,
    alpha,
    w,
    oneMinusW,
    low,
    eps,
    centered,
    useMomentum,
    momentum,
    negLr,
  );
}
