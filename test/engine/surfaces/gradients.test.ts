import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/random';
import { getSurface, SURFACE_NAMES, type Surface } from '../../../src/engine/surfaces';

// Every registered surface, plus the ill-conditioned one rotated and with another κ, since the
// rotation adds terms that the default case multiplies by zero.
const surfaces: Surface[] = [
  ...SURFACE_NAMES.map((n) => getSurface(n)),
  getSurface('ill_conditioned', { kappa: 25, rotation_deg: 30 }),
  getSurface('ill_conditioned', { kappa: 1000, rotation_deg: -110 }),
];

/** Five-point central difference of `f` at `t`: error O(h⁴), so rounding dominates. */
function derivative(f: (t: number) => number, t: number): number {
  const h = 1e-4 * Math.max(1, Math.abs(t));
  return (-f(t + 2 * h) + 8 * f(t + h) - 8 * f(t - h) + f(t - 2 * h)) / (12 * h);
}

function randomPoints(s: Surface, n: number, seed: number): [number, number][] {
  const rng = new Rng(seed);
  const [[x0, x1], [y0, y1]] = s.bounds;
  return Array.from({ length: n }, () => [rng.uniformRange(x0, x1), rng.uniformRange(y0, y1)]);
}

for (const s of surfaces) {
  test(`${s.formula}: the gradient matches finite differences of the value`, () => {
    const g = [0, 0];
    for (const [x, y] of randomPoints(s, 300, 11)) {
      s.gradient(x, y, g);
      const fd = [derivative((t) => s.value(t, y), x), derivative((t) => s.value(x, t), y)];
      const tol = 1e-7 * (Math.hypot(g[0]!, g[1]!) + 1);
      for (let i = 0; i < 2; i++) {
        assert.ok(
          Math.abs(fd[i]! - g[i]!) <= tol,
          `∂${'xy'[i]} at (${x}, ${y}): analytic ${g[i]}, fd ${fd[i]}`,
        );
      }
    }
  });

  test(`${s.formula}: the Hessian matches finite differences of the gradient`, () => {
    const h = [0, 0, 0];
    const g = [0, 0];
    const gradAt = (x: number, y: number, i: number): number => {
      s.gradient(x, y, g);
      return g[i]!;
    };
    for (const [x, y] of randomPoints(s, 300, 12)) {
      s.hessian(x, y, h);
      const fxx = derivative((t) => gradAt(t, y, 0), x);
      const fxy = derivative((t) => gradAt(x, t, 0), y);
      const fyx = derivative((t) => gradAt(t, y, 1), x);
      const fyy = derivative((t) => gradAt(x, t, 1), y);
      const tol = 1e-7 * (Math.hypot(h[0]!, h[1]!, h[1]!, h[2]!) + 1);
      const at = `(${x}, ${y})`;
      assert.ok(Math.abs(fxx - h[0]!) <= tol, `f_xx at ${at}: ${h[0]} vs ${fxx}`);
      assert.ok(Math.abs(fxy - h[1]!) <= tol, `f_xy at ${at}: ${h[1]} vs ${fxy}`);
      assert.ok(Math.abs(fyx - h[1]!) <= tol, `f_yx at ${at}: ${h[1]} vs ${fyx}`);
      assert.ok(Math.abs(fyy - h[2]!) <= tol, `f_yy at ${at}: ${h[2]} vs ${fyy}`);
    }
  });

  test(`${s.formula}: valueAndGrad on a flat buffer gives the value and gradient`, () => {
    const [x, y] = s.start;
    const params = new Float64Array([x, y]);
    const grads = new Float64Array(2);
    const g = [0, 0];
    s.gradient(x, y, g);
    assert.equal(s.valueAndGrad(params, grads), s.value(x, y));
    assert.deepEqual(Array.from(grads), g);
    assert.throws(() => s.valueAndGrad(new Float64Array(3), new Float64Array(3)), /takes 2 parameters/);
  });
}

test('valueAndGrad accepts float32 buffers and rounds the gradient into them', () => {
  const s = getSurface('himmelblau');
  const params = new Float32Array([0.1, -0.3]);
  const grads = new Float32Array(2);
  const g = [0, 0];
  s.gradient(params[0]!, params[1]!, g);
  assert.equal(s.valueAndGrad(params, grads), s.value(params[0]!, params[1]!));
  assert.deepEqual(Array.from(grads), [Math.fround(g[0]!), Math.fround(g[1]!)]);
});
