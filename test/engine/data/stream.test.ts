// Streaming training agrees with in-memory training (same hash split, file order) to 1e-12, shuffles in a bounded buffer, locates errors in the whole file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTable } from '../../../src/engine/data/loadTable';
import { prepareDataset, type Dataset } from '../../../src/engine/data/dataset';
import { ChunkReader } from '../../../src/engine/data/stream/chunkReader';
import { planStream, type StreamPlan } from '../../../src/engine/data/stream/streamPlan';
import { streamRows } from '../../../src/engine/data/stream/streamRows';
import { metricsForLoss } from '../../../src/engine/metrics';
import { createModel } from '../../../src/engine/models/index';
import { initParams } from '../../../src/engine/models/init';
import { Rng } from '../../../src/engine/random';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { DatasetSource } from '../../../src/engine/train/datasetSource';
import { StreamSource } from '../../../src/engine/train/streamSource';
import { trainLoop, type TrainResult } from '../../../src/engine/train/trainLoop';
import { allocFloat } from '../../../src/engine/types';
import { dataSpecSchema, type DataFormat } from '../../../src/protocol/data';
import { rejectsWith } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'optlab-stream-'));

/** A messy-enough file: numbers, a category, a boolean, quoted text with a line break, missing values. */
function writeData(rows: number, format: DataFormat): string {
  const rng = new Rng(3);
  const records = Array.from({ length: rows }, (_, i) => {
    const a = rng.normal();
    const b = rng.uniformRange(-3, 3);
    const color = ['red', 'green', 'blue'][rng.int(3)]!;
    const flag = rng.uniform() < 0.5;
    const y = a + 0.5 * b + (color === 'red' ? 1 : 0) + 0.3 * rng.normal() > 0.5 ? 'yes' : 'no';
    return { a: i % 37 === 5 ? null : a, b, color, flag, note: `n${i % 3}`, y };
  });
  const path = join(dir, `data.${format}`);
  if (format === 'parquet') {
    // Several row groups, so the stream reads more than one.
    const column = <K extends keyof (typeof records)[number]>(k: K) => records.map((r) => r[k]);
    const buffer = parquetWriteBuffer({
      rowGroupSize: 256,
      columnData: [
        { name: 'a', data: column('a'), type: 'DOUBLE' },
        { name: 'b', data: column('b'), type: 'DOUBLE' },
        { name: 'color', data: column('color'), type: 'STRING' },
        { name: 'flag', data: column('flag'), type: 'BOOLEAN' },
        { name: 'note', data: column('note'), type: 'STRING' },
        { name: 'y', data: column('y'), type: 'STRING' },
      ],
    });
    writeFileSync(path, new Uint8Array(buffer));
  } else if (format === 'jsonl') writeFileSync(path, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  else {
    const lines = records.map((r, i) =>
      [r.a ?? '', r.b, r.color, r.flag, i % 50 === 0 ? `"two\nlines, ${r.note}"` : r.note, r.y].join(','),
    );
    writeFileSync(path, `\n  \na,b,color,flag,note,y\n${lines.join('\n')}\n`);
  }
  return path;
}

function build(nFeatures: number, precision: 'float64' | 'float32') {
  const model = createModel(
    { type: 'mlp', hidden: [5], activation: 'tanh' },
    { name: 'cross_entropy' },
    { nFeatures, nOutputs: 2, maxRows: 1000, precision, l2: 0.01 },
  );
  const params = allocFloat(precision, model.numParams);
  initParams(model.layout, 'default', new Rng(1), params);
  return { model, params };
}

const spec = (extra: object = {}) =>
  dataSpecSchema.parse({
    path: 'x',
    target: 'y',
    features: ['a', 'b', 'color', 'flag'],
    split: { validation: 0.25, test: 0.1, seed: 9, method: 'hash' },
    preprocessing: { missing: 'mean' },
    ...extra,
  });

function inMemory(d: Dataset, batchSize: number): TrainResult {
  const { model, params } = build(d.nFeatures, 'float64');
  const pick = (rows: Int32Array) => ({
    X: Float64Array.from(
      { length: rows.length * d.nFeatures },
      (_, k) => d.X[rows[Math.floor(k / d.nFeatures)]! * d.nFeatures + (k % d.nFeatures)]!,
    ),
    y: Float64Array.from(rows, (r) => d.y[r]!),
    rows: rows.length,
  });
  const source = new DatasetSource(model, pick(d.splits.train), pick(d.splits.validation), {
    nFeatures: d.nFeatures,
    yWidth: 1,
    nOutputs: 2,
    batchSize,
    shuffle: false,
    seed: 0,
    metrics: metricsForLoss('cross_entropy', 2),
  });
  return trainLoop(source, params, { optimizer: { name: 'SGD', lr: 0.01, momentum: 0.5 }, epochs: 3 });
}

function streamed(plan: StreamPlan, batchSize: number, shuffle = false): TrainResult {
  const { model, params } = build(plan.nFeatures, 'float64');
  const source = new StreamSource(model, plan, {
    batchSize,
    shuffle,
    shuffleBuffer: 64,
    seed: 5,
    precision: 'float64',
    nOutputs: 2,
    metrics: metricsForLoss('cross_entropy', 2),
  });
  return trainLoop(source, params, { optimizer: { name: 'SGD', lr: 0.01, momentum: 0.5 }, epochs: 3 });
}

function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++) {
    assert.ok(
      Math.abs(a[i]! - b[i]!) <= 1e-12 * Math.max(1, Math.abs(b[i]!)),
      `${what}[${i}]: ${a[i]} vs ${b[i]}`,
    );
  }
}

for (const format of ['csv', 'jsonl', 'parquet'] as const) {
  test(`${format}: a streaming run in file order equals the in-memory run with the hash split, to 1e-12`, async () => {
    const path = writeData(1500, format);
    const table = await loadTable(path, { displayName: `data.${format}` });
    const d = prepareDataset(table, spec(), { precision: 'float64' });
    // Small chunks: many chunk boundaries, including inside the quoted multi-line fields.
    const plan = planStream(path, format, `data.${format}`, spec(), 997);
    assert.deepEqual(plan.featureNames, d.featureNames);
    assert.deepEqual(plan.classes, d.classes);
    assert.deepEqual(
      [plan.rows.train, plan.rows.validation, plan.rows.test],
      [d.splits.train.length, d.splits.validation.length, d.splits.test.length],
    );
    assertClose(plan.mean!, d.standardization.featureMean!, 'mean');
    assertClose(plan.scale!, d.standardization.featureStd!, 'scale');
    // Every row encodes the same as in memory.
    const rows: number[] = [];
    streamRows(plan, (split, x, y, position) => {
      const i = rows.length;
      rows.push(position);
      assert.equal(d.sourceRows[i], position);
      assertClose(x, d.X.subarray(i * d.nFeatures, (i + 1) * d.nFeatures), `row ${position}`);
      assert.equal(y, d.y[i]);
    });
    assert.equal(rows.length, d.nRows);
    for (const batchSize of [1, 32]) {
      const a = streamed(plan, batchSize);
      const b = inMemory(d, batchSize);
      assert.equal(a.steps, b.steps);
      assertClose(a.epochTrainLoss.slice(0, 1), b.epochTrainLoss.slice(0, 1), 'initial loss');
      assertClose(a.stepLoss, b.stepLoss, 'steps');
      assertClose(a.params, b.params, `params (batch ${batchSize})`);
      assertClose(a.stepLoss, b.stepLoss, 'step losses');
      assertClose(a.epochTrainLoss, b.epochTrainLoss, 'train losses');
      assertClose(
        a.epochValidation.map((v) => v!.loss),
        b.epochValidation.map((v) => v!.loss),
        'validation losses',
      );
      assertClose(
        a.epochValidation.map((v) => v!.metrics['accuracy']!),
        b.epochValidation.map((v) => v!.metrics['accuracy']!),
        'accuracy',
      );
    }
  });
}

test('the shuffle buffer: every training row once per epoch, in a seeded order that differs from the file', async () => {
  const path = writeData(700, 'csv');
  const plan = planStream(path, 'csv', 'data.csv', spec(), 2000);
  const { model, params } = build(plan.nFeatures, 'float64');
  const seen: number[][] = [];
  // A model stand-in records the rows of each batch by their first feature (unique per row).
  const recorder = {
    ...model,
    lossAndGrad: (_p: typeof params, batch: { X: ArrayLike<number>; rows: number }, grads: typeof params) => {
      for (let r = 0; r < batch.rows; r++) seen[seen.length - 1]!.push(batch.X[r * plan.nFeatures + 1]!);
      grads.fill(0);
      return 0;
    },
  };
  const source = new StreamSource(recorder, plan, {
    batchSize: 16,
    shuffle: true,
    shuffleBuffer: 50,
    seed: 5,
    precision: 'float64',
    nOutputs: 2,
  });
  const order: number[] = [];
  streamRows(plan, (split, x) => split === 0 && order.push(x[1]!));
  for (let epoch = 0; epoch < 2; epoch++) {
    seen.push([]);
    source.beginEpoch();
    for (let b = 0; b < source.batchesPerEpoch; b++) source.lossAndGrad(params, params.slice(), b);
    assert.deepEqual(
      [...seen[epoch]!].sort((p, q) => p - q),
      [...order].sort((p, q) => p - q),
    );
    assert.notDeepEqual(seen[epoch], order);
    // A row moves at most a buffer's length earlier than its place in the file.
    seen[epoch]!.forEach((v, i) => assert.ok(order.indexOf(v) <= i + 50));
  }
  assert.notDeepEqual(seen[0], seen[1]);
});

test('streaming errors point into the whole file; a column typed differently across chunks is refused', async () => {
  const lines = Array.from({ length: 400 }, (_, i) => `${i},${i % 2}`);
  lines[300] = '3x,1';
  writeFileSync(join(dir, 'typo.csv'), `a,y\n${lines.join('\n')}\n`);
  await rejectsWith(
    () =>
      planStream(
        join(dir, 'typo.csv'),
        'csv',
        'typo.csv',
        dataSpecSchema.parse({ path: 'x', target: 'y' }),
        600,
      ),
    /^typo\.csv:302:1: /,
  );
  lines[300] = '300,1';
  lines[200] = '1,2,3';
  writeFileSync(join(dir, 'ragged.csv'), `a,y\n${lines.join('\n')}\n`);
  await rejectsWith(
    () =>
      planStream(
        join(dir, 'ragged.csv'),
        'csv',
        'ragged.csv',
        dataSpecSchema.parse({ path: 'x', target: 'y' }),
        600,
      ),
    'ragged.csv:202:3: expected 2 fields (as in the header), found 3',
  );
  const reader = new ChunkReader(join(dir, 'ragged.csv'), 'csv', 'ragged.csv', 600);
  await rejectsWith(() => {
    while (reader.next());
  }, /^ragged\.csv:202:3: /);
  reader.close();
});

test('cancel works mid-file: in a step, and during an evaluation pass after the current chunk', async () => {
  const path = writeData(1500, 'csv');
  const plan = planStream(path, 'csv', 'data.csv', spec(), 1000);
  const { model, params } = build(plan.nFeatures, 'float64');
  let chunks = 0;
  let stop = false;
  const source = new StreamSource(model, plan, {
    batchSize: 4,
    shuffle: true,
    shuffleBuffer: 10,
    seed: 1,
    precision: 'float64',
    nOutputs: 2,
    onRows: (_rows, pass) => pass === 'evaluate' && chunks++,
    shouldStop: () => stop,
  });
  let steps = 0;
  const r = trainLoop(source, params, {
    optimizer: { name: 'SGD', lr: 0.01 },
    epochs: 5,
    shouldStop: () => ++steps > 10,
  });
  assert.equal(r.status, 'cancelled');
  assert.equal(r.steps, 10);
  const full = chunks;
  chunks = 0;
  stop = true;
  source.trainLoss(params.map((v) => v + 1));
  assert.equal(chunks, 1);
  assert.ok(full > 10);
});
