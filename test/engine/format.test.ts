import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, formatNumber, formatStatuses } from '../../src/engine/format';

test('numbers keep four significant digits, exponent form when very large or small', () => {
  assert.equal(formatNumber(0.123456), '0.1235');
  assert.equal(formatNumber(12.5), '12.5');
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(0.00007998), '7.998e-5');
  assert.equal(formatNumber(-2e-7), '-2e-7');
  assert.equal(formatNumber(123456), '1.235e+5');
  assert.equal(formatNumber(null), '—');
  assert.equal(formatNumber(NaN), '—');
});

test('durations use the unit that keeps them short', () => {
  assert.equal(formatDuration(85.4), '85 ms');
  assert.equal(formatDuration(1240), '1.24 s');
  assert.equal(formatDuration(185_000), '3 min 5 s');
});

test('status counts: one status alone, several after the total, most common first', () => {
  assert.equal(formatStatuses(2, { done: 2 }), '2 done');
  assert.equal(formatStatuses(3, { diverged: 1, done: 2 }), '3 (2 done, 1 diverged)');
  assert.equal(formatStatuses(3, { running: 1, queued: 1, done: 1 }), '3 (1 done, 1 queued, 1 running)');
});
