import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/engine/errors';
import { createScheduler } from '../../../src/engine/schedules/index';
import type { ScheduleConfig } from '../../../src/protocol/schedules';
import { scheduleConfigSchema } from '../../../src/protocol/schedules';
import { momentumOf, paramGroup, sequences } from './replay';

const ctx = { stepsPerEpoch: 1, epochs: 1 };

function lrsOf(
  config: ScheduleConfig,
  context: { stepsPerEpoch: number; epochs: number },
  steps: number,
): number[] {
  const group = paramGroup('Adam', { lr: 0.01 });
  const sched = createScheduler(config, group, context);
  const out = [group.lr];
  for (let k = 0; k < steps; k++) {
    sched.step();
    out.push(group.lr);
  }
  return out;
}

test('OneCycleLR without a length takes the run length: epochs × batches per step, epochs per epoch', () => {
  // torch recorded this cycle with epochs=4, steps_per_epoch=6 (24 steps).
  const c = sequences.find((s) => s.case === 'onecycle_adam_epochs_no_cycle_momentum')!;
  const kw = { max_lr: 0.02, cycle_momentum: false, div_factor: 10, final_div_factor: 100 };
  const perStep = scheduleConfigSchema.parse({ name: 'OneCycleLR', ...kw, interval: 'step' });
  assert.deepEqual(lrsOf(perStep, { stepsPerEpoch: 6, epochs: 4 }, 24), c.lr);
  const perEpoch = scheduleConfigSchema.parse({ name: 'OneCycleLR', ...kw, interval: 'epoch' });
  assert.deepEqual(lrsOf(perEpoch, { stepsPerEpoch: 99, epochs: 24 }, 24), c.lr);
});

test('OneCycleLR with only one of epochs / steps_per_epoch is torch error', () => {
  const config = scheduleConfigSchema.parse({ name: 'OneCycleLR', max_lr: 0.1, epochs: 3 });
  assert.throws(
    () => createScheduler(config, paramGroup('SGD', { momentum: 0.9 }), ctx),
    (e) =>
      e instanceof ConfigError &&
      e.message === 'You must define either total_steps OR (epochs AND steps_per_epoch)',
  );
});

test('settings torch refuses throw ConfigError with torch wording', () => {
  const cases: [ScheduleConfig, string][] = [
    [
      { name: 'LinearLR', start_factor: 0, end_factor: 1, total_iters: 5, interval: 'epoch' },
      'Starting multiplicative factor expected to be greater than 0 and less or equal to 1.',
    ],
    [
      { name: 'LinearLR', start_factor: 0.5, end_factor: 1.5, total_iters: 5, interval: 'epoch' },
      'Ending multiplicative factor expected to be between 0 and 1.',
    ],
    [
      { name: 'CosineAnnealingWarmRestarts', T_0: 0, T_mult: 1, eta_min: 0, interval: 'epoch' },
      'Expected positive integer T_0, but got 0',
    ],
    [
      { name: 'CosineAnnealingWarmRestarts', T_0: 3, T_mult: 1.5, eta_min: 0, interval: 'epoch' },
      'Expected integer T_mult >= 1, but got 1.5',
    ],
    [
      { ...scheduleConfigSchema.parse({ name: 'ReduceLROnPlateau' }), factor: 1 } as ScheduleConfig,
      'Factor should be < 1.0.',
    ],
    [
      { ...scheduleConfigSchema.parse({ name: 'OneCycleLR', max_lr: 1 }), pct_start: 1.5 } as ScheduleConfig,
      'Expected float between 0 and 1 pct_start, but got 1.5',
    ],
  ];
  for (const [config, message] of cases) {
    assert.throws(
      () =>
        createScheduler(config, paramGroup('SGD', { lr: 0.1, momentum: 0.9 }), {
          stepsPerEpoch: 2,
          epochs: 3,
        }),
      (e) => e instanceof ConfigError && e.message === message,
      message,
    );
  }
});

test('initial_lr is set when absent and kept when present, as torch setdefault does', () => {
  const fresh = paramGroup('SGD', { lr: 0.1 });
  createScheduler(scheduleConfigSchema.parse({ name: 'ExponentialLR', gamma: 0.5 }), fresh, ctx);
  assert.equal(fresh.initial_lr, 0.1);
  // CosineAnnealingLR anneals from the base lr; with initial_lr 1 and lr 0.1, T_max 1 climbs back
  // by (base − eta_min)·(1 − cos(π))/2 = base at t = 2: 0.1 → 0 → 1.
  const kept = { ...paramGroup('SGD', { lr: 0.1 }), initial_lr: 1 };
  const sched = createScheduler(
    scheduleConfigSchema.parse({ name: 'CosineAnnealingLR', T_max: 1 }),
    kept,
    ctx,
  );
  assert.equal(kept.initial_lr, 1);
  assert.equal(kept.lr, 0.1);
  sched.step();
  assert.equal(kept.lr, 0);
  sched.step();
  assert.equal(kept.lr, 1);
});

test('ReduceLROnPlateau leaves the group untouched at construction and needs a metric to step', () => {
  const group = paramGroup('SGD', { lr: 0.1 });
  const sched = createScheduler(scheduleConfigSchema.parse({ name: 'ReduceLROnPlateau' }), group, ctx);
  assert.equal(group.initial_lr, undefined);
  assert.equal(sched.getLastLr(), 0.1);
  assert.throws(() => sched.step(), TypeError);
});

test("OneCycleLR replaces Adam's betas instead of writing into an array the config may share", () => {
  const betas: [number, number] = [0.9, 0.999];
  const group = { ...paramGroup('Adam', { lr: 0.01 }), betas };
  createScheduler(
    scheduleConfigSchema.parse({ name: 'OneCycleLR', max_lr: 0.1, total_steps: 10 }),
    group,
    ctx,
  );
  assert.deepEqual(betas, [0.9, 0.999]);
  assert.equal(momentumOf(group), 0.95);
  assert.equal('betas' in group && group.betas[1], 0.999);
});
