import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/engine/errors';
import { getSurface, SURFACE_NAMES } from '../../../src/engine/surfaces';

test('the registry holds the nine surfaces under their reference-file names', () => {
  assert.deepEqual([...SURFACE_NAMES].sort(), [
    'beale',
    'booth',
    'himmelblau',
    'ill_conditioned',
    'monkey_saddle',
    'rastrigin',
    'rosenbrock',
    'saddle',
    'six_hump_camel',
  ]);
  for (const name of SURFACE_NAMES) {
    const s = getSurface(name);
    assert.equal(s.name, name);
    const [[x0, x1], [y0, y1]] = s.bounds;
    const [x, y] = s.start;
    assert.ok(x0 < x1 && y0 < y1 && x >= x0 && x <= x1 && y >= y0 && y <= y1, `${name} start outside bounds`);
    assert.equal(s.unboundedBelow, name === 'saddle' || name === 'monkey_saddle');
  }
});

test('known values at hand-checked points', () => {
  // rosenbrock(−1.5, 2) = 2.5² + 100·(−0.25)² = 12.5 (also torch's first golden loss).
  assert.equal(getSurface('rosenbrock').value(-1.5, 2), 12.5);
  assert.equal(getSurface('beale').value(0, 1), 1.5 ** 2 + 2.25 ** 2 + 2.625 ** 2);
  assert.equal(getSurface('himmelblau').value(0, 0), 121 + 49);
  assert.equal(getSurface('booth').value(0, 0), 74);
  assert.equal(getSurface('saddle').value(3, 2), 5);
  assert.equal(getSurface('monkey_saddle').value(2, 1), 2);
  assert.equal(getSurface('rastrigin').value(0, 0), 0);
  assert.equal(getSurface('rastrigin').value(1, 0), 1);
  assert.equal(getSurface('rastrigin').value(0.5, -0.5), 40.5);
  assert.equal(getSurface('six_hump_camel').value(1, 1), 4 - 2.1 + 1 / 3 + 1);
});

test('an unknown name is a ConfigError listing the names', () => {
  assert.throws(
    () => getSurface('rosenbrok'),
    (e: unknown) => e instanceof ConfigError && SURFACE_NAMES.every((n) => e.message.includes(n)),
  );
});

test('options: only ill_conditioned takes them, and they are validated', () => {
  assert.throws(() => getSurface('rosenbrock', { kappa: 10 }), /takes no options/);
  assert.throws(() => getSurface('ill_conditioned', { kappa: 0.5 }), ConfigError);
  assert.throws(() => getSurface('ill_conditioned', { kappa: NaN }), ConfigError);
  assert.throws(() => getSurface('ill_conditioned', { rotation_deg: Infinity }), ConfigError);
  assert.throws(() => getSurface('ill_conditioned', { kapa: 3 } as never), /takes only kappa, rotation_deg/);
  assert.equal(getSurface('ill_conditioned', { kappa: 4 }).value(1, 1), 2.5);
});
