// A worker that dies takes only its own job with it: the job fails with a message that says why,
// and the pool replaces the worker so the queue goes on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { RunPool, type PoolOutcome } from '../../../src/engine/runs/runPool';
import { parseRunResult } from '../../../src/engine/runs/resultWire';
import { WORKER, prepareData, surfaceSpec, tempDir, writeRegressionCsv } from './runSpecs';

const FIXTURES = resolve('test/fixtures/workers');

/** Runs a job on a crashing fixture worker; the fixture reports its thread id before it dies. */
async function crashJob(pool: RunPool, runId: string): Promise<{ outcome: PoolOutcome; threadId: number }> {
  let threadId = -1;
  const outcome = await pool.submit({ runId, spec: {}, data: null }, (p) => {
    threadId = (p as { threadId: number }).threadId;
  });
  return { outcome, threadId };
}

for (const [script, expected] of [
  ['exitOnMessage.js', 'the worker exited with code 3'],
  ['throwAsync.js', 'the worker crashed: boom'],
] as const) {
  test(
    `crash (${script}): the job fails with "${expected}" and the worker is replaced`,
    { timeout: 20_000 },
    async (t) => {
      const pool = new RunPool({ workerPath: resolve(FIXTURES, script), size: 1 });
      t.after(() => pool.close());
      const first = await crashJob(pool, 'a');
      assert.deepEqual(first.outcome, { kind: 'failed', message: expected });
      // The next job goes to a new thread (the same script, so it dies the same way), and does not hang.
      const second = await crashJob(pool, 'b');
      assert.deepEqual(second.outcome, { kind: 'failed', message: expected });
      assert.ok(first.threadId > 0 && second.threadId > 0, 'both jobs reached a worker');
      assert.notEqual(second.threadId, first.threadId, 'a replacement worker ran the second job');
      assert.equal(pool.size, 1, 'replaced, not added');
      // Jobs queued behind a crash are dispatched to the replacements in turn.
      const queued = await Promise.all(['c', 'd', 'e'].map((id) => crashJob(pool, id)));
      for (const q of queued) assert.deepEqual(q.outcome, { kind: 'failed', message: expected });
      assert.equal(new Set(queued.map((q) => q.threadId)).size, 3, 'one fresh worker per job');
    },
  );
}

test('real worker: an invalid spec fails with a readable message; the next job on the pool succeeds', async (t) => {
  const pool = new RunPool({ workerPath: WORKER, size: 1 });
  t.after(() => pool.close());
  const bad = { ...surfaceSpec(10), seed: 'one', optimizer: { name: 'Adam', lr: -1 } };
  const failed = await pool.submit({ runId: 'bad', spec: bad, data: null });
  assert.deepEqual(failed, {
    kind: 'failed',
    message:
      'invalid run spec: seed: Invalid input: expected number, received string; ' +
      'optimizer.lr: must be >= 0, got -1 (torch: Invalid learning rate: -1)',
  });
  // A spec that validates but cannot be built fails in executeRun, with the engine's own message.
  const unknown = await pool.submit({
    runId: 'unknown',
    spec: { ...surfaceSpec(10), problem: { ...surfaceSpec(10).problem, name: 'nope' } },
    data: null,
  });
  assert.equal(unknown.kind, 'failed');
  assert.match(
    (unknown as { message: string }).message,
    /^Unknown surface: "nope"; expected one of rosenbrock/,
  );
  // A data run sent without its data.
  const { specs } = await prepareDataFor(t);
  const noData = await pool.submit({ runId: 'no-data', spec: specs[0], data: null });
  assert.deepEqual(noData, { kind: 'failed', message: 'a data-set run needs its shared data' });

  const ok = await pool.submit({ runId: 'ok', spec: surfaceSpec(50), data: null });
  assert.equal(ok.kind, 'result');
  const r = parseRunResult((ok as { result: unknown }).result);
  assert.equal(r.status, 'done');
  assert.equal(r.steps, 50);
});

async function prepareDataFor(t: { after(fn: () => void): void }) {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 20);
  return prepareData(
    {
      data: { path: 'data.csv', target: 'y' },
      training: { epochs: 2 },
      optimizers: [{ name: 'SGD', lr: 0.1 }],
    },
    dir,
  );
}

test(
  'out of memory: a worker over its heap limit fails its job with "memory"; the pool goes on',
  { timeout: 30_000 },
  async (t) => {
    const dir = tempDir(t);
    writeRegressionCsv(dir, 20);
    // 1024 × 1024 hidden weights: about a million parameters, far beyond a 16 MB heap once the
    // result is built as arrays (initial and final parameters, 8 MB each).
    const { layout, specs } = await prepareData(
      {
        data: { path: 'data.csv', target: 'y' },
        model: { type: 'mlp', hidden: [1024, 1024] },
        training: { epochs: 1 },
        optimizers: [{ name: 'Adam', lr: 0.001 }],
      },
      dir,
    );
    const pool = new RunPool({ workerPath: WORKER, size: 1, resourceLimits: { maxOldGenerationSizeMb: 16 } });
    t.after(() => pool.close());
    const oom = await pool.submit({ runId: 'big', spec: specs[0], data: { ...layout.data } });
    assert.equal(oom.kind, 'failed');
    const message = (oom as { message: string }).message;
    t.diagnostic(message);
    assert.match(message, /memory/);

    const next = await pool.submit({ runId: 'small', spec: surfaceSpec(100), data: null });
    assert.equal(next.kind, 'result', 'the replacement worker runs the next job');
    assert.equal(parseRunResult((next as { result: unknown }).result).status, 'done');
  },
);
