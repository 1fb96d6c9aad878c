// Turning a zoomed chart's x range into the steps the lab asks the host for, and telling stale answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LatestRequest, stepRangeOf } from '../../webview/lab/detailRange';
import type { LabCurves } from '../../src/engine/report/labCurves';

const run = (epochStep: number[], epochMs: number[]): LabCurves => ({
  epochTrain: epochStep.map(() => 1),
  epochVal: epochStep.map(() => null),
  epochStep,
  epochMs,
  stepLr: [],
  stepGradNorm: [],
});

test('on the step axis the range is the steps themselves, widened to whole steps', () => {
  assert.deepEqual(stepRangeOf([], 'step', [10.4, 20.2]), { lo: 10, hi: 21 });
  assert.deepEqual(stepRangeOf([], 'step', [-3, 2]), { lo: 0, hi: 2 });
  assert.equal(stepRangeOf([], 'step', [5, 1]), null);
});

test('epochs and wall time go through each run’s epoch ends; several runs give the union', () => {
  const a = run([0, 100, 200, 300], [0, 1000, 2000, 3000]);
  const b = run([0, 100, 200, 300], [0, 2000, 4000, 6000]);
  assert.deepEqual(stepRangeOf([a], 'epoch', [1, 1.5]), { lo: 100, hi: 150 });
  assert.deepEqual(stepRangeOf([a, b], 'time', [1, 2]), { lo: 50, hi: 200 }, 'b reaches 1 s at step 50');
  assert.deepEqual(stepRangeOf([a], 'time', [-5, 99]), { lo: 0, hi: 300 }, 'clamped to the run');
});

test('axes not made of steps (bytes, communication time) and runs without epoch ends ask nothing', () => {
  assert.equal(stepRangeOf([run([0, 10], [0, 5])], 'bytes', [0, 10]), null);
  assert.equal(stepRangeOf([run([0], [0])], 'epoch', [0, 1]), null);
});

test('only the newest request’s answer counts, once; clearing forgets it', () => {
  const latest = new LatestRequest();
  latest.start('r1');
  latest.start('r2');
  assert.equal(latest.settle('r1'), false, 'an older zoom');
  assert.equal(latest.settle('r2'), true);
  assert.equal(latest.settle('r2'), false, 'answered already');
  latest.start('r3');
  latest.clear();
  assert.equal(latest.settle('r3'), false, 'new records came meanwhile');
});
