// modelLayout gives the layout createModel's model has, for every model type, without building one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createModel, modelLayout, type ModelSpec } from '../../../src/engine/models/index';
import type { LossSpec } from '../../../src/engine/losses/loss';

const cases: [ModelSpec, LossSpec, number][] = [
  [{ type: 'mlp', hidden: [16, 8], activation: 'tanh' }, { name: 'mse' }, 1],
  [{ type: 'mlp', hidden: [4] }, { name: 'cross_entropy' }, 3],
  [{ type: 'linear' }, { name: 'mse' }, 2],
  [{ type: 'logistic' }, { name: 'bce_with_logits' }, 1],
  [{ type: 'softmax' }, { name: 'cross_entropy' }, 4],
];

for (const [spec, loss, nOutputs] of cases) {
  test(`modelLayout of a ${spec.type} (${nOutputs} outputs) is the built model's layout`, () => {
    const built = createModel(spec, loss, { nFeatures: 5, nOutputs, maxRows: 1, precision: 'float64' });
    assert.deepEqual(modelLayout(spec, 5, nOutputs), built.layout);
  });
}
