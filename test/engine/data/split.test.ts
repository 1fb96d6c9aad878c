import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heldOutSize, kFold, splitRows } from '../../../src/engine/data/split';
import { ConfigError } from '../../../src/engine/errors';

function assertPartition(parts: Int32Array[], n: number): void {
  const all = parts.flatMap((p) => Array.from(p)).sort((a, b) => a - b);
  assert.deepEqual(
    all,
    Array.from({ length: n }, (_, i) => i),
  );
}

test('held-out sizes round half up, keep at least one row for a positive fraction', () => {
  assert.equal(heldOutSize(0.2, 442), 88);
  assert.equal(heldOutSize(0.25, 10), 3);
  assert.equal(heldOutSize(0.01, 10), 1);
  assert.equal(heldOutSize(0, 10), 0);
});

test('splits are seeded, disjoint, cover every row, and sorted', () => {
  const a = splitRows(100, { validation: 0.2, test: 0.1, seed: 7 });
  const b = splitRows(100, { validation: 0.2, test: 0.1, seed: 7 });
  const c = splitRows(100, { validation: 0.2, test: 0.1, seed: 8 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.validation, c.validation);
  assert.deepEqual([a.train.length, a.validation.length, a.test.length], [70, 20, 10]);
  assertPartition([a.train, a.validation, a.test], 100);
  for (const s of [a.train, a.validation, a.test])
    assert.deepEqual(
      Array.from(s),
      Array.from(s).sort((x, y) => x - y),
    );
  const none = splitRows(5, { validation: 0, test: 0, seed: 1 });
  assert.deepEqual(Array.from(none.train), [0, 1, 2, 3, 4]);
  assert.equal(none.validation.length, 0);
  assert.throws(() => splitRows(2, { validation: 0.5, test: 0.4, seed: 1 }), ConfigError);
});

test('a stratified split keeps class proportions', () => {
  // 60 rows of class 0, 30 of class 1, 10 of class 2.
  const strata = Array.from({ length: 100 }, (_, i) => (i < 60 ? 0 : i < 90 ? 1 : 2));
  const s = splitRows(100, { validation: 0.2, test: 0.1, seed: 3, strata });
  const count = (rows: Int32Array, k: number): number =>
    Array.from(rows).filter((r) => strata[r] === k).length;
  assert.deepEqual(
    [0, 1, 2].map((k) => count(s.validation, k)),
    [12, 6, 2],
  );
  assert.deepEqual(
    [0, 1, 2].map((k) => count(s.test, k)),
    [6, 3, 1],
  );
  assertPartition([s.train, s.validation, s.test], 100);
});

test('k-fold validation sets partition the indices; each train set is the rest', () => {
  const indices = Int32Array.from({ length: 23 }, (_, i) => i * 2);
  const folds = kFold(indices, 5, 11);
  assert.equal(folds.length, 5);
  assert.deepEqual(
    folds.map((f) => f.validation.length),
    [5, 5, 5, 4, 4],
  );
  const all = folds.flatMap((f) => Array.from(f.validation)).sort((a, b) => a - b);
  assert.deepEqual(all, Array.from(indices));
  for (const f of folds) {
    assert.equal(f.train.length + f.validation.length, 23);
    const v = new Set(f.validation);
    assert.ok(Array.from(f.train).every((i) => !v.has(i)));
  }
  assert.deepEqual(kFold(indices, 5, 11), folds);
  assert.notDeepEqual(kFold(indices, 5, 12), folds);
  assert.throws(() => kFold(indices, 1, 0), /k >= 2/);
  assert.throws(() => kFold(indices, 24, 0), /cannot make 24 folds from 23 rows/);
});

test('stratified k-fold spreads every class evenly', () => {
  const strata = Array.from({ length: 30 }, (_, i) => (i < 20 ? 0 : 1));
  const folds = kFold(
    Int32Array.from({ length: 30 }, (_, i) => i),
    5,
    2,
    strata,
  );
  for (const f of folds) {
    assert.equal(Array.from(f.validation).filter((i) => strata[i] === 1).length, 2);
    assert.equal(f.validation.length, 6);
  }
});
