import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Adam, adamStep } from '../../../src/engine/optim/adam';
import { Rng } from '../../../src/engine/random';

// The Adam class steps its common configuration in WebAssembly; adamStep is the JS reference.
for (const betas of [
  [0.9, 0.999],
  [0.3, 0.99], // 1 − β₁ ≥ 0.5: torch's lerp takes its other form
] as [number, number][]) {
  test(`float64 Adam in SIMD is adamStep bit for bit, betas ${betas.join(', ')}, odd length`, () => {
    const n = 37;
    const rng = new Rng(5);
    const group = {
      name: 'Adam' as const,
      lr: 0.01,
      betas,
      eps: 1e-8,
      weight_decay: 0,
      amsgrad: false,
      maximize: false,
      foreach: null,
      capturable: false,
      differentiable: false,
      fused: null,
    };
    const opt = new Adam(group, n, 'float64');
    const p1 = Float64Array.from({ length: n }, () => rng.normal());
    const p2 = p1.slice();
    const m = new Float64Array(n);
    const v = new Float64Array(n);
    for (let t = 1; t <= 20; t++) {
      const g = Float64Array.from({ length: n }, () => rng.normal() * 10 ** rng.int(6));
      opt.step(p1, g.slice());
      adamStep(p2, g, m, v, null, t, group, false);
      for (let i = 0; i < n; i++)
        assert.ok(Object.is(p1[i], p2[i]), `step ${t}, element ${i}: ${p1[i]} vs ${p2[i]}`);
    }
    const state = opt.getState();
    assert.deepEqual(Array.from(state.buffers['exp_avg']!), Array.from(m));
    assert.deepEqual(Array.from(state.buffers['exp_avg_sq']!), Array.from(v));
  });

  test(`float32 Adam in SIMD stays within float32 rounding of adamStep, betas ${betas.join(', ')}`, () => {
    const n = 23;
    const rng = new Rng(6);
    const group = {
      name: 'Adam' as const,
      lr: 0.01,
      betas,
      eps: 1e-8,
      weight_decay: 0,
      amsgrad: false,
      maximize: false,
      foreach: null,
      capturable: false,
      differentiable: false,
      fused: null,
    };
    const opt = new Adam(group, n, 'float32');
    const p1 = Float32Array.from({ length: n }, () => rng.normal());
    const p2 = p1.slice();
    const m = new Float32Array(n);
    const v = new Float32Array(n);
    for (let t = 1; t <= 20; t++) {
      const g = Float32Array.from({ length: n }, () => rng.normal());
      opt.step(p1, g.slice());
      adamStep(p2, g, m, v, null, t, group, false);
    }
    for (let i = 0; i < n; i++)
      assert.ok(Math.abs(p1[i]! - p2[i]!) <= 1e-5 * (1 + Math.abs(p2[i]!)), `element ${i}`);
  });
}
