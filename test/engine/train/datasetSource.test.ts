import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Batch, Model } from '../../../src/engine/models/model';
import type { FloatArray } from '../../../src/engine/types';
import { DatasetSource, type DatasetSourceOptions } from '../../../src/engine/train/datasetSource';
import { trainLoop } from '../../../src/engine/train/trainLoop';
import { createModel } from '../../../src/engine/models/index';
import { initParams } from '../../../src/engine/models/init';
import { Rng } from '../../../src/engine/random';

/**
 * A model that remembers which rows each batch held: row r of the data has feature value r and
 * target 100 + r, so a batch's X and y name its rows.
 */
class SpyModel implements Model {
  readonly numParams = 1;
  readonly layout = [{ name: 'weight', shape: [1, 1], offset: 0, size: 1, kind: 'weight' as const }];
  batches: { rows: number[]; targets: number[]; X: FloatArray }[] = [];

  lossAndGrad(_params: FloatArray, batch: Batch, grads: FloatArray): number {
    this.batches.push({
      rows: Array.from(batch.X.subarray(0, batch.rows)),
      targets: Array.from(batch.y.subarray(0, batch.rows)),
      X: batch.X,
    });
    grads[0] = 0;
    return 1;
  }
  loss(): number {
    return 1;
  }
  predict(): void {}
}

const ROWS = 23;

function data(): { X: Float64Array; y: Float64Array; rows: number } {
  const X = new Float64Array(ROWS);
  const y = new Float64Array(ROWS);
  for (let r = 0; r < ROWS; r++) {
    X[r] = r;
    y[r] = 100 + r;
  }
  return { X, y, rows: ROWS };
}

/** The row order of every epoch, as the batches served it, for `epochs` epochs. */
function epochOrders(o: Partial<DatasetSourceOptions>, epochs = 3): { orders: number[][]; spy: SpyModel } {
  const spy = new SpyModel();
  const source = new DatasetSource(spy, data(), null, {
    nFeatures: 1,
    yWidth: 1,
    nOutputs: 1,
    batchSize: 5,
    shuffle: true,
    seed: 1,
    ...o,
  });
  trainLoop(source, new Float64Array(1), { optimizer: { name: 'SGD', lr: 0.1 }, epochs });
  const perEpoch = source.batchesPerEpoch;
  const orders: number[][] = [];
  for (let e = 0; e < epochs; e++) {
    orders.push(spy.batches.slice(e * perEpoch, (e + 1) * perEpoch).flatMap((b) => b.rows));
  }
  return { orders, spy };
}

const identity = Array.from({ length: ROWS }, (_, i) => i);

test('every row appears exactly once per epoch, with its own target', () => {
  const { orders, spy } = epochOrders({ seed: 3 });
  for (const order of orders)
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      identity,
    );
  for (const b of spy.batches)
    assert.deepEqual(
      b.targets,
      b.rows.map((r) => 100 + r),
    );
});

test('batches are consecutive slices of the epoch order; the last one is smaller, not dropped', () => {
  const { spy } = epochOrders({ seed: 3 }, 1);
  assert.deepEqual(
    spy.batches.map((b) => b.rows.length),
    [5, 5, 5, 5, 3],
  );
});

test('shuffling is deterministic per seed, differs across seeds and across epochs', () => {
  const a = epochOrders({ seed: 7 }).orders;
  const again = epochOrders({ seed: 7 }).orders;
  const other = epochOrders({ seed: 8 }).orders;
  assert.deepEqual(a, again);
  assert.notDeepEqual(a[0], other[0]);
  assert.notDeepEqual(a[0], a[1]);
  assert.notDeepEqual(a[1], a[2]);
  assert.notDeepEqual(a[0], identity, 'the first epoch is shuffled too');
});

test('without shuffle the rows come in file order every epoch', () => {
  const { orders } = epochOrders({ shuffle: false });
  for (const order of orders) assert.deepEqual(order, identity);
});

test('a given order per epoch (a torch replay) is served exactly and overrides shuffling', () => {
  const given = [identity.slice().reverse(), identity.map((i) => (i * 5) % ROWS)];
  const { orders } = epochOrders({ batchOrder: given, shuffle: true }, 2);
  assert.deepEqual(orders, given);
  assert.throws(
    () => epochOrders({ batchOrder: [identity.slice(1)] }, 1),
    /batch order of epoch 0 has 22 rows, expected 23/,
  );
});

test('full batch (batchSize null or ≥ rows) uses the training rows in place, one step per epoch', () => {
  for (const batchSize of [null, ROWS, 1000]) {
    const spy = new SpyModel();
    const train = data();
    const source = new DatasetSource(spy, train, null, {
      nFeatures: 1,
      yWidth: 1,
      nOutputs: 1,
      batchSize,
      shuffle: true,
      seed: 1,
    });
    assert.equal(source.batchesPerEpoch, 1);
    trainLoop(source, new Float64Array(1), { optimizer: { name: 'SGD', lr: 0.1 }, epochs: 2 });
    assert.equal(spy.batches.length, 2);
    for (const b of spy.batches) {
      assert.equal(b.X, train.X, 'the same buffer, not a copy');
      assert.deepEqual(b.rows, identity);
    }
  }
});

test('batch_size 1 serves one row per step', () => {
  const { spy } = epochOrders({ batchSize: 1, seed: 2 }, 1);
  assert.equal(spy.batches.length, ROWS);
  assert.ok(spy.batches.every((b) => b.rows.length === 1));
});

test("a mini-batch gathered into the model's own input rows trains bit for bit as a copied one", () => {
  for (const precision of ['float32', 'float64'] as const) {
    const dims = { nFeatures: 3, nOutputs: 1, maxRows: 40, precision };
    const model = createModel({ type: 'mlp', hidden: [5], activation: 'relu' }, { name: 'mse' }, dims);
    // The same model without inputBuffer: its batches live in a buffer of their own and are copied in.
    const copied: Model = {
      numParams: model.numParams,
      layout: model.layout,
      lossAndGrad: (p, b, g) => model.lossAndGrad(p, b, g),
      loss: (p, b, w) => model.loss(p, b, w),
      predict: (p, X, r, out) => model.predict(p, X, r, out),
    };
    const rng = new Rng(5);
    const X = precision === 'float32' ? new Float32Array(40 * 3) : new Float64Array(40 * 3);
    const y = precision === 'float32' ? new Float32Array(40) : new Float64Array(40);
    for (let i = 0; i < X.length; i++) X[i] = rng.normal();
    for (let i = 0; i < y.length; i++) y[i] = rng.normal();
    const run = (m: Model) => {
      const params = precision === 'float32' ? new Float32Array(m.numParams) : new Float64Array(m.numParams);
      initParams(m.layout, 'default', new Rng(1), params);
      const source = new DatasetSource(m, { X, y, rows: 40 }, null, {
        nFeatures: 3,
        yWidth: 1,
        nOutputs: 1,
        batchSize: 8,
        shuffle: true,
        seed: 2,
      });
      const r = trainLoop(source, params, { optimizer: { name: 'Adam', lr: 0.01 }, epochs: 3 });
      return { params: Array.from(params), losses: r.stepLoss, norms: r.stepGradNorm };
    };
    assert.ok(model.inputBuffer?.(8), 'the dense model offers its input rows');
    assert.deepEqual(run(model), run(copied), precision);
  }
});
