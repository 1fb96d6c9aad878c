import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build, checkAt, momentumOf, sequences, stepOnce } from './replay';

// Save mid-sequence through JSON (as a run record on disk would), load into a scheduler freshly
// built on a fresh group, and both must go on exactly as torch did. A setState that restored
// nothing would restart the schedule and fail against torch's second half.
for (const c of sequences.filter((s) => !s.error)) {
  test(`save and restore mid-sequence: ${c.case}`, () => {
    const half = Math.floor(c.steps / 2);
    const a = build(c);
    for (let k = 0; k < half; k++) stepOnce(c, a.sched, k);
    const saved = JSON.parse(JSON.stringify(a.sched.getState())) as Record<string, unknown>;
    const b = build(c);
    b.sched.setState(saved);
    for (let k = half; k <= c.steps; k++) {
      checkAt(c, b.group, k, 1e-12);
      assert.equal(b.group.lr, a.group.lr, `${c.case}: lr before step ${k}`);
      assert.equal(momentumOf(b.group), momentumOf(a.group), `${c.case}: momentum before step ${k}`);
      if (k < c.steps) {
        stepOnce(c, a.sched, k);
        stepOnce(c, b.sched, k);
      }
    }
    assert.equal(b.sched.getLastLr(), a.sched.getLastLr());
  });
}

test('a state is refused by a different kind of scheduler', () => {
  const step = build(sequences.find((s) => s.scheduler.name === 'StepLR')!);
  const exp = build(sequences.find((s) => s.scheduler.name === 'ExponentialLR')!);
  assert.throws(
    () => exp.sched.setState(step.sched.getState()),
    /saved by StepLR, loading into ExponentialLR/,
  );
});
