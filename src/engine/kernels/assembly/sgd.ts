// AssemblyScript (see dense.ts): the SGD step of ../../optim/sgd.ts, every option included, in the
// same operations and order as the JS loop, f32x4 / f64x2. The flags are loop-invariant branches.

/**
 * In place over n elements: g ← maximize ? −g : g; g ← g + λ·θ (useWd); with momentum
 * b ← bufReady ? μ·b + (1 − τ)·g : g and g ← nesterov ? g + μ·b : b; then θ ← θ + (−γ)·g.
 */
function sgd<T>(
  p: usize,
  g: usize,
  b: usize,
  n: i32,
  maximize: i32,
  useWd: i32,
  wd: T,
  useMomentum: i32,
  momentum: T,
  oneMinusDampening: T,
  nesterov: i32,
  bufReady: i32,
  negLr: T,
): void {
  const S = <usize>sizeof<T>();
  const L = <i32>(16 / sizeof<T>());
  const vwd = v128.splat<T>(wd);
  const vmu = v128.splat<T>(momentum);
  const vdamp = v128.splat<T>(oneMinusDampening);
  const vlr = v128.splat<T>(negLr);
  let k = 0;
  for (; k + L <= n; k += L) {
    const o = <usize>k * S;
    const pi = v128.load(p + o);
    let gi = v128.load(g + o);
    if (maximize) gi = v128.neg<T>(gi);
    if (useWd) gi = v128.add<T>(gi, v128.mul<T>(vwd, pi));
    if (useMomentum) {
      const bi = bufReady ? v128.add<T>(v128.mul<T>(vmu, v128.load(b + o)), v128.mul<T>(vdamp, gi)) : gi;
      v128.store(b + o, bi);
      gi = nesterov ? v128.add<T>(gi, v128.mul<T>(vmu, bi)) : bi;
    }
    v128.store(p + o, v128.add<T>(pi, v128.mul<T>(vlr, gi)));
  }
  for (; k < n; k++) {
    const o = <usize>k * S;
    const pi = load<T>(p + o);
    let gi = load<T>(g + o);
    if (maximize) gi = -gi;
    if (useWd) gi = gi + wd * pi;
    if (useMomentum) {
      const bi: T = bufReady ? momentum * load<T>(b + o) + oneMinusDampening * gi : gi;
      store<T>(b + o, bi);
      gi = nesterov ? gi + momentum * bi : bi;
    }
    store<T>(p + o, pi + negLr * gi);
  }
}

export function sgdF32(
  p: usize,
  g: usize,
  b: usize,
  n: i32,
  maximize: i32,
  useWd: i32,
  wd: f32,
  useMomentum: i32,
  momentum: f32,
  oneMinusDampening: f32,
  nesterov: i32,
  bufReady: i32,
  negLr: f32,
): void {
  sgd<f32>(
    p,
    g,
    b,
    n,
    maximize,
    useWd,
    wd,
    useMomentum,
    momentum,
    oneMinusDampening,
    nesterov,
    bufReady,
    negLr,
  );
}

export function sgdF64(
  p: usize,
  g: usize,
  b: usize,
  n: i32,
  maximize: i32,
  useWd: i32,
  wd: f64,
  useMomentum: i32,
  momentum: f64,
  oneMinusDampening: f64,
  nesterov: i32,
  bufReady: i32,
  negLr: f64,
): void {
  sgd<f64>(
    p,
    g,
    b,
    n,
    maximize,
    useWd,
    wd,
    useMomentum,
    momentum,
    oneMinusDampening,
    nesterov,
    bufReady,
    negLr,
  );
}
