// The defaults New Experiment and the Run panel share: batch size by file size, missing values,
// objective by task, and schedule settings that span the run's epochs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  defaultBatchSize,
  defaultMissing,
  defaultObjective,
  defaultOptimizers,
  defaultPreprocessing,
  scheduleDefaults,
} from '../../../src/engine/experiment/experimentDefaults';
import { experimentFileSchema } from '../../../src/protocol/experiment';

test('batch size: full batch up to 256 rows, then 32; missing values dropped only when there are any', () => {
  assert.equal(defaultBatchSize(256), null);
  assert.equal(defaultBatchSize(257), 32);
  assert.equal(defaultBatchSize(null), null);
  assert.equal(defaultMissing(true), 'drop');
  assert.equal(defaultMissing(false), 'error');
  assert.deepEqual(defaultPreprocessing('binary', 'error'), { standardize: true });
  assert.deepEqual(defaultPreprocessing('regression', 'drop'), {
    standardize: true,
    standardize_target: true,
    missing: 'drop',
  });
  assert.deepEqual(defaultObjective('binary'), { metric: 'val_accuracy', use: 'best' });
  assert.deepEqual(defaultObjective('regression'), { metric: 'val_loss', use: 'best' });
});

test('schedule lengths follow the epochs', () => {
  assert.deepEqual(scheduleDefaults('CosineAnnealingLR', 400), { T_max: 400, eta_min: 0 });
  assert.deepEqual(scheduleDefaults('StepLR', 400), { step_size: 100, gamma: 0.1 });
  assert.deepEqual(scheduleDefaults('StepLR', 3), { step_size: 1, gamma: 0.1 });
  const gamma = scheduleDefaults('ExponentialLR', 50)['gamma']!;
  assert.ok(Math.abs(gamma ** 50 - 0.01) < 1e-4, String(gamma ** 50));
  // Not yet a positive integer (the user is typing): the settings for 100 epochs.
  assert.deepEqual(scheduleDefaults('CosineAnnealingLR', Number.NaN), { T_max: 100, eta_min: 0 });
  assert.deepEqual(scheduleDefaults('none', 10), {});
});

test('the default optimizers and schedules form a valid experiment', () => {
  for (const name of ['StepLR', 'ExponentialLR', 'CosineAnnealingLR'] as const) {
    const file = {
      data: { path: 'd.csv', target: 'y' },
      model: { type: 'linear' },
      optimizers: defaultOptimizers(),
      schedule: { name, ...scheduleDefaults(name, 30) },
    };
    const parsed = experimentFileSchema.safeParse(file);
    assert.ok(parsed.success, `${name}: ${JSON.stringify(parsed.error?.issues)}`);
  }
});
