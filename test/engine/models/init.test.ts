import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../../src/engine/errors';
import { createModel, initParams, namedToParams, paramsToNamed } from '../../../src/engine/models';
import type { NamedParams } from '../../../src/engine/models';
import { Rng } from '../../../src/engine/random';

const mlp = (hidden: number[], nFeatures: number, nOutputs: number) =>
  createModel(
    { type: 'mlp', hidden, activation: 'tanh' },
    { name: 'mse' },
    { nFeatures, nOutputs, maxRows: 4, precision: 'float64' },
  );

test('layouts name and order tensors as torch parameters() does', () => {
  const linear = createModel(
    { type: 'linear' },
    { name: 'mse' },
    { nFeatures: 10, nOutputs: 1, maxRows: 1, precision: 'float64' },
  );
  assert.deepEqual(
    linear.layout.map((t) => [t.name, t.shape, t.offset, t.kind]),
    [
      ['weight', [1, 10], 0, 'weight'],
      ['bias', [1], 10, 'bias'],
    ],
  );
  const net = mlp([5, 4], 3, 2);
  assert.deepEqual(
    net.layout.map((t) => [t.name, t.shape, t.offset]),
    [
      ['0.weight', [5, 3], 0],
      ['0.bias', [5], 15],
      ['2.weight', [4, 5], 20],
      ['2.bias', [4], 40],
      ['4.weight', [2, 4], 44],
      ['4.bias', [2], 52],
    ],
  );
  assert.equal(net.numParams, 54);
});

test('default init draws each layer from U(−1/√fan_in, 1/√fan_in), mean 0, variance bound²/3', () => {
  const net = mlp([400, 300], 50, 7);
  const params = new Float64Array(net.numParams);
  initParams(net.layout, 'default', new Rng(3), params);
  const fanIns: Record<string, number> = {
    '0.weight': 50,
    '0.bias': 50,
    '2.weight': 400,
    '2.bias': 400,
    '4.weight': 300,
    '4.bias': 300,
  };
  for (const t of net.layout) {
    const bound = 1 / Math.sqrt(fanIns[t.name]!);
    const v = params.subarray(t.offset, t.offset + t.size);
    let sum = 0;
    let sq = 0;
    let max = 0;
    for (const x of v) {
      assert.ok(x >= -bound && x < bound, `${t.name}: ${x} outside ±${bound}`);
      sum += x;
      sq += x * x;
      max = Math.max(max, Math.abs(x));
    }
    const n = v.length;
    // Standard errors: mean bound/√(3n), variance estimate ~bound²·0.3/√n.
    assert.ok(Math.abs(sum / n) < (5 * bound) / Math.sqrt(3 * n), `${t.name}: mean ${sum / n}`);
    if (n >= 2000) {
      assert.ok(
        Math.abs(sq / n - (bound * bound) / 3) < (2 * bound * bound) / Math.sqrt(n),
        `${t.name}: variance`,
      );
      assert.ok(max > 0.99 * bound, `${t.name}: the range is used up to its bound`);
    }
  }
});

test('default init follows the seed and torch draw order', () => {
  const net = mlp([6], 4, 2);
  const a = new Float64Array(net.numParams);
  const b = new Float64Array(net.numParams);
  const c = new Float64Array(net.numParams);
  initParams(net.layout, 'default', new Rng(11), a);
  initParams(net.layout, 'default', new Rng(11), b);
  initParams(net.layout, 'default', new Rng(12), c);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  // Per layer, weight row-major then bias, each scaled by its own layer's bound.
  const rng = new Rng(11);
  const expected = [...Array(4 * 6 + 6)].map(() => rng.uniformRange(-1 / 2, 1 / 2));
  expected.push(...[...Array(6 * 2 + 2)].map(() => rng.uniformRange(-1 / Math.sqrt(6), 1 / Math.sqrt(6))));
  assert.deepEqual(Array.from(a), expected);
});

test('zeros init and explicit parameters', () => {
  const net = mlp([2], 2, 1);
  const params = Float64Array.from({ length: net.numParams }, () => 9);
  initParams(net.layout, 'zeros', new Rng(0), params);
  assert.deepEqual(Array.from(params), Array(net.numParams).fill(0));
  const named: NamedParams = {
    '0.weight': [
      [1, 2],
      [3, 4],
    ],
    '0.bias': [5, 6],
    '2.weight': [[7, 8]],
    '2.bias': [9],
  };
  initParams(net.layout, named, new Rng(0), params);
  assert.deepEqual(Array.from(params), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(paramsToNamed(net.layout, params), named);
});

test('a golden case initial_params loads into a linear model and round-trips', () => {
  const golden = JSON.parse(
    readFileSync(join(__dirname, '../../fixtures/golden/cases/linreg_diabetes__adam.json'), 'utf8'),
  ) as { initial_params: NamedParams; final_params: NamedParams };
  const linear = createModel(
    { type: 'linear' },
    { name: 'mse' },
    { nFeatures: 10, nOutputs: 1, maxRows: 1, precision: 'float64' },
  );
  const params = new Float64Array(linear.numParams);
  namedToParams(linear.layout, golden.final_params, params);
  assert.deepEqual(paramsToNamed(linear.layout, params), golden.final_params);
  assert.equal(params[10], (golden.final_params.bias as number[])[0]);
});

test('explicit parameters with a wrong shape or name are refused, naming the tensor', () => {
  const net = mlp([3], 2, 1);
  const params = new Float64Array(net.numParams);
  const good: NamedParams = {
    '0.weight': [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
    '0.bias': [0, 0, 0],
    '2.weight': [[1, 2, 3]],
    '2.bias': [0],
  };
  const bad = (patch: NamedParams, pattern: RegExp): void =>
    assert.throws(
      () => initParams(net.layout, { ...good, ...patch }, new Rng(0), params),
      (e: unknown) => e instanceof ConfigError && pattern.test(e.message),
    );
  bad(
    {
      '0.weight': [
        [1, 2, 3],
        [4, 5, 6],
      ],
    },
    /^parameter '0\.weight' has shape \[2, 3\], expected shape \[3, 2\]$/,
  );
  bad({ '2.bias': [0, 1] }, /'2\.bias' has shape \[2\], expected shape \[1\]/);
  bad({ '2.bias': 0 }, /'2\.bias' has shape \[\], expected shape \[1\]/);
  bad(
    { '0.weight': [[1, 2], [3], [5, 6]] },
    /'0\.weight' has a ragged or non-numeric array, expected shape \[3, 2\]/,
  );
  bad({ '0.bias': [0, NaN, 0] }, /'0\.bias' holds a non-finite value/);
  bad({ weight: [[1, 2]] }, /unknown parameter 'weight'; the model has '0\.weight' \[3, 2\]/);
  const { '2.weight': _dropped, ...missing } = good;
  assert.throws(
    () => initParams(net.layout, missing, new Rng(0), params),
    /parameter '2\.weight' is missing/,
  );
});
