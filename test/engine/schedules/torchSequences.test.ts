import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/engine/errors';
import { assertClose, build, checkAt, sequences, stepOnce } from './replay';
const REL = 1e-12;

test('the fixture covers every scheduler', () => {
  const names = new Set(sequences.map((c) => c.scheduler.name));
  for (const n of [
    'StepLR',
    'MultiStepLR',
    'ExponentialLR',
    'CosineAnnealingLR',
    'CosineAnnealingWarmRestarts',
    'OneCycleLR',
    'LinearLR',
    'ReduceLROnPlateau',
    'SequentialLR',
  ]) {
    assert.ok(names.has(n), n);
  }
});

for (const c of sequences.filter((s) => !s.error)) {
  test(`torch sequence ${c.case}`, () => {
    const { group, sched } = build(c);
    for (let k = 0; k <= c.steps; k++) {
      checkAt(c, group, k, REL);
      if (k < c.steps) stepOnce(c, sched, k);
    }
    if (c.last_lr !== undefined) assertClose(sched.getLastLr(), c.last_lr, REL, `${c.case}: get_last_lr`);
  });
}

test('OneCycleLR raises when stepped beyond total_steps, after the same values as torch', () => {
  const c = sequences.find((s) => s.case === 'onecycle_overstep')!;
  const { group, sched } = build(c);
  const n = c.error!.after_steps;
  for (let k = 0; k < n; k++) {
    checkAt(c, group, k, REL);
    sched.step();
  }
  checkAt(c, group, n, REL);
  // torch 1.13 says "Tried to step 12 times" here; torch 2.x reports last_epoch, one less.
  assert.match(c.error!.message, /^Tried to step 12 times\. The specified number of total steps is 10$/);
  assert.throws(
    () => sched.step(),
    (e) =>
      e instanceof ConfigError &&
      e.message === 'Tried to step 11 times. The specified number of total steps is 10',
  );
  assert.equal(group.lr, c.lr![n], 'a refused step leaves the lr alone');
});

test('OneCycleLR refuses configurations torch refuses, with its words', () => {
  const adagrad = sequences.find((s) => s.case === 'onecycle_adagrad_cycle_momentum')!;
  assert.equal(adagrad.error!.after_steps, -1);
  // torch 1.13: "optimizer must support momentum with ..."; torch 2.x added "or beta1".
  assert.match(
    adagrad.error!.message,
    /^optimizer must support momentum with `cycle_momentum` option enabled$/,
  );
  assert.throws(
    () => build(adagrad),
    (e) =>
      e instanceof ConfigError &&
      e.message === 'optimizer must support momentum or beta1 with `cycle_momentum` option enabled',
  );
  const empty = sequences.find((s) => s.case === 'onecycle_empty_phase')!;
  assert.equal(empty.error!.after_steps, -1);
  assert.throws(
    () => build(empty),
    (e) => e instanceof ConfigError && e.message.includes(empty.error!.message),
  );
});
