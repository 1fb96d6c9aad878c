import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LossSpec } from '../../../src/engine/losses';
import { createModel, namedToParams, paramsToNamed } from '../../../src/engine/models';
import type { ModelSpec, NamedParams } from '../../../src/engine/models';

/**
 * Loss values, gradients and outputs against real PyTorch 1.13 in float64, recorded by
 * test/fixtures/models/record.py.
 */

interface TorchCase {
  name: string;
  model: ModelSpec;
  loss: LossSpec;
  l2: number;
  nFeatures: number;
  nOutputs: number;
  rows: number;
  X: number[];
  y: number[];
  params: NamedParams;
  lossValue: number;
  grads: NamedParams;
  outputs: number[];
}

const fixture = JSON.parse(
  readFileSync(join(__dirname, '../../fixtures/models/torchCases.json'), 'utf8'),
) as { cases: TorchCase[] };

const relTol = 1e-12;

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k]!));
  return m;
}

for (const c of fixture.cases) {
  test(`matches torch: ${c.name}`, () => {
    // maxRows above the batch: the short-last-batch path; the batch itself is what torch saw.
    const model = createModel(c.model, c.loss, {
      nFeatures: c.nFeatures,
      nOutputs: c.nOutputs,
      maxRows: c.rows + 3,
      precision: 'float64',
      l2: c.l2,
    });
    assert.deepEqual(
      model.layout.map((t) => t.name),
      Object.keys(c.params),
      'tensor names and order are torch parameters() order',
    );
    const params = new Float64Array(model.numParams);
    namedToParams(model.layout, c.params, params);
    const batch = { X: Float64Array.from(c.X), y: Float64Array.from(c.y), rows: c.rows };
    const grads = new Float64Array(model.numParams);
    const value = model.lossAndGrad(params, batch, grads);
    assert.ok(
      Math.abs(value - c.lossValue) <= relTol * Math.abs(c.lossValue),
      `loss ${value} vs torch ${c.lossValue}`,
    );

    const expected = new Float64Array(model.numParams);
    namedToParams(model.layout, c.grads, expected);
    const gScale = maxAbs(expected);
    for (const t of model.layout) {
      for (let k = t.offset; k < t.offset + t.size; k++) {
        assert.ok(
          Math.abs(grads[k]! - expected[k]!) <= relTol * gScale,
          `d/d${t.name}[${k - t.offset}]: ${grads[k]} vs torch ${expected[k]}`,
        );
      }
    }

    const out = new Float64Array(c.rows * c.nOutputs);
    model.predict(params, batch.X, c.rows, out);
    const oScale = maxAbs(c.outputs);
    for (let k = 0; k < out.length; k++) {
      assert.ok(
        Math.abs(out[k]! - c.outputs[k]!) <= relTol * oScale,
        `output ${k}: ${out[k]} vs torch ${c.outputs[k]}`,
      );
    }
    assert.deepEqual(
      paramsToNamed(model.layout, params),
      c.params,
      'parameters round-trip through the flat buffer',
    );
  });
}
