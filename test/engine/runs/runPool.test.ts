// The run pool with the real worker bundle: progress order and batching, cancellation of running
// and queued jobs. Crashes are in poolCrash.test.ts.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { RunPool, type PoolOutcome } from '../../../src/engine/runs/runPool';
import type { RunProgress, RunResult } from '../../../src/protocol/runs';
import { parseRunResult } from '../../../src/engine/runs/resultWire';
import { readProgress } from '../../../src/engine/runs/progressWire';
import { WORKER, prepareData, surfaceSpec, tempDir, writeRegressionCsv } from './runSpecs';

function resultOf(o: PoolOutcome): RunResult {
  assert.equal(o.kind, 'result', o.kind === 'failed' ? o.message : o.kind);
  return parseRunResult((o as { result: unknown }).result);
}

/** Submits a job and keeps every progress message, noting any that arrives after the outcome. */
async function runCollecting(pool: RunPool, runId: string, spec: unknown, data: PoolJobData = null) {
  const messages: RunProgress[] = [];
  let settled = false;
  let late = 0;
  const outcome = await pool.submit({ runId, spec, data }, (p) => {
    if (settled) late++;
    const progress = readProgress(p);
    assert.ok(progress, 'a well-formed progress message');
    messages.push(progress);
  });
  settled = true;
  // A stray message after the result would arrive before the next job's result: the (one)
  // worker's port is read in order. So one more job flushes out whatever the run sent.
  await pool.submit({ runId: `${runId}-after`, spec: surfaceSpec(1), data: null });
  return { outcome, messages, late: () => late };
}
type PoolJobData = Record<string, SharedArrayBuffer> | null;

// One pool for the tests that leave it usable (a worker starts in about half a second under tsx).
// A message the worker sent after its result would be dropped and reported here.
const protocolErrors: string[] = [];
const pool = new RunPool({ workerPath: WORKER, size: 1, onProtocolError: (m) => protocolErrors.push(m) });
after(() => pool.close());

function strictlyIncreasing(xs: number[]): boolean {
  return xs.every((x, i) => i === 0 || x > xs[i - 1]!);
}

test('progress: a 20k-step surface run streams every step once, in order, in few batches', async (t) => {
  const N = 20_000;
  const { outcome, messages, late } = await runCollecting(pool, 'c0-s0', surfaceSpec(N));
  const r = resultOf(outcome);
  assert.equal(r.status, 'done');
  assert.equal(r.steps, N);
  assert.equal(late(), 0, 'no progress after the result');
  assert.deepEqual(protocolErrors, [], 'nothing after the result, nothing malformed');

  const steps = messages.flatMap((m) => m.steps);
  const epochs = messages.flatMap((m) => m.epochs);
  assert.deepEqual(
    steps.map((s) => s.step),
    Array.from({ length: N }, (_, i) => i),
    'every step exactly once, in order',
  );
  // Each message carries a contiguous, later slice than the one before.
  for (let i = 1; i < messages.length; i++) {
    const prev = messages[i - 1]!.steps.at(-1);
    const first = messages[i]!.steps[0];
    if (prev && first) assert.equal(first.step, prev.step + 1);
  }
  // A surface run is one step per epoch: an epoch event after every step.
  assert.ok(strictlyIncreasing(epochs.map((e) => e.epoch)));
  assert.equal(epochs.length, N);
  assert.deepEqual(
    epochs.slice(0, 3).map((e) => [e.epoch, e.step]),
    [
      [0, 1],
      [1, 2],
      [2, 3],
    ],
  );
  // The streamed points are the result's curves, point for point.
  assert.deepEqual(
    steps.map((s) => s.loss),
    r.curves.stepLoss,
  );
  assert.deepEqual(
    steps.map((s) => s.lr),
    r.curves.stepLr,
  );
  // Batched (at most 20 messages a second: progressBatcher.test.ts with its own clock); the time
  // is reported, not asserted.
  t.diagnostic(`${N} steps in ${r.elapsedMs.toFixed(0)} ms arrived in ${messages.length} messages`);
  assert.ok(messages.length < N / 100, `${messages.length} messages for ${N} steps`);
});

test('progress: a data run of N steps reports N step points and one epoch event per epoch', async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 40);
  // 40 rows, 20 % validation: 32 training rows in batches of 8 = 4 steps an epoch.
  const { layout, specs } = await prepareData(
    {
      data: { path: 'data.csv', target: 'y', split: { validation: 0.2, seed: 0 } },
      training: { epochs: 7, batch_size: 8, seeds: [0] },
      optimizers: [{ name: 'SGD', lr: 0.05, momentum: 0.9 }],
    },
    dir,
  );
  assert.equal(layout.trainRows, 32);
  const spec = specs[0]!;
  const { outcome, messages, late } = await runCollecting(pool, spec.runId, spec, { ...layout.data });
  const r = resultOf(outcome);
  assert.equal(r.status, 'done');
  assert.equal(r.steps, 28);
  assert.equal(late(), 0);
  assert.deepEqual(protocolErrors, []);
  const steps = messages.flatMap((m) => m.steps);
  const epochs = messages.flatMap((m) => m.epochs);
  assert.equal(steps.length, r.steps);
  assert.deepEqual(
    steps.map((s) => [s.step, s.epoch]),
    Array.from({ length: 28 }, (_, i) => [i, Math.floor(i / 4)]),
  );
  assert.deepEqual(
    epochs.map((e) => [e.epoch, e.step]),
    Array.from({ length: 7 }, (_, e) => [e, 4 * (e + 1)]),
  );
  for (const e of epochs)
    assert.ok(e.validation && Number.isFinite(e.validation.loss), 'validation each epoch');
  // The streamed epoch losses are the result's curve after its initial point.
  assert.deepEqual(
    epochs.map((e) => e.trainLoss),
    r.curves.epochTrainLoss.slice(1),
  );
});

test('cancel: a running 3·10^6-step run stops partway and keeps its partial curves (its latency is reported, not asserted: timings belong to the bench)', async (t) => {
  const N = 3_000_000;
  let cancelledAt = 0;
  // Cancelled at the first message once the loop is hot (10k steps), not at step 0. The latency
  // includes sending the partial curves back, which grows with the steps taken: 20–50 ms here,
  // seconds for a run cancelled after millions of steps (the curves travel as plain arrays).
  const outcome = await pool.submit({ runId: 'long', spec: surfaceSpec(N), data: null }, (p) => {
    const last = readProgress(p)!.steps.at(-1)?.step ?? 0;
    if (cancelledAt === 0 && last >= 10_000) {
      cancelledAt = performance.now();
      pool.cancel('long');
    }
  });
  const latency = performance.now() - cancelledAt;
  const r = resultOf(outcome);
  t.diagnostic(`cancel latency ${latency.toFixed(1)} ms (run stopped after ${r.steps} steps)`);
  assert.ok(cancelledAt > 0, 'the run sent progress');
  assert.equal(r.status, 'cancelled');
  assert.ok(r.steps > 10_000 && r.steps < N, `steps ${r.steps}`);
  assert.equal(r.curves.stepLoss.length, r.steps);
  assert.equal(r.curves.stepLr.length, r.steps);
  assert.equal(r.curves.stepGradNorm.length, r.steps);
  assert.equal(r.curves.trajectory!.length, (r.steps + 1) * 2, 'trajectory: steps + 1 points of (x, y)');
});

test('cancel: a queued job ends "cancelled-queued" without starting; cancelAll stops everything', async () => {
  const started = new Set<string>();
  let xStarted = (): void => {};
  const xRunning = new Promise<void>((r) => (xStarted = r));
  const submit = (runId: string, steps: number) =>
    pool.submit({ runId, spec: surfaceSpec(steps), data: null }, () => {
      started.add(runId);
      if (runId === 'x') xStarted();
    });

  // One worker: "a" runs, "b" waits behind it and is cancelled there.
  const a = submit('a', 2000);
  const b = submit('b', 2000);
  pool.cancel('b');
  assert.deepEqual(await b, { kind: 'cancelled-queued' });
  const ra = resultOf(await a);
  assert.equal(ra.status, 'done', 'cancelling b leaves a alone');
  assert.equal(ra.steps, 2000);
  assert.ok(!started.has('b'), 'b never started');
  pool.cancel('no-such-run'); // unknown ids are ignored

  // cancelAll: the running job stops at its next step, the queued ones never start.
  const jobs = ['x', 'y', 'z'].map((id) => submit(id, 3_000_000));
  await xRunning; // its first progress message
  pool.cancelAll();
  const [x, y, z] = await Promise.all(jobs);
  assert.equal(resultOf(x!).status, 'cancelled');
  assert.deepEqual(y, { kind: 'cancelled-queued' });
  assert.deepEqual(z, { kind: 'cancelled-queued' });
  assert.ok(!started.has('y') && !started.has('z'));

  // The pool goes on after cancellations.
  const after = resultOf(await submit('after', 100));
  assert.equal(after.status, 'done');
  assert.equal(after.steps, 100);
});

test('close: jobs still queued or running end as failed; a closed pool refuses new jobs', async () => {
  const own = new RunPool({ workerPath: WORKER, size: 1 });
  const running = own.submit({ runId: 'r', spec: surfaceSpec(3_000_000), data: null });
  const queued = own.submit({ runId: 'q', spec: surfaceSpec(10), data: null });
  await own.close();
  assert.deepEqual(await queued, { kind: 'failed', message: 'the run pool was closed' });
  assert.deepEqual(await running, { kind: 'failed', message: 'the run pool was closed' });
  assert.deepEqual(await own.submit({ runId: 'late', spec: {}, data: null }), {
    kind: 'failed',
    message: 'the run pool is closed',
  });
});
