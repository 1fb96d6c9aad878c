import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/engine/errors';
import type { LossSpec } from '../../../src/engine/losses';
import { createModel, initParams } from '../../../src/engine/models';
import type { ModelDims, ModelSpec } from '../../../src/engine/models';
import { Rng } from '../../../src/engine/random';
import { randomBatch } from './randomProblem';

const dims = (over: Partial<ModelDims> = {}): ModelDims => ({
  nFeatures: 3,
  nOutputs: 1,
  maxRows: 8,
  precision: 'float64',
  ...over,
});

test('createModel refuses combinations that do not mean what they say', () => {
  const refuse = (spec: ModelSpec, loss: LossSpec, d: ModelDims, pattern: RegExp): void =>
    assert.throws(
      () => createModel(spec, loss, d),
      (e: unknown) => e instanceof ConfigError && pattern.test(e.message),
    );
  refuse(
    { type: 'logistic' },
    { name: 'mse' },
    dims(),
    /logistic model is trained with bce_with_logits, not mse/,
  );
  refuse(
    { type: 'logistic' },
    { name: 'bce_with_logits' },
    dims({ nOutputs: 2 }),
    /logistic model has 1 output/,
  );
  refuse(
    { type: 'softmax' },
    { name: 'huber' },
    dims({ nOutputs: 3 }),
    /softmax model is trained with cross_entropy/,
  );
  refuse(
    { type: 'linear' },
    { name: 'cross_entropy' },
    dims({ nOutputs: 3 }),
    /linear model is trained with mse or huber/,
  );
  refuse({ type: 'softmax' }, { name: 'cross_entropy' }, dims({ nOutputs: 1 }), /at least 2/);
  refuse({ type: 'linear', hidden: [4] }, { name: 'mse' }, dims(), /hidden layers need model type mlp/);
  refuse({ type: 'mlp' }, { name: 'mse' }, dims(), /mlp needs hidden/);
  refuse(
    { type: 'mlp', hidden: [4, 0] },
    { name: 'mse' },
    dims(),
    /hidden\[1\] must be a positive integer, got 0/,
  );
  refuse(
    { type: 'mlp', hidden: [4], activation: 'gelu' as 'relu' },
    { name: 'mse' },
    dims(),
    /unknown activation 'gelu'/,
  );
  refuse({ type: 'linear' }, { name: 'mse' }, dims({ nFeatures: 0 }), /nFeatures must be a positive integer/);
  refuse({ type: 'linear' }, { name: 'mse' }, dims({ maxRows: 2.5 }), /maxRows must be a positive integer/);
  refuse({ type: 'linear' }, { name: 'mse' }, dims({ l2: -0.1 }), /l2 must be a finite number >= 0/);
  refuse({ type: 'linear' }, { name: 'huber', delta: 0 }, dims(), /non-positive values for delta/);
});

test('buffers of the wrong size are refused rather than read as NaN', () => {
  const model = createModel({ type: 'linear' }, { name: 'mse' }, dims());
  const batch = { X: new Float64Array(6), y: new Float64Array(2), rows: 2 };
  assert.throws(
    () => model.loss(new Float64Array(3), batch),
    /parameter buffer holds 3 values, the model has 4/,
  );
  assert.throws(() => model.lossAndGrad(new Float64Array(4), batch, new Float64Array(5)), /gradient buffer/);
  assert.throws(
    () => model.loss(new Float64Array(4), { ...batch, rows: 3 }),
    /X holds 6 values, 3 rows need 9/,
  );
  assert.throws(() => model.predict(new Float64Array(4), batch.X, 2, new Float64Array(1)), /output buffer/);
});

test('an mlp with an activation left out uses ReLU', () => {
  const rng = new Rng(2);
  const loss: LossSpec = { name: 'mse' };
  const implicit = createModel({ type: 'mlp', hidden: [5] }, loss, dims());
  const relu = createModel({ type: 'mlp', hidden: [5], activation: 'relu' }, loss, dims());
  const tanh = createModel({ type: 'mlp', hidden: [5], activation: 'tanh' }, loss, dims());
  const params = new Float64Array(relu.numParams);
  initParams(relu.layout, 'default', rng, params);
  const batch = randomBatch(rng, loss, 6, 3, 1);
  assert.equal(implicit.loss(params, batch), relu.loss(params, batch));
  assert.notEqual(tanh.loss(params, batch), relu.loss(params, batch));
});

test('predict gives the raw outputs the loss sees, also past maxRows', () => {
  const rng = new Rng(4);
  const loss: LossSpec = { name: 'mse' };
  const model = createModel(
    { type: 'mlp', hidden: [4], activation: 'sigmoid' },
    loss,
    dims({ nOutputs: 2, maxRows: 3 }),
  );
  const params = new Float64Array(model.numParams);
  initParams(model.layout, 'default', rng, params);
  const batch = randomBatch(rng, loss, 7, 3, 2);
  const out = new Float64Array(14);
  model.predict(params, batch.X, 7, out);
  let sse = 0;
  for (let k = 0; k < 14; k++) sse += (out[k]! - batch.y[k]!) ** 2;
  assert.ok(Math.abs(model.loss(params, batch) - sse / 14) < 1e-15);
  // Row by row through a one-row model: the same outputs.
  const single = createModel(
    { type: 'mlp', hidden: [4], activation: 'sigmoid' },
    loss,
    dims({ nOutputs: 2, maxRows: 1 }),
  );
  const row = new Float64Array(2);
  for (let r = 0; r < 7; r++) {
    single.predict(params, batch.X.subarray(r * 3, r * 3 + 3), 1, row);
    assert.deepEqual(Array.from(row), Array.from(out.subarray(r * 2, r * 2 + 2)));
  }
});

const float32Cases: { spec: ModelSpec; loss: LossSpec; nOutputs: number; l2?: number }[] = [
  { spec: { type: 'linear' }, loss: { name: 'mse' }, nOutputs: 2 },
  { spec: { type: 'logistic' }, loss: { name: 'bce_with_logits' }, nOutputs: 1, l2: 0.01 },
  { spec: { type: 'softmax' }, loss: { name: 'cross_entropy' }, nOutputs: 4 },
  {
    spec: { type: 'mlp', hidden: [16, 8], activation: 'tanh' },
    loss: { name: 'cross_entropy' },
    nOutputs: 3,
  },
  {
    spec: { type: 'mlp', hidden: [12], activation: 'relu' },
    loss: { name: 'huber', delta: 0.5 },
    nOutputs: 1,
  },
  {
    spec: { type: 'mlp', hidden: [10, 6, 4], activation: 'sigmoid' },
    loss: { name: 'bce_with_logits' },
    nOutputs: 1,
  },
  {
    spec: { type: 'mlp', hidden: [8, 8], activation: 'leaky_relu' },
    loss: { name: 'mse' },
    nOutputs: 2,
    l2: 0.05,
  },
];

for (const c of float32Cases) {
  test(`float32 agrees with float64 to 1e-5: ${c.spec.type} ${c.spec.activation ?? ''} ${c.loss.name}`, () => {
    const rng = new Rng(21);
    const nFeatures = 6;
    const rows = 40;
    const make = (precision: 'float32' | 'float64') =>
      createModel(c.spec, c.loss, { nFeatures, nOutputs: c.nOutputs, maxRows: 64, precision, l2: c.l2 ?? 0 });
    const m64 = make('float64');
    const m32 = make('float32');
    // Both precisions see the same (float32-representable) numbers, so only arithmetic differs.
    const p32 = new Float32Array(m64.numParams);
    initParams(m32.layout, 'default', rng, p32);
    const p64 = Float64Array.from(p32);
    const b = randomBatch(rng, c.loss, rows, nFeatures, c.nOutputs);
    const X32 = Float32Array.from(b.X);
    const y32 = Float32Array.from(b.y);
    const g32 = new Float32Array(m32.numParams);
    const g64 = new Float64Array(m64.numParams);
    const l32 = m32.lossAndGrad(p32, { X: X32, y: y32, rows }, g32);
    const l64 = m64.lossAndGrad(p64, { X: Float64Array.from(X32), y: Float64Array.from(y32), rows }, g64);
    assert.ok(Math.abs(l32 - l64) <= 1e-5 * Math.abs(l64), `loss ${l32} vs ${l64}`);
    let scale = 0;
    for (const g of g64) scale = Math.max(scale, Math.abs(g));
    for (let k = 0; k < g64.length; k++) {
      assert.ok(Math.abs(g32[k]! - g64[k]!) <= 1e-5 * scale, `grad ${k}: ${g32[k]} vs ${g64[k]}`);
    }
    assert.ok(Math.abs(m32.loss(p32, { X: X32, y: y32, rows }) - l32) <= 1e-6 * Math.abs(l64));
  });
}
