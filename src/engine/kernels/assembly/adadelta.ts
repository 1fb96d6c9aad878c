// AssemblyScript (see dense.ts): the Adadelta step of ../../optim/adadelta.ts, every option included
// (maximize, weight decay), in the same operations and order as the JS loop, f32x4 / f64x2.

import { gradS, gradV, sqAvgS, sqAvgV } from './moments';

/**
 * In place over n elements: g ← maximize ? −g : g; g ← g + λ·θ (useWd); v ← ρ·v + (w·g)·g;
 * Δ ← (√(u + ε) / √(v + ε))·g; u ← ρ·u + (w·Δ)·Δ; θ ← θ + (−γ)·Δ, with w = 1 − ρ.
 */
function adadelta<T>(
  p: usize,
  g: usize,
  v: usize,
  u: usize,
  n: i32,
  maximize: i32,
  useWd: i32,
  wd: T,
  rho: T,
  w: T,
  eps: T,
  negLr: T,
): void {
  const S = <usize>sizeof<T>();
  const L = <i32>(16 / sizeof<T>());
  const vwd = v128.splat<T>(wd);
  const vrho = v128.splat<T>(rho);
  const vw = v128.splat<T>(w);
  const veps = v128.splat<T>(eps);
  const vlr = v128.splat<T>(negLr);
  let k = 0;
  for (; k + L <= n; k += L) {
    const o = <usize>k * S;
    const pi = v128.load(p + o);
    const gi = gradV<T>(v128.load(g + o), pi, maximize, useWd != 0, vwd);
    const vi = sqAvgV<T>(v128.load(v + o), gi, vrho, vw);
    v128.store(v + o, vi);
    const std = v128.sqrt<T>(v128.add<T>(vi, veps));
    const ui = v128.load(u + o);
    const delta = v128.mul<T>(v128.div<T>(v128.sqrt<T>(v128.add<T>(ui, veps)), std), gi);
    v128.store(u + o, sqAvgV<T>(ui, delta, vrho, vw));
    v128.store(p + o, v128.add<T>(pi, v128.mul<T>(vlr, delta)));
  }
  for (; k < n; k++) {
    const o = <usize>k * S;
    const pi = load<T>(p + o);
    const gi = gradS<T>(load<T>(g + o), pi, maximize, useWd != 0, wd);
    const vi = sqAvgS<T>(load<T>(v + o), gi, rho, w);
    store<T>(v + o, vi);
    const ui = load<T>(u + o);
    const delta: T = (<T>sqrt<T>(ui + eps) / <T>sqrt<T>(vi + eps)) * gi;
    store<T>(u + o, sqAvgS<T>(ui, delta, rho, w));
    store<T>(p + o, pi + negLr * delta);
  }
}

export function adadeltaF32(
  p: usize,
  g: usize,
  v: usize,
  u: usize,
  n: i32,
  maximize: i32,
  useWd: i32,
  wd: f32,
  rho: f32,
  w: f32,
  eps: f32,
  negLr: f32,
): void {
  adadelta<f32>(p, g, v, u, n, maximize, useWd, wd, rho, w, eps, negLr);
}

export function adadeltaF64(
  p: usize,
  g: usize,
  v: usize,
  u: usize,
  n: i32,
  maximize: i32,
  useWd: i32,
  wd: f64,
  rho: f64,
  w: f64,
  eps: f64,
  negLr: f64,
): void {
  adadelta<f64>(p, g, v, u, n, maximize, useWd, wd, rho, w, eps, negLr);
}
