import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/engine/errors';
import { getSurface, restartPoints, sampleGrid, SURFACE_NAMES } from '../../../src/engine/surfaces';

test('restart points lie within the plot bounds and cover them', () => {
  for (const name of SURFACE_NAMES) {
    const s = getSurface(name);
    const [[x0, x1], [y0, y1]] = s.bounds;
    const pts = restartPoints(s, 400, 17);
    assert.equal(pts.length, 400);
    for (const [x, y] of pts) assert.ok(x >= x0 && x < x1 && y >= y0 && y < y1, `${name}: (${x}, ${y})`);
    // Every quarter of the box gets points (each has probability 1/4; 400 draws).
    for (const [qx, qy] of [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]) {
      const inQuarter = pts.filter(
        ([x, y]) => x >= (x0 + x1) / 2 === (qx === 1) && y >= (y0 + y1) / 2 === (qy === 1),
      ).length;
      assert.ok(inQuarter > 60 && inQuarter < 140, `${name} quarter ${qx},${qy}: ${inQuarter}`);
    }
  }
});

test('restart points are reproducible from the seed', () => {
  const s = getSurface('rastrigin');
  assert.deepEqual(restartPoints(s, 10, 3), restartPoints(s, 10, 3));
  assert.notDeepEqual(restartPoints(s, 10, 3), restartPoints(s, 10, 4));
  assert.deepEqual(restartPoints(s, 0, 3), []);
  assert.throws(() => restartPoints(s, -1, 3), ConfigError);
  assert.throws(() => restartPoints(s, 1.5, 3), ConfigError);
});

test('sampleGrid: evenly spaced axes with exact edges, values row-major by y', () => {
  const s = getSurface('booth');
  const { xs, ys, values } = sampleGrid(s, 5, 3);
  assert.deepEqual(Array.from(xs), [-10, -5, 0, 5, 10]);
  assert.deepEqual(Array.from(ys), [-10, 0, 10]);
  assert.equal(values.length, 15);
  // booth(x, y) = (x + 2y − 7)² + (2x + y − 5)², by hand: row y = −10, then y = 0, then y = 10.
  const byHand = (x: number, y: number): number => (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2;
  ys.forEach((y, j) => xs.forEach((x, i) => assert.equal(values[j * 5 + i], byHand(x, y))));
  assert.equal(values[1], 1649); // (−5, −10): (−32)² + (−25)² = 1024 + 625

  const odd = sampleGrid(getSurface('rosenbrock'), 7, 13, [
    [0.1, 0.3],
    [-0.7, 0.9],
  ]);
  assert.equal(odd.xs[6], 0.3);
  assert.equal(odd.ys[12], 0.9);
  for (let i = 1; i < 7; i++) assert.ok(Math.abs(odd.xs[i]! - odd.xs[i - 1]! - 0.2 / 6) < 1e-15);
});

test('sampleGrid rejects sizes below 2 and empty or non-finite bounds', () => {
  const s = getSurface('saddle');
  assert.throws(() => sampleGrid(s, 1, 10), ConfigError);
  assert.throws(() => sampleGrid(s, 10, 2.5), ConfigError);
  assert.throws(
    () =>
      sampleGrid(s, 10, 10, [
        [1, 1],
        [0, 1],
      ]),
    ConfigError,
  );
  assert.throws(
    () =>
      sampleGrid(s, 10, 10, [
        [0, 1],
        [0, Infinity],
      ]),
    ConfigError,
  );
});
