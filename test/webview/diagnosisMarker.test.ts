// The loss-chart point a diagnosis marks in the lab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnosis } from '../../src/protocol/diagnosis';
import { diagnosisMarker } from '../../webview/lab/diagnosisMarker';

const curves = {
  epochTrain: [2, 1, 0.5, null],
  epochVal: [2, 1.5, 1.2, 1.6],
  epochStep: [0, 10, 20, 25],
  epochMs: [0, 100, 200, 300],
  stepLr: [],
  stepGradNorm: [],
};
const d = (kind: Diagnosis['kind'], step: number | null, epoch: number | null): Diagnosis => ({
  kind,
  at: { step, epoch },
  evidence: 'e',
  remedy: 'r',
  lrFactor: null,
});

test('a step maps to the first epoch ending at or after it; a blown-up point falls back to the last finite loss', () => {
  assert.deepEqual(diagnosisMarker(d('plateau', 12, null), curves, 'epoch'), {
    x: 2,
    y: 0.5,
    label: 'plateau: e',
  });
  assert.deepEqual(diagnosisMarker(d('diverged', 25, null), curves, 'step'), {
    x: 20,
    y: 0.5,
    label: 'diverged: e',
  });
});

test('overfitting marks the validation loss at its epoch, in the chosen x unit', () => {
  assert.deepEqual(diagnosisMarker(d('overfitting', null, 2), curves, 'time'), {
    x: 0.2,
    y: 1.2,
    label: 'overfitting: e',
  });
  assert.equal(diagnosisMarker(d('plateau', null, null), curves, 'epoch'), null);
});
