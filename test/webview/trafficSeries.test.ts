// The lab's data-parallel views: traffic curves travel packed to the webview, the x axis "bytes
// sent" / "simulated comm time" accumulates per step, and the results table gains traffic columns
// only when some run has traffic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendProgress,
  curvesFromFile,
  emptyCurves,
  packCurves,
  unpackCurves,
} from '../../src/engine/report/labCurves';
import { epochTrafficX, stepTrafficX } from '../../webview/lab/trafficSeries';
import { epochX, stepSeries, stepX } from '../../webview/lab/series';
import { resultColumns, type ResultRow } from '../../webview/lab/resultsModel';
import type { CurvesFile } from '../../src/protocol/record';

function file(traffic: boolean): CurvesFile {
  return {
    runId: 'c0-s0',
    layout: null,
    initialParams: [0],
    finalParams: [0],
    stepLoss: [1, 0.9, 0.8, 0.7],
    stepLr: [0.1, 0.1, 0.1, 0.1],
    stepGradNorm: [1, 1, 1, 1],
    epochTrainLoss: [1, 0.8, 0.6],
    epochValidation: [null, null, null],
    epochElapsedMs: [0, 5, 10],
    trajectory: null,
    ...(traffic
      ? {
          traffic: {
            stepBytes: [80, 16, 16, 8],
            stepDensity: [1, 0.2, 0.2, 0.1],
            stepCommS: [1e-4, 1e-4, 2e-4, 1e-4],
          },
        }
      : {}),
  };
}

test('traffic curves survive packing; runs without traffic pack as before', () => {
  const c = curvesFromFile(file(true), 2);
  const back = unpackCurves(packCurves(c));
  assert.deepEqual(back.stepBytes, [80, 16, 16, 8]);
  assert.deepEqual(back.stepDensity, [1, 0.2, 0.2, 0.1]);
  const plain = packCurves(curvesFromFile(file(false), 2));
  assert.equal('stepBytes' in plain, false);
  assert.equal(unpackCurves(plain).stepBytes, undefined);
});

test('x = bytes sent: cumulative through each step, and at each epoch end the bytes of its steps', () => {
  const c = curvesFromFile(file(true), 2);
  assert.deepEqual(stepTrafficX(c, 'bytes'), [80, 96, 112, 120]);
  assert.deepEqual(epochTrafficX(c, 'bytes', 3), [0, 96, 120]);
  assert.deepEqual(stepX(c, 'bytes'), [80, 96, 112, 120]);
  assert.deepEqual(epochX(c, 'bytes', 3), [0, 96, 120]);
  const t = epochX(c, 'commTime', 3);
  assert.ok(Math.abs(t[2]! - 5e-4) < 1e-15);
  // A run that trained in one process has no x on these axes: it is not drawn there.
  const plain = curvesFromFile(file(false), 2);
  assert.deepEqual(epochX(plain, 'bytes', 3), [null, null, null]);
  assert.equal(stepSeries(plain, 'density', { xMode: 'step', smoothing: 0, cap: 100, range: null }), null);
  const d = stepSeries(c, 'density', { xMode: 'step', smoothing: 0, cap: 100, range: null })!;
  assert.deepEqual(d.mean, [1, 0.2, 0.2, 0.1]);
});

test('the results table shows bytes sent and compression only when a run has them', () => {
  const row = (bytes: number | null): ResultRow => ({
    key: 'k',
    recordDir: 'd',
    runId: 'c0-s0',
    experiment: 'e',
    position: 0,
    rank: 1,
    tied: false,
    best: true,
    configKey: 'd#0',
    verdict: null,
    label: 'SGD()',
    seed: 0,
    fold: null,
    status: 'done',
    objective: 1,
    finalTrain: 1,
    finalVal: null,
    bestVal: null,
    metrics: {},
    steps: 4,
    elapsedMs: 1,
    message: null,
    starred: false,
    bytesSent: bytes,
    compression: bytes === null ? null : 5,
    diagnoses: [],
    config: { name: 'SGD', lr: 0.1 },
  });
  const ids = (rows: ResultRow[]) => resultColumns(rows, false, 'val_loss').map((c) => c.id);
  assert.ok(!ids([row(null)]).includes('bytesSent'));
  const cols = resultColumns([row(120)], false, 'val_loss');
  assert.deepEqual(
    cols.filter((c) => c.id === 'bytesSent' || c.id === 'compression').map((c) => c.value(row(120))),
    [120, 5],
  );
});

test("live progress carries each step's traffic into the curves; one-process runs add none", () => {
  const c = emptyCurves();
  appendProgress(c, {
    steps: [
      { step: 0, epoch: 0, loss: 1, lr: 0.1, gradNorm: 1, traffic: { bytes: 80, density: 1, commS: 1e-4 } },
      { step: 1, epoch: 0, loss: 1, lr: 0.1, gradNorm: 1, traffic: { bytes: 16, density: 0.2, commS: 1e-4 } },
    ],
    epochs: [{ epoch: 0, step: 2, trainLoss: 0.8, validation: null, elapsedMs: 3 }],
  });
  assert.deepEqual(c.stepBytes, [80, 16]);
  assert.deepEqual(epochX(c, 'bytes', 2), [0, 96]);
  const plain = emptyCurves();
  appendProgress(plain, { steps: [{ step: 0, epoch: 0, loss: 1, lr: 0.1, gradNorm: 1 }], epochs: [] });
  assert.equal(plain.stepBytes, undefined);
});
