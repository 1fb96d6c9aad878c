import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/engine/random';

test('the same seed gives the same stream, different seeds differ', () => {
  const a = new Rng(42);
  const b = new Rng(42);
  const c = new Rng(43);
  const xs = Array.from({ length: 5 }, () => a.uniform());
  assert.deepEqual(
    xs,
    Array.from({ length: 5 }, () => b.uniform()),
  );
  assert.notDeepEqual(
    xs,
    Array.from({ length: 5 }, () => c.uniform()),
  );
});

test('uniform is in [0,1) with mean 1/2, normal has mean 0 and variance 1', () => {
  const r = new Rng(7);
  const n = 200_000;
  let su = 0;
  let sn = 0;
  let sn2 = 0;
  for (let i = 0; i < n; i++) {
    const u = r.uniform();
    assert.ok(u >= 0 && u < 1);
    su += u;
    const z = r.normal();
    sn += z;
    sn2 += z * z;
  }
  assert.ok(Math.abs(su / n - 0.5) < 0.005);
  assert.ok(Math.abs(sn / n) < 0.01);
  assert.ok(Math.abs(sn2 / n - 1) < 0.02);
});

test('permutation holds every index once', () => {
  const p = Array.from(new Rng(1).permutation(1000)).sort((x, y) => x - y);
  assert.deepEqual(
    p,
    Array.from({ length: 1000 }, (_, i) => i),
  );
});
