import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendProgress,
  curvesFromFile,
  emptyCurves,
  packCurves,
  packSeries,
  runStepsPerEpoch,
  stepEpochs,
  stepsPerEpoch,
  stepTimes,
  unpackCurves,
  unpackSeries,
} from '../../src/engine/report/labCurves';
import { sampleRecord } from '../engine/report/sampleRecord';
import { sampleLabRecord, TWO_CONFIGS } from './labData';

test('live progress lands at the curve indices of the curves file: epoch e at index e + 1, step s at s', () => {
  const c = emptyCurves();
  appendProgress(c, {
    steps: [
      { step: 0, epoch: 0, loss: 1, lr: 0.1, gradNorm: 2 },
      { step: 1, epoch: 0, loss: 0.9, lr: 0.1, gradNorm: 1.5 },
    ],
    epochs: [{ epoch: 0, step: 2, trainLoss: 0.8, validation: { loss: 0.85, metrics: {} }, elapsedMs: 10 }],
  });
  appendProgress(c, {
    steps: [{ step: 2, epoch: 1, loss: 0.7, lr: 0.05, gradNorm: null }],
    epochs: [{ epoch: 1, step: 3, trainLoss: 0.6, validation: null, elapsedMs: 16 }],
  });
  assert.deepEqual(c.stepLr, [0.1, 0.1, 0.05]);
  assert.deepEqual(c.stepGradNorm, [2, 1.5, null]);
  // Index 0 (before training) is not streamed: it stays empty until the curves file arrives.
  assert.deepEqual(c.epochTrain, [null, 0.8, 0.6]);
  assert.deepEqual(c.epochVal, [null, 0.85, null]);
  assert.deepEqual(c.epochStep, [0, 2, 3]);
  assert.deepEqual(c.epochMs, [0, 10, 16]);
});

test('steps per epoch follow the batch size and the training rows; full batch and surfaces take one', () => {
  const { record } = sampleLabRecord(TWO_CONFIGS);
  const withBatch = { ...record, experiment: { ...record.experiment, training: { batch_size: 32 } } };
  assert.equal(stepsPerEpoch(withBatch), Math.ceil(record.dataset!.trainRows / 32));
  assert.equal(stepsPerEpoch({ ...record, experiment: { training: { batch_size: null } } }), 1);
  assert.equal(stepsPerEpoch({ ...record, dataset: null }), 1);
});

test('a curves file gives epoch steps i × steps-per-epoch, capped at the run length', () => {
  const { curves } = sampleRecord(TWO_CONFIGS, { epochs: 5, stepsPerEpoch: 4 });
  const c = curvesFromFile(curves.get('c0-s0')!, 4);
  assert.deepEqual(c.epochStep, [0, 4, 8, 12, 16, 20]);
  assert.equal(c.stepLr.length, 20);
});

test('packed series read back bit for bit, missing points included, as float64 bytes', () => {
  const values = [0, -0.5, 1e-300, 12345.678, null, Number.MAX_VALUE, 2 ** -1074, null];
  assert.deepEqual(unpackSeries(packSeries(values)), values);
  assert.deepEqual(unpackSeries(packSeries([])), []);
  const long = Array.from({ length: 10_000 }, (_, i) => Math.exp(-i / 977) * (1 + Math.sin(i) / 7));
  const packed = packSeries(long);
  assert.ok(packed instanceof Float64Array);
  assert.equal(packed.byteLength, 8 * long.length);
  assert.deepEqual(unpackSeries(packed), long);
  assert.ok(Number.isNaN(packSeries([null])[0]!));
  const c = emptyCurves();
  c.epochTrain = [1, null, 0.5];
  c.stepLr = [0.1, 0.1];
  assert.deepEqual(unpackCurves(packCurves(c)), c);
});

test('step times interpolate linearly between epoch ends', () => {
  const c = emptyCurves();
  c.stepLr = [1, 1, 1, 1, 1, 1];
  c.epochStep = [0, 2, 6];
  c.epochMs = [0, 10, 30];
  assert.deepEqual(stepTimes(c), [0, 5, 10, 15, 20, 25]);
  assert.deepEqual(stepTimes({ ...emptyCurves(), stepLr: [1, 2] }), [null, null]);
});

test('each step gets its fractional epoch from the epoch ends, whatever the batch size', () => {
  const c = emptyCurves();
  c.stepLr = [1, 1, 1, 1, 1, 1, 1, 1];
  c.epochStep = [0, 4, 8];
  assert.deepEqual(stepEpochs(c), [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75]);
  assert.equal(runStepsPerEpoch(120, 30, 1), 4, 'a search trial with its own batch size');
  assert.equal(runStepsPerEpoch(0, 0, 7), 7, 'no finished epoch: the record value');
});

test('curves cut to a step range take live steps after their last point, and place each step at its own step', () => {
  const c = emptyCurves();
  c.epochStep = [0, 100];
  c.epochMs = [0, 1000];
  c.epochTrain = [1, 0.5];
  c.epochVal = [null, null];
  c.stepAt = [0, 9, 10, 19];
  c.stepLr = [0.1, 0.1, 0.1, 0.1];
  c.stepGradNorm = [5, 1, 4, 2];
  appendProgress(c, {
    steps: [
      { step: 19, epoch: 0, loss: 1, lr: 0.1, gradNorm: 9 },
      { step: 20, epoch: 0, loss: 1, lr: 0.05, gradNorm: 3 },
    ],
    epochs: [],
  });
  assert.deepEqual(c.stepAt, [0, 9, 10, 19, 20], 'step 19 is in the cut already');
  assert.deepEqual(c.stepGradNorm, [5, 1, 4, 2, 3]);
  assert.deepEqual(stepEpochs(c), [0, 0.09, 0.1, 0.19, 0.2]);
  assert.deepEqual(stepTimes(c), [0, 90, 100, 190, 200]);
  assert.deepEqual(unpackCurves(packCurves(c)).stepAt, c.stepAt);
});
