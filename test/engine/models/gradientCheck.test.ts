import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LossSpec } from '../../../src/engine/losses';
import { createModel, initParams } from '../../../src/engine/models';
import type { Activation, ModelSpec } from '../../../src/engine/models';
import type { Batch, Model } from '../../../src/engine/models/model';
import { Rng } from '../../../src/engine/random';
import { randomBatch } from './randomProblem';

/**
 * Every analytic gradient against central finite differences of the model's own loss, in float64.
 * Batches have fewer rows than maxRows (a last mini-batch) or more (processed in chunks).
 */

const h = 1e-5;
const relTol = 1e-6;

function checkGradient(model: Model, params: Float64Array, batch: Batch, label: string): void {
  const grads = new Float64Array(model.numParams);
  const value = model.lossAndGrad(params, batch, grads);
  assert.equal(model.loss(params, batch), value, `${label}: loss() and lossAndGrad() agree`);
  let scale = 0;
  for (const g of grads) scale = Math.max(scale, Math.abs(g));
  assert.ok(scale > 1e-4, `${label}: gradient is not trivially zero`);
  const p = Float64Array.from(params);
  for (let k = 0; k < p.length; k++) {
    const orig = p[k]!;
    p[k] = orig + h;
    const up = model.loss(p, batch);
    p[k] = orig - h;
    const down = model.loss(p, batch);
    p[k] = orig;
    const fd = (up - down) / (2 * h);
    const err = Math.abs(fd - grads[k]!);
    assert.ok(
      err <= relTol * Math.max(Math.abs(fd), Math.abs(grads[k]!)) + 1e-9 * scale,
      `${label}: d/d${layoutName(model, k)} analytic ${grads[k]} vs finite difference ${fd}`,
    );
  }
}

function layoutName(model: Model, k: number): string {
  const t = model.layout.find((t) => k >= t.offset && k < t.offset + t.size)!;
  return `${t.name}[${k - t.offset}]`;
}

interface Combo {
  spec: ModelSpec;
  loss: LossSpec;
  nOutputs: number;
  l2?: number;
}

const losses: { loss: LossSpec; nOutputs: number }[] = [
  { loss: { name: 'mse' }, nOutputs: 2 },
  { loss: { name: 'huber', delta: 0.7 }, nOutputs: 2 },
  { loss: { name: 'bce_with_logits' }, nOutputs: 1 },
  { loss: { name: 'cross_entropy' }, nOutputs: 4 },
];
const activations: Activation[] = ['relu', 'tanh', 'sigmoid', 'leaky_relu'];
const depths = [[5], [6, 4], [5, 4, 3]];

const combos: Combo[] = [
  { spec: { type: 'linear' }, loss: { name: 'mse' }, nOutputs: 1 },
  { spec: { type: 'linear' }, loss: { name: 'mse' }, nOutputs: 3 },
  { spec: { type: 'linear' }, loss: { name: 'huber' }, nOutputs: 1 },
  { spec: { type: 'linear' }, loss: { name: 'huber', delta: 0.3 }, nOutputs: 2, l2: 0.1 },
  { spec: { type: 'linear' }, loss: { name: 'mse' }, nOutputs: 1, l2: 0.5 },
  { spec: { type: 'logistic' }, loss: { name: 'bce_with_logits' }, nOutputs: 1 },
  { spec: { type: 'logistic' }, loss: { name: 'bce_with_logits' }, nOutputs: 1, l2: 0.2 },
  { spec: { type: 'softmax' }, loss: { name: 'cross_entropy' }, nOutputs: 3 },
  { spec: { type: 'softmax' }, loss: { name: 'cross_entropy' }, nOutputs: 5, l2: 0.05 },
];
for (const activation of activations) {
  for (const { loss, nOutputs } of losses) {
    for (const hidden of depths) combos.push({ spec: { type: 'mlp', hidden, activation }, loss, nOutputs });
  }
  combos.push({
    spec: { type: 'mlp', hidden: [4, 4], activation },
    loss: { name: 'mse' },
    nOutputs: 1,
    l2: 0.03,
  });
}

combos.forEach((c, i) => {
  const label = `${c.spec.type}${c.spec.hidden ? `[${c.spec.hidden.join(',')}] ${c.spec.activation}` : ''} + ${c.loss.name}${c.loss.delta ? `(${c.loss.delta})` : ''}${c.l2 ? ` + l2 ${c.l2}` : ''}, ${c.nOutputs} outputs`;
  test(`gradient matches finite differences: ${label}`, () => {
    const rng = new Rng(1000 + i);
    const nFeatures = 3;
    // 7 rows with room for 10: a short last mini-batch; 7 rows in chunks of 3: a batch larger than maxRows.
    for (const maxRows of [10, 3]) {
      const model = createModel(c.spec, c.loss, {
        nFeatures,
        nOutputs: c.nOutputs,
        maxRows,
        precision: 'float64',
        l2: c.l2 ?? 0,
      });
      const params = new Float64Array(model.numParams);
      initParams(model.layout, 'default', rng, params);
      // Larger than torch's default init, so hidden units leave their linear regime.
      for (let k = 0; k < params.length; k++) params[k] = 2 * params[k]!;
      const batch = randomBatch(rng, c.loss, 7, nFeatures, c.nOutputs, 2);
      checkGradient(model, params, batch, `${label}, maxRows ${maxRows}`);
    }
  });
});

test('a batch in chunks gives the same loss and gradient as in one piece', () => {
  const rng = new Rng(5);
  const spec: ModelSpec = { type: 'mlp', hidden: [6, 5], activation: 'tanh' };
  const loss: LossSpec = { name: 'cross_entropy' };
  const whole = createModel(spec, loss, { nFeatures: 4, nOutputs: 3, maxRows: 20, precision: 'float64' });
  const chunked = createModel(spec, loss, { nFeatures: 4, nOutputs: 3, maxRows: 6, precision: 'float64' });
  const params = new Float64Array(whole.numParams);
  initParams(whole.layout, 'default', rng, params);
  const batch = randomBatch(rng, loss, 17, 4, 3);
  const g1 = new Float64Array(whole.numParams);
  const g2 = new Float64Array(whole.numParams);
  const l1 = whole.lossAndGrad(params, batch, g1);
  const l2 = chunked.lossAndGrad(params, batch, g2);
  assert.ok(Math.abs(l1 - l2) <= 1e-14 * Math.abs(l1));
  for (let k = 0; k < g1.length; k++) assert.ok(Math.abs(g1[k]! - g2[k]!) <= 1e-14 * (1 + Math.abs(g1[k]!)));
  // Stale gradients from an earlier call must not leak into the next one.
  const again = whole.lossAndGrad(params, batch, g2);
  assert.equal(again, l1);
  assert.deepEqual(g2, g1);
});
