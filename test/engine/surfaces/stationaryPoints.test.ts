import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getSurface, hessianAt, SURFACE_NAMES, type Surface } from '../../../src/engine/surfaces';

const all: Surface[] = [
  ...SURFACE_NAMES.map((n) => getSurface(n)),
  getSurface('ill_conditioned', { kappa: 40, rotation_deg: 25 }),
];

for (const s of all) {
  test(`${s.name}: every listed stationary point is stationary, has its value and its curvature`, () => {
    const groups = [
      ['minimum', s.minima],
      ['saddle', s.saddles],
      ['maximum', s.maxima],
    ] as const;
    for (const [kind, points] of groups) {
      for (const { point, value } of points) {
        const r = hessianAt(s, point);
        // Coordinates are float64-rounded roots, so the gradient is ‖H‖·ulp-sized, not zero.
        assert.ok(r.gradientNorm <= 1e-11, `${s.name} ${kind} ${point}: ‖∇f‖ = ${r.gradientNorm}`);
        assert.ok(r.stationary);
        assert.ok(
          Math.abs(r.value - value) <= 1e-13 * Math.max(1, Math.abs(value)),
          `${r.value} vs ${value}`,
        );
        // The monkey saddle's origin is a saddle of the function but flat to second order.
        const expected = s.name === 'monkey_saddle' ? 'degenerate' : kind;
        assert.equal(r.classification, expected, `${s.name} ${kind} at ${point}: ${r.eigenvalues}`);
      }
    }
    const global = s.minima.filter((m) => m.kind === 'global');
    assert.equal(global.length > 0, !s.unboundedBelow);
    for (const m of s.minima) assert.ok(m.value >= global[0]!.value);
  });
}

test('at every minimum the Hessian is positive definite', () => {
  for (const s of all) {
    for (const m of s.minima) {
      const [[a, b], [, c]] = hessianAt(s, m.point).hessian;
      assert.ok(a > 0 && a * c - b * b > 0, `${s.name} at ${m.point}`);
    }
  }
});

test('himmelblau: four minima of value 0 at the literature coordinates', () => {
  const s = getSurface('himmelblau');
  const literature = [
    [3, 2],
    [-2.805118, 3.131312],
    [-3.77931, -3.283186],
    [3.584428, -1.848126],
  ];
  assert.equal(s.minima.length, 4);
  for (const [x, y] of literature) {
    const m = s.minima.find((q) => Math.abs(q.point[0] - x!) < 1e-6 && Math.abs(q.point[1] - y!) < 1e-6);
    assert.ok(m, `no minimum near (${x}, ${y})`);
    assert.ok(s.value(...m.point) <= 1e-24);
  }
  const max = hessianAt(s, s.maxima[0]!.point);
  assert.equal(max.classification, 'maximum');
  assert.ok(max.eigenvalues[1] < 0);
});

test('six-hump camel: two global minima ≈ −1.0316 and four local ones', () => {
  const s = getSurface('six_hump_camel');
  const global = s.minima.filter((m) => m.kind === 'global');
  assert.equal(global.length, 2);
  assert.equal(s.minima.length - global.length, 4);
  for (const m of global) {
    // Literature value −1.031628453489877 (e.g. Molga & Smutnicki 2005, to 15 digits).
    assert.ok(Math.abs(s.value(...m.point) - -1.031628453489877) <= 1e-14);
    assert.ok(
      Math.abs(Math.abs(m.point[0]) - 0.0898) < 1e-4 && Math.abs(Math.abs(m.point[1]) - 0.7126) < 1e-4,
    );
  }
});

test('saddle x² − y²: the origin is a saddle with eigenvalues −2 and 2 along the axes', () => {
  const r = hessianAt(getSurface('saddle'), [0, 0]);
  assert.equal(r.classification, 'saddle');
  assert.ok(r.stationary);
  assert.deepEqual(r.eigenvalues, [-2, 2]);
  assert.deepEqual(r.eigenvectors[0].map(Math.abs), [0, 1]);
  assert.deepEqual(r.eigenvectors[1].map(Math.abs), [1, 0]);
});

test('monkey saddle: the origin is stationary with a zero Hessian, hence degenerate', () => {
  const r = hessianAt(getSurface('monkey_saddle'), [0, 0]);
  assert.ok(r.stationary);
  assert.deepEqual(r.hessian.flat().map(Math.abs), [0, 0, 0, 0]);
  assert.equal(r.classification, 'degenerate');
  // Away from the origin the curvature is a saddle's: eigenvalues ±6·‖(x, y)‖.
  const off = hessianAt(getSurface('monkey_saddle'), [0.3, 0.4]);
  assert.equal(off.classification, 'saddle');
  assert.ok(Math.abs(off.eigenvalues[0] + 3) < 1e-14 && Math.abs(off.eigenvalues[1] - 3) < 1e-14);
  assert.equal(off.stationary, false);
});

test('a maximum: both local maxima of the six-hump camel classify as maxima', () => {
  for (const m of getSurface('six_hump_camel').maxima) {
    const r = hessianAt(getSurface('six_hump_camel'), m.point);
    assert.equal(r.classification, 'maximum');
    assert.ok(r.eigenvalues[0] < r.eigenvalues[1] && r.eigenvalues[1] < 0);
  }
});

test('ill_conditioned: eigenvalues 1 and κ, the gentle one along the rotated axis', () => {
  for (const [kappa, deg] of [
    [100, 0],
    [100, 30],
    [1e6, -75],
    [3, 90],
  ] as const) {
    const s = getSurface('ill_conditioned', { kappa, rotation_deg: deg });
    const r = hessianAt(s, [0.7, -2]);
    const [lo, hi] = r.eigenvalues;
    assert.ok(Math.abs(lo - 1) <= 1e-12 * kappa, `κ=${kappa}, ${deg}°: λ₁ = ${lo}`);
    assert.ok(Math.abs(hi - kappa) <= 1e-12 * kappa, `κ=${kappa}, ${deg}°: λ₂ = ${hi}`);
    assert.ok(Math.abs(hi / lo - kappa) <= 1e-9 * kappa);
    const t = (deg * Math.PI) / 180;
    const [vx, vy] = r.eigenvectors[0];
    assert.ok(Math.abs(Math.abs(vx * Math.cos(t) + vy * Math.sin(t)) - 1) < 1e-12);
    assert.equal(r.classification, 'minimum');
    // The start is 8 units along the gentle axis and 1 across it: ½·(64 + κ).
    assert.ok(Math.abs(s.value(...s.start) - 0.5 * (64 + kappa)) <= 1e-12 * kappa);
  }
  // Unrotated it is exactly ½·(x² + κ·y²).
  assert.equal(getSurface('ill_conditioned').value(3, 0.5), 0.5 * (9 + 100 * 0.25));
});

test('stationary and degenerate honour their tolerances', () => {
  const s = getSurface('rosenbrock');
  const near: [number, number] = [1 + 1e-9, 1];
  assert.equal(hessianAt(s, near).stationary, false);
  assert.equal(hessianAt(s, near, { gradTol: 1e-5 }).stationary, true);
  // Rosenbrock's minimum has eigenvalues ≈ 0.4 and ≈ 1001.6: degenerate only under a loose eigTol.
  assert.equal(hessianAt(s, [1, 1]).classification, 'minimum');
  assert.equal(hessianAt(s, [1, 1], { eigTol: 1e-3 }).classification, 'degenerate');
});
