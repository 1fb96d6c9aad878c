// The optimizer doctor on its corpus of real runs: each constructed problem is found, healthy runs
// get no diagnosis; and the evidence and remedies say what they should.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { diagnoseRun, type DoctorRun } from '../../../src/engine/doctor/diagnose';
import { CORPUS, diagnoseCase } from './corpus';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'doctor');

for (const c of CORPUS) {
  test(`doctor corpus — ${c.name}: ${c.expect ?? 'no diagnosis'}`, async () => {
    const d = await diagnoseCase(c, fixtures);
    if (c.expect === null) assert.deepEqual(d, []);
    else
      assert.ok(
        d.some((x) => x.kind === c.expect),
        JSON.stringify(d),
      );
  });
}

const run = (over: Partial<DoctorRun>): DoctorRun => ({
  status: 'done',
  stepLoss: [],
  stepGradNorm: [],
  epochTrainLoss: [],
  epochValidationLoss: [],
  divergedAtStep: null,
  deterministicSteps: true,
  ...over,
});

test('a diverged run says when, by how much, and offers the rate × 0.1', () => {
  const [d] = diagnoseRun(
    run({ status: 'diverged', stepLoss: [2, 1, 50, 4000], divergedAtStep: 3, epochTrainLoss: [2] }),
  );
  assert.equal(d?.kind, 'diverged');
  assert.deepEqual(d?.at, { step: 3, epoch: null });
  assert.match(d!.evidence, /reached 4000 at step 3, 2000 × the initial 2/);
  assert.equal(d?.lrFactor, 0.1);
});

test('overfitting points at the epoch of the lowest validation loss', () => {
  const val = [1, 0.5, 0.4, 0.45, 0.5, 0.6, 0.7];
  const train = [1, 0.5, 0.3, 0.2, 0.1, 0.05, 0.01];
  const d = diagnoseRun(run({ epochTrainLoss: train, epochValidationLoss: val }));
  assert.deepEqual(
    d.map((x) => [x.kind, x.at.epoch]),
    [['overfitting', 2]],
  );
});

test('cancelled and failed runs are not diagnosed', () => {
  assert.deepEqual(diagnoseRun(run({ status: 'cancelled', stepLoss: [1, NaN] })), []);
  assert.deepEqual(diagnoseRun(run({ status: 'failed' })), []);
});
