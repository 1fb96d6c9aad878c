import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/random';
import { classifyCurvature, symmetricEigen2 } from '../../../src/engine/surfaces';

function checkDecomposition(a: number, b: number, c: number): void {
  const { values, vectors } = symmetricEigen2(a, b, c);
  const scale = Math.max(Math.abs(a), Math.abs(b), Math.abs(c), 1e-300);
  assert.ok(values[0] <= values[1], `not ascending: ${values}`);
  // Trace and determinant are the sum and product of the eigenvalues.
  assert.ok(Math.abs(values[0] + values[1] - (a + c)) <= 4e-16 * 4 * scale);
  for (let i = 0; i < 2; i++) {
    const [vx, vy] = vectors[i]!;
    const l = values[i]!;
    assert.ok(Math.abs(Math.hypot(vx, vy) - 1) <= 1e-15, `not unit: ${vectors[i]}`);
    // H·v = λ·v.
    assert.ok(Math.abs(a * vx + b * vy - l * vx) <= 1e-14 * scale, `[[${a},${b}],[${b},${c}]] λ=${l}`);
    assert.ok(Math.abs(b * vx + c * vy - l * vy) <= 1e-14 * scale, `[[${a},${b}],[${b},${c}]] λ=${l}`);
  }
  const [[ux, uy], [wx, wy]] = vectors;
  assert.ok(Math.abs(ux * wx + uy * wy) <= 1e-15, 'eigenvectors not orthogonal');
}

test('random symmetric matrices: ascending eigenvalues, unit orthogonal eigenvectors, H·v = λ·v', () => {
  const rng = new Rng(5);
  for (let k = 0; k < 5000; k++) {
    const e = () => rng.normal() * 10 ** rng.int(7) * (rng.uniform() < 0.1 ? 0 : 1);
    checkDecomposition(e(), e(), e());
  }
});

test('special shapes: diagonal either way round, zero, equal diagonal, negative definite', () => {
  for (const [a, b, c] of [
    [2, 0, -2],
    [-2, 0, 2],
    [0, 0, 0],
    [3, 0, 3],
    [5, 1e-12, 5],
    [1, 1, 1],
    [-4, 1, -7],
    [0, 1, 0],
  ] as const) {
    checkDecomposition(a, b, c);
  }
  assert.deepEqual(symmetricEigen2(0, 1, 0).values, [-1, 1]);
  assert.deepEqual(symmetricEigen2(2, 0, -2).values, [-2, 2]);
});

test('the small eigenvalue keeps full relative accuracy under large spread', () => {
  // [[1e8, 1e4], [1e4, 2]]: det = 1e8 exactly, λ₂ = ½(1e8 + 2) + √(¼(1e8 − 2)² + 1e8), λ₁ = det/λ₂.
  // Computing λ₁ as m − r would lose about 8 digits to cancellation.
  const lambda2 = 0.5 * (1e8 + 2) + Math.sqrt(0.25 * (1e8 - 2) ** 2 + 1e8);
  const lambda1 = 1e8 / lambda2;
  const { values } = symmetricEigen2(1e8, 1e4, 2);
  assert.ok(Math.abs(values[0] - lambda1) <= 1e-14 * lambda1, `${values[0]} vs ${lambda1}`);
  assert.ok(Math.abs(values[1] - lambda2) <= 1e-15 * lambda2);
  // Exactly singular: det = 1e8 − 1e8 = 0.
  assert.ok(Math.abs(symmetricEigen2(1e8, 1e4, 1).values[0]) <= 1e-15);
});

test('classifyCurvature: signs, and zero relative to the larger eigenvalue', () => {
  assert.equal(classifyCurvature(1, 2), 'minimum');
  assert.equal(classifyCurvature(-2, -1), 'maximum');
  assert.equal(classifyCurvature(-1, 2), 'saddle');
  assert.equal(classifyCurvature(0, 0), 'degenerate');
  assert.equal(classifyCurvature(0, 5), 'degenerate');
  assert.equal(classifyCurvature(1e-10, 50), 'degenerate');
  assert.equal(classifyCurvature(1e-6, 50), 'minimum');
  assert.equal(classifyCurvature(-1e-6, 50, 1e-5), 'degenerate');
  assert.equal(classifyCurvature(NaN, NaN), 'degenerate');
  assert.equal(classifyCurvature(-Infinity, 1), 'degenerate');
});
