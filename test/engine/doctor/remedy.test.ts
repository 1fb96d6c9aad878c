// The doctor's one-action remedy: which diagnosis gives it, the new configuration, the tooltip lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnosis } from '../../../src/protocol/diagnosis';
import { diagnosisLines, lrRemedy } from '../../../src/engine/doctor/remedy';

const d = (kind: Diagnosis['kind'], lrFactor: number | null): Diagnosis => ({
  kind,
  at: { step: 5, epoch: null },
  evidence: 'the loss reached 1e9 at step 5',
  remedy: 'lower the learning rate (× 0.1)',
  lrFactor,
});

test('the first diagnosis with a learning-rate factor gives the re-run, rounded to three digits', () => {
  const r = lrRemedy({ name: 'SGD', lr: 0.3, momentum: 0.9 }, [d('overfitting', null), d('diverged', 0.1)]);
  assert.equal(r?.title, 'Re-run with lr × 0.1 (0.03)');
  assert.equal(r?.kind, 'diverged');
  assert.equal(r?.config.lr, 0.03);
  assert.equal((r?.config as { momentum?: number }).momentum, 0.9);
});

test('no remedy without a factor, without diagnoses, or without an lr', () => {
  assert.equal(lrRemedy({ name: 'SGD', lr: 0.3 }, [d('overfitting', null)]), null);
  assert.equal(lrRemedy({ name: 'SGD', lr: 0.3 }, undefined), null);
  assert.equal(lrRemedy({ name: 'SGD' }, [d('diverged', 0.1)]), null);
});

test('tooltip lines carry the kind, where, the evidence and the remedy', () => {
  assert.deepEqual(diagnosisLines([d('diverged', 0.1)]), [
    '⚠ diverged (step 5): the loss reached 1e9 at step 5 → lower the learning rate (× 0.1)',
  ]);
});
