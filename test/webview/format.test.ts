import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSignificant } from '../../webview/shared/format';

test('numbers keep the asked significant digits and never show a raw float', () => {
  assert.equal(formatSignificant(0.1 + 0.2, 4, 2), '0.3');
  assert.equal(formatSignificant(123.456, 3, 2), '123');
  assert.equal(formatSignificant(-0.012345, 4, 2), '-0.01235');
  assert.equal(formatSignificant(0, 3, 2), '0');
});

test('tiny and huge numbers take exponent form, trimmed only when asked', () => {
  assert.equal(formatSignificant(1e-6, 4, 2), '1.00e-6');
  assert.equal(formatSignificant(1e-6, 4, 2, true), '1e-6');
  assert.equal(formatSignificant(1.5e-4, 4, 2, true), '1.5e-4');
  assert.equal(formatSignificant(123456, 5, 3), '1.235e+5');
  assert.equal(formatSignificant(99999, 5, 3), '99999');
  assert.equal(formatSignificant(0.001, 3, 2), '0.001');
});

test('non-finite values read as JavaScript writes them', () => {
  assert.equal(formatSignificant(Number.NaN, 3, 2), 'NaN');
  assert.equal(formatSignificant(-Infinity, 3, 2), '-Infinity');
});
