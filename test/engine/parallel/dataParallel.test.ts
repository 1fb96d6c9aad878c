// Simulated data-parallel training is exact: a dense exchange is single-process training on the
// same global batch, threshold 0 is the dense exchange, and error feedback loses nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { executeRun } from '../../../src/engine/runs/executeRun';
import { readProgress } from '../../../src/engine/runs/progressWire';
import type { RunResult } from '../../../src/protocol/runs';
import { prepareData, tempDir } from '../runs/runSpecs';

const SAMPLES = resolve(__dirname, '../../../samples');
const noCancel = () => new Int32Array(new SharedArrayBuffer(4));

/** Runs every configuration of an experiment on iris in this thread; one result per configuration. */
async function irisRuns(
  t: { after(fn: () => void): void },
  training: object,
  optimizers: object[] = [{ name: 'SGD', lr: 0.1, momentum: 0.9 }],
): Promise<RunResult[]> {
  const dir = tempDir(t);
  copyFileSync(join(SAMPLES, 'iris.csv'), join(dir, 'iris.csv'));
  const { layout, specs } = await prepareData(
    {
      data: { path: 'iris.csv', target: 'species', split: { validation: 0.2, seed: 1 } },
      model: { type: 'mlp', hidden: [8], activation: 'tanh' },
      training: { epochs: 15, batch_size: 24, seeds: [2], ...training },
      optimizers,
    },
    dir,
  );
  return specs.map((s) => executeRun(s, layout.data, noCancel(), () => {}));
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

function assertClose(a: RunResult, b: RunResult, tol: number, what: string): void {
  assert.equal(a.steps, b.steps, what);
  assert.ok(rel(a.finalTrainLoss!, b.finalTrainLoss!) <= tol, `${what}: final train loss`);
  assert.ok(rel(a.finalValidation!.loss, b.finalValidation!.loss) <= tol, `${what}: final val loss`);
  a.curves.stepLoss.forEach((l, i) => assert.ok(rel(l!, b.curves.stepLoss[i]!) <= tol, `${what}: step ${i}`));
  let scale = 0;
  for (const p of b.finalParams) scale = Math.max(scale, Math.abs(p!));
  a.finalParams.forEach((p, i) =>
    assert.ok(Math.abs(p! - b.finalParams[i]!) <= tol * scale, `${what}: parameter ${i}`),
  );
}

test('a dense exchange among 4 workers is single-process training on the same global batch (1e-12, float64)', async (t) => {
  const optimizers = [
    { name: 'SGD', lr: 0.1, momentum: 0.9 },
    { name: 'Adam', lr: 0.01, weight_decay: 0.01 },
  ];
  const single = await irisRuns(t, {}, optimizers);
  const dense = await irisRuns(t, { data_parallel: { workers: 4 } }, optimizers);
  single.forEach((s, i) => {
    assert.equal(s.traffic, undefined);
    assertClose(dense[i]!, s, 1e-12, `optimizer ${i}`);
  });
  // The step losses are the mean of the shards' losses, not bit-identical to the batch loss:
  // the comparison above is a real tolerance, not an identity.
  assert.notDeepEqual(dense[0]!.curves.stepLoss, single[0]!.curves.stepLoss);
});

test('full batch splits the training rows among the workers and still equals single-process training', async (t) => {
  const [single] = await irisRuns(t, { batch_size: null });
  const [dense] = await irisRuns(t, { batch_size: null, data_parallel: { workers: 3 } });
  assertClose(dense!, single!, 1e-12, 'full batch');
});

test('threshold 0 sends every component and equals the dense exchange exactly, with or without residuals', async (t) => {
  const [dense] = await irisRuns(t, { data_parallel: { workers: 2 } });
  for (const residual of [true, false]) {
    const [zero] = await irisRuns(t, {
      data_parallel: { workers: 2, compression: { kind: 'threshold', threshold: 0, residual } },
    });
    assert.deepEqual(zero!.finalParams, dense!.finalParams, `residual ${residual}`);
    assert.deepEqual(zero!.curves.stepLoss, dense!.curves.stepLoss);
    // Everything is sent, but as index + value pairs: twice the bytes of the dense float32 all-reduce.
    assert.equal(zero!.traffic!.compressionRatio, 0.5);
    assert.ok(zero!.curves.traffic!.stepDensity.every((d) => d === 1));
  }
});

test('live progress carries what the workers sent at each step, the same numbers as the curves', async (t) => {
  const dir = tempDir(t);
  copyFileSync(join(SAMPLES, 'iris.csv'), join(dir, 'iris.csv'));
  const { layout, specs } = await prepareData(
    {
      data: { path: 'iris.csv', target: 'species' },
      training: {
        epochs: 3,
        batch_size: 24,
        data_parallel: { workers: 2, compression: { kind: 'topk', fraction: 0.2 } },
      },
      optimizers: [{ name: 'SGD', lr: 0.1 }],
    },
    dir,
  );
  const seen: number[] = [];
  const r = executeRun(specs[0]!, layout.data, noCancel(), (p) => {
    for (const s of readProgress(p)!.steps) seen.push(s.traffic!.bytes);
  });
  assert.deepEqual(seen, r.curves.traffic!.stepBytes);
  assert.equal(seen.length, r.steps);
});

test('topk with fraction 1 is the dense exchange too', async (t) => {
  const [dense] = await irisRuns(t, { data_parallel: { workers: 2 } });
  const [all] = await irisRuns(t, {
    data_parallel: { workers: 2, compression: { kind: 'topk', fraction: 1 } },
  });
  assert.deepEqual(all!.finalParams, dense!.finalParams);
});

test('traffic accounting: dense is 4 bytes a component per worker, topk 8 bytes for each of ⌈f·n⌉ components', async (t) => {
  const [dense] = await irisRuns(t, { data_parallel: { workers: 4 } });
  const n = dense!.finalParams.length; // 4·8 + 8 + 8·3 + 3 = 67
  assert.equal(n, 67);
  const tr = dense!.traffic!;
  assert.equal(tr.workers, 4);
  assert.equal(tr.bytesSent, dense!.steps * 4 * 4 * n);
  assert.equal(tr.denseBytes, tr.bytesSent);
  assert.equal(tr.compressionRatio, 1);
  // Ring all-reduce: 2(K−1) latencies + 2(K−1)/K of the bytes at 10 Gbit/s, per step.
  const perStep = 2 * 3 * 50e-6 + ((2 * 3) / 4) * ((4 * n) / 1.25e9);
  assert.ok(rel(tr.simTimeS, dense!.steps * perStep) < 1e-12);

  const [topk] = await irisRuns(t, {
    data_parallel: { workers: 4, compression: { kind: 'topk', fraction: 0.1 } },
  });
  const k = Math.ceil(0.1 * n); // 7
  assert.equal(topk!.traffic!.bytesSent, topk!.steps * 4 * 8 * k);
  assert.equal(topk!.traffic!.valuesSent, topk!.steps * 4 * k);
  assert.ok(rel(topk!.traffic!.compressionRatio!, (4 * n) / (8 * k)) < 1e-12);
  assert.ok(topk!.curves.traffic!.stepDensity.every((d) => rel(d, k / n) < 1e-12));
  assert.equal(topk!.curves.traffic!.stepBytes.length, topk!.steps);
});

test('DGC warm-up: epoch e < W sends 4^(W − e) times the final fraction', async (t) => {
  const [run] = await irisRuns(t, {
    epochs: 4,
    data_parallel: { workers: 2, compression: { kind: 'topk', fraction: 0.01, warmup_epochs: 2 } },
  });
  const n = run!.finalParams.length;
  const perEpoch = 5;
  const density = run!.curves.traffic!.stepDensity;
  const expect = [0.16, 0.04, 0.01, 0.01].map((f) => Math.max(1, Math.ceil(f * n - 1e-9)) / n);
  for (let e = 0; e < 4; e++)
    for (let b = 0; b < perEpoch; b++) assert.equal(density[e * perEpoch + b], expect[e], `epoch ${e}`);
});

test('sparsified runs train: threshold and topk with residuals end near dense on iris', async (t) => {
  const [dense] = await irisRuns(t, { epochs: 40, data_parallel: { workers: 2 } });
  const [topk] = await irisRuns(t, {
    epochs: 40,
    data_parallel: { workers: 2, compression: { kind: 'topk', fraction: 0.1 } },
  });
  const [threshold] = await irisRuns(t, {
    epochs: 40,
    data_parallel: { workers: 2, compression: { kind: 'threshold', threshold: 0.01 } },
  });
  for (const r of [topk!, threshold!]) {
    assert.equal(r.status, 'done');
    assert.ok(r.traffic!.compressionRatio! > 1, `ratio ${r.traffic!.compressionRatio}`);
    assert.ok(r.finalValidation!.loss < 2 * dense!.finalValidation!.loss + 0.05);
  }
});

test('momentum correction sends the locally accumulated momentum; sending everything resets it every step (momentum factor masking)', async (t) => {
  // With every component sent, DGC's masking clears each worker's momentum after every step, so
  // momentum-corrected SGD(momentum 0.9) is plain SGD on the dense exchange.
  const [plain] = await irisRuns(t, { data_parallel: { workers: 2 } }, [{ name: 'SGD', lr: 0.1 }]);
  const [corrected] = await irisRuns(t, {
    data_parallel: {
      workers: 2,
      compression: { kind: 'threshold', threshold: 0, momentum_correction: true },
    },
  });
  assertClose(corrected!, plain!, 1e-12, 'masked momentum');
  // With sparsification the momentum survives where nothing was sent, and the run differs.
  const [sparse] = await irisRuns(t, {
    data_parallel: { workers: 2, compression: { kind: 'topk', fraction: 0.2, momentum_correction: true } },
  });
  assert.equal(sparse!.status, 'done');
  assert.notDeepEqual(sparse!.finalParams, plain!.finalParams);
});

test('a last batch with fewer rows than workers is refused with the numbers', async (t) => {
  // 120 training rows in batches of 112: the last batch holds 8 rows, one for each of 8 workers
  // but none for half of 16.
  await assert.rejects(
    irisRuns(t, { batch_size: 112, data_parallel: { workers: 16 } }),
    /last batch of each epoch has 8 rows \(120 training rows, batch_size 112\), fewer than the 16 workers/,
  );
});
