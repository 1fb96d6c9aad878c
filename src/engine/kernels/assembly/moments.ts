// AssemblyScript (see dense.ts): the lines the adaptive steps share (torch's preamble, lerp of the
// first moment, the square average), one vector and one scalar form each, written once so every
// kernel computes them with the same operations in the same order. Small: binaryen inlines them.

/** g ← maximize ? −g : g, then g ← g + λ·θ when `l2` (torch's preamble with L2 decay). */
export function gradV<T>(g: v128, p: v128, maximize: i32, l2: bool, vwd: v128): v128 {
  const gi = maximize ? v128.neg<T>(g) : g;
  return l2 ? v128.add<T>(gi, v128.mul<T>(vwd, p)) : gi;
}

/** {@link gradV} for one element. */
export function gradS<T>(g: T, p: T, maximize: i32, l2: bool, wd: T): T {
  const gi: T = maximize ? -g : g;
  return l2 ? gi + wd * p : gi;
}

/** torch's lerp(m, g, w): `low` (|w| < ½) m + w·(g − m), else g − (g − m)·(1 − w). */
export function lerpV<T>(m: v128, g: v128, low: i32, vw: v128, v1w: v128): v128 {
  const d = v128.sub<T>(g, m);
  return low ? v128.add<T>(m, v128.mul<T>(vw, d)) : v128.sub<T>(g, v128.mul<T>(d, v1w));
}

/** {@link lerpV} for one element. */
export function lerpS<T>(m: T, g: T, low: i32, w: T, oneMinusW: T): T {
  return low ? m + w * (g - m) : g - (g - m) * oneMinusW;
}

/** β·v + (w·g)·g: the square averages of Adam, NAdam, RAdam and Adadelta. */
export function sqAvgV<T>(v: v128, g: v128, vb: v128, vw: v128): v128 {
  return v128.add<T>(v128.mul<T>(vb, v), v128.mul<T>(v128.mul<T>(vw, g), g));
}

/** {@link sqAvgV} for one element. */
export function sqAvgS<T>(v: T, g: T, beta: T, w: T): T {
  return beta * v + w * g * g;
}
