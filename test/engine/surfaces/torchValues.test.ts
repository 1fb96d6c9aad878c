import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getSurface } from '../../../src/engine/surfaces';

// Values, autograd gradients and autograd Hessians recorded with torch 1.13 in float64 by
// test/fixtures/surfaces/generateTorchValues.py, at 25 random points per golden surface.
interface Row {
  point: [number, number];
  value: number;
  gradient: [number, number];
  hessian: [[number, number], [number, number]];
}
const fixture = JSON.parse(
  readFileSync(join(__dirname, '../../fixtures/surfaces/torchValues.json'), 'utf8'),
) as { surfaces: Record<string, Row[]> };

const rel = (a: number, b: number, scale: number): number => Math.abs(a - b) / Math.max(scale, 1e-300);

for (const [name, rows] of Object.entries(fixture.surfaces)) {
  test(`${name}: value rounds as torch's formula does; gradient and Hessian agree with autograd`, () => {
    const s = getSurface(name);
    assert.equal(rows.length, 25);
    const g = [0, 0];
    const h = [0, 0, 0];
    for (const r of rows) {
      const [x, y] = r.point;
      // Same operations in the same order: the value is expected bit for bit.
      assert.equal(s.value(x, y), r.value, `${name} value at (${x}, ${y})`);
      s.gradient(x, y, g);
      const gScale = Math.hypot(...r.gradient);
      for (let i = 0; i < 2; i++) {
        assert.ok(
          rel(g[i]!, r.gradient[i]!, gScale) <= 1e-13,
          `${name} ∂${'xy'[i]}: ${g[i]} vs ${r.gradient[i]}`,
        );
      }
      s.hessian(x, y, h);
      const [[hxx, hxy], [hyx, hyy]] = r.hessian;
      const hScale = Math.hypot(hxx, hxy, hyx, hyy);
      assert.ok(rel(h[0]!, hxx, hScale) <= 1e-13, `${name} f_xx: ${h[0]} vs ${hxx}`);
      assert.ok(rel(h[1]!, hxy, hScale) <= 1e-13, `${name} f_xy: ${h[1]} vs ${hxy}`);
      assert.ok(rel(h[1]!, hyx, hScale) <= 1e-13, `${name} f_yx: ${h[1]} vs ${hyx}`);
      assert.ok(rel(h[2]!, hyy, hScale) <= 1e-13, `${name} f_yy: ${h[2]} vs ${hyy}`);
    }
  });
}
