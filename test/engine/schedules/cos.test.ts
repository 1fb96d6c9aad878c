import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cos } from '../../../src/engine/schedules/cos';
import { readJson } from './replay';

// x, cos(x) correctly rounded from 200-bit arithmetic (mpmath), and the C library's math.cos.
const { rows } = readJson<{ rows: [number, number, number][] }>(
  new URL('../../fixtures/schedules/cos.json', import.meta.url),
);

test('cos is correctly rounded at the arguments schedulers use', () => {
  assert.ok(rows.length > 500);
  for (const [x, exact] of rows) assert.equal(cos(x), exact, `cos(${x})`);
});

test('cos matches the C library far more often than Math.cos does', () => {
  const ours = rows.filter(([x, , libm]) => cos(x) === libm).length;
  const v8 = rows.filter(([x, , libm]) => Math.cos(x) === libm).length;
  // glibc is off by an ulp on three of the recorded inputs, on purpose.
  assert.ok(ours >= rows.length - 3, `${rows.length - ours} differ from libm`);
  assert.ok(v8 < ours, `Math.cos agrees on ${v8}, cos on ${ours}`);
});

test('cos is exact at the quarter turns and handles non-finite input', () => {
  assert.equal(cos(0), 1);
  assert.equal(cos(Math.PI), -1);
  assert.equal(cos(-Math.PI), -1);
  assert.ok(Number.isNaN(cos(Infinity)));
  assert.ok(Number.isNaN(cos(NaN)));
});
