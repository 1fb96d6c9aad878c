// Live progress is throttled at the source by its own clock (at most 20 messages a second per run),
// packed into columns, and read back point for point: the messages are throttled, never the data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgressBatcher } from '../../../src/engine/runs/progressBatcher';
import { readProgress } from '../../../src/engine/runs/progressWire';
import type { PackedProgress } from '../../../src/protocol/progressWire';
import type { RunProgress } from '../../../src/protocol/runs';

/** A batcher on a clock the test moves; returns what it sent, read back as the host reads it. */
function batcherWithClock() {
  let now = 0;
  const sent: PackedProgress[] = [];
  const b = new ProgressBatcher(
    (p) => sent.push(p),
    undefined,
    () => now,
  );
  return {
    b,
    sent,
    advance: (ms: number) => (now += ms),
    read: (): RunProgress[] => sent.map((p) => readProgress(structuredClone(p))!),
  };
}

test('a run of 100,000 steps in one second of its clock sends at most 20 messages plus the final one', () => {
  const { b, sent, advance, read } = batcherWithClock();
  const N = 100_000;
  for (let i = 0; i < N; i++) {
    b.step({
      step: i,
      epoch: Math.floor(i / 1000),
      loss: i === 5 ? NaN : 1 / (i + 1),
      lr: 0.01,
      gradNorm: i,
    });
    if (i % 1000 === 999)
      b.epoch({
        epoch: Math.floor(i / 1000),
        step: i + 1,
        trainLoss: i === 1999 ? Infinity : 1 / i,
        validation: { loss: 2 / i, metrics: { accuracy: 0.5 } },
        elapsedMs: i / 100,
      });
    advance(1000 / N);
  }
  b.flush();
  assert.ok(sent.length <= 21, `${sent.length} messages in one second`);
  const got = read();
  const steps = got.flatMap((m) => m.steps);
  const epochs = got.flatMap((m) => m.epochs);
  assert.equal(steps.length, N, 'every step point arrives');
  assert.deepEqual(
    steps.map((s) => s.step),
    Array.from({ length: N }, (_, i) => i),
  );
  assert.equal(steps.at(-1)!.loss, 1 / N, 'the final state is delivered');
  assert.equal(steps[5]!.loss, null, 'a non-finite loss arrives as null');
  assert.equal(steps[7]!.gradNorm, 7);
  assert.equal(epochs.length, 100);
  assert.deepEqual(epochs[0], {
    epoch: 0,
    step: 1000,
    trainLoss: 1 / 999,
    validation: { loss: 2 / 999, metrics: { accuracy: 0.5 } },
    elapsedMs: 9.99,
  });
  assert.equal(epochs[1]!.trainLoss, null);
  assert.deepEqual(
    epochs.map((e) => e.epoch),
    Array.from({ length: 100 }, (_, i) => i),
  );
});

test('the first point is sent at once, and nothing is held back at a flush', () => {
  const { b, sent, advance, read } = batcherWithClock();
  b.step({ step: 0, epoch: 0, loss: 1, lr: 0.1, gradNorm: 1 });
  assert.equal(sent.length, 1, 'a run shows it started without waiting a whole interval');
  advance(10);
  b.step({ step: 1, epoch: 0, loss: 1, lr: 0.1, gradNorm: 1 });
  b.rows(50, 100, 'train');
  assert.equal(sent.length, 1);
  b.flush();
  b.flush(); // nothing pending: nothing sent
  assert.equal(sent.length, 2);
  const [, last] = read();
  assert.deepEqual(
    last!.steps.map((s) => s.step),
    [1],
  );
  assert.deepEqual(last!.rows, { read: 50, total: 100, pass: 'train' });
  assert.deepEqual(last!.epochs, []);
});

test('data-parallel traffic travels with its steps; a step without it has none', () => {
  const { b, read } = batcherWithClock();
  b.step({ step: 0, epoch: 0, loss: 1, lr: 0.1, gradNorm: 1 });
  b.step({ step: 1, epoch: 0, loss: 1, lr: 0.1, gradNorm: 1 }, { bytes: 400, density: 0.25, commS: 0.001 });
  b.step({ step: 2, epoch: 0, loss: 1, lr: 0.1, gradNorm: 1 });
  b.flush();
  const steps = read().flatMap((m) => m.steps);
  assert.equal(steps[0]!.traffic, undefined);
  assert.deepEqual(steps[1]!.traffic, { bytes: 400, density: 0.25, commS: 0.001 });
  assert.equal(steps[2]!.traffic, undefined);
});

test('a malformed progress message is refused, including the old array-of-objects form', () => {
  const { b, sent } = batcherWithClock();
  b.step({ step: 0, epoch: 0, loss: 1, lr: 0.1, gradNorm: 1 });
  const good = sent[0]!;
  assert.ok(readProgress(good));
  const short = { ...good, steps: { ...good.steps, lr: new Float64Array(0) } };
  assert.equal(readProgress(short), null, 'columns of different lengths');
  const farEpoch = {
    ...good,
    epochs: { ...good.epochs, validation: [{ at: 3, loss: 1, metrics: {} }] },
  };
  assert.equal(readProgress(farEpoch), null, 'a validation result for an epoch not in the batch');
  assert.equal(
    readProgress({ steps: [{ step: 0, epoch: 0, loss: 1, lr: 0.1, gradNorm: 1 }], epochs: [] }),
    null,
  );
  assert.equal(readProgress(null), null);
});

test('read progress serialises with its points (a webview message is JSON)', () => {
  const { b, sent } = batcherWithClock();
  b.step({ step: 0, epoch: 0, loss: 1, lr: 0.1, gradNorm: 1 });
  const p = readProgress(sent[0]!)!;
  assert.deepEqual(JSON.parse(JSON.stringify(p)), {
    steps: [{ step: 0, epoch: 0, loss: 1, lr: 0.1, gradNorm: 1 }],
    epochs: [],
  });
});
