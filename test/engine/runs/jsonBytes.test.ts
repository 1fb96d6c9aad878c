// jsonBytes writes exactly JSON.stringify's text as UTF-8, whatever the value's shape and size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonBytes } from '../../../src/engine/runs/jsonBytes';

const text = (v: unknown): string => new TextDecoder().decode(jsonBytes(v));

test('jsonBytes is JSON.stringify encoded as UTF-8, for long arrays cut in slices too', () => {
  let seed = 7;
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const values: unknown[] = [
    {},
    [],
    null,
    'é – ✓ 𝔵 "quoted" \\ \n',
    { a: undefined, b: () => 1, c: 1, 'ключ ✓': [1, null, NaN, Infinity, -0], d: { e: [] } },
    Array.from({ length: 1024 }, (_, i) => i / 3),
    Array.from({ length: 1025 }, (_, i) => (i % 7 === 0 ? null : rand() * 1e-9)),
    {
      runId: 'c0-s0',
      xs: Array.from({ length: 5569 }, () => (rand() - 0.5) * 10),
      e: [{ loss: 1, metrics: {} }, null],
    },
    { big: Array.from({ length: 3000 }, (_, i) => ({ i, v: i % 2 ? undefined : 'ü' })) },
    { long: 'x'.repeat(70_000) + '€'.repeat(30_000) },
  ];
  for (const v of values) assert.equal(text(v), JSON.stringify(v));
  // A second call starts from an empty writer.
  assert.equal(text([1, 2]), '[1,2]');
});
