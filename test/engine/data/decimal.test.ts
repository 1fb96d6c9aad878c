import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDecimal } from '../../../src/engine/data/decimal';

const decimal = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

test('parseDecimal is Number() bit for bit on decimals, undefined on anything else', () => {
  const cases = [
    '0',
    '-0',
    '+0',
    '1',
    '-1.5',
    '.5',
    '5.',
    '007',
    '0.1',
    '0.3',
    '123456789012345',
    '1234567890123456789',
    '1e22',
    '1e23',
    '1e-22',
    '1e-23',
    '9007199254740993',
    '2.2250738585072014e-308',
    '1e400',
    '-1e400',
    '1e-400',
    '4.9e-324',
    '1.7976931348623157e308',
    '0.000001',
    '3.141592653589793',
    '1E5',
    '1e+5',
    '1e-5',
    '1e99999999999',
  ];
  for (const s of cases) assert.ok(Object.is(parseDecimal(s), Number(s)), s);
  for (const s of [
    '',
    '+',
    '-',
    '.',
    'e5',
    '1e',
    '1e+',
    '1.2.3',
    ' 1',
    '1 ',
    '0x10',
    'Infinity',
    'NaN',
    '1,5',
    '--1',
    '1e5.5',
    '١',
  ])
    assert.equal(parseDecimal(s), undefined, JSON.stringify(s));
});

test('parseDecimal agrees with the decimal grammar and Number() on generated text', () => {
  const digits = fc.stringMatching(/^[0-9]{0,20}$/);
  const text = fc
    .tuple(
      fc.constantFrom('', '+', '-'),
      digits,
      fc.constantFrom('', '.'),
      digits,
      fc.constantFrom('', 'e', 'E-', 'e+'),
      fc.stringMatching(/^[0-9]{0,3}$/),
    )
    .map((p) => p.join(''));
  fc.assert(
    fc.property(fc.oneof(text, fc.string()), (s) => {
      const got = parseDecimal(s);
      if (decimal.test(s)) return Object.is(got, Number(s));
      return got === undefined;
    }),
    { numRuns: 5000, seed: 20261205 },
  );
});
