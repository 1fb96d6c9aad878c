import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decimateIndices } from '../../../src/engine/report/decimate';

test('a curve that fits is kept whole', () => {
  assert.deepEqual(decimateIndices([3, 1, null, 2], 10), [0, 1, 2, 3]);
});

test('a long curve keeps its ends, its extremes and its gaps within the budget', () => {
  const n = 100_000;
  const values: (number | null)[] = Array.from(
    { length: n },
    (_, i) => Math.exp(-i / 20_000) + 0.01 * Math.sin(i),
  );
  values[12_345] = -5; // the best value
  values[54_321] = 40; // a spike
  values[77_777] = null; // a non-finite loss
  const kept = decimateIndices(values, 2000);
  assert.ok(kept.length <= 2000, `${kept.length} points`);
  assert.ok(kept.length > 1900, `${kept.length} points: the budget is used`);
  assert.equal(kept[0], 0);
  assert.equal(kept.at(-1), n - 1);
  for (const i of [12_345, 54_321, 77_777]) assert.ok(kept.includes(i), `index ${i}`);
  assert.ok(
    kept.every((v, k) => k === 0 || v > kept[k - 1]!),
    'ascending, no repeats',
  );
});

test('a budget too small to hold ends and one bucket is refused', () => {
  assert.throws(() => decimateIndices([1, 2, 3, 4, 5, 6], 4), /at least 5/);
});

test('a curve with gaps everywhere still fits the budget', () => {
  const values = Array.from({ length: 50_000 }, (_, i) => (i % 7 === 3 ? null : Math.cos(i)));
  const kept = decimateIndices(values, 2000);
  assert.ok(kept.length <= 2000, `${kept.length} points`);
  assert.ok(kept.some((i) => values[i] === null));
});
