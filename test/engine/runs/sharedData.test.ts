// The data set is copied once into SharedArrayBuffers; every run, in this thread or a worker,
// reads that memory through views and never copies it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { executeRun } from '../../../src/engine/runs/executeRun';
import { RunPool, type PoolJob } from '../../../src/engine/runs/runPool';
import { runExperiment } from '../../../src/engine/runs/runExperiment';
import { readProgress } from '../../../src/engine/runs/progressWire';
import type { RunSpec } from '../../../src/protocol/runs';
import { parseRunResult } from '../../../src/engine/runs/resultWire';
import { WORKER, experiment, prepareData, tempDir, writeRegressionCsv, type PreparedData } from './runSpecs';

async function regression(
  t: { after(fn: () => void): void },
  training: object,
  precision: 'float32' | 'float64' = 'float64',
): Promise<PreparedData> {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 40);
  return prepareData(
    {
      data: { path: 'data.csv', target: 'y', split: { validation: 0.25, seed: 3 } },
      training: { seeds: [0], precision, ...training },
      optimizers: [{ name: 'SGD', lr: 0.01 }],
    },
    dir,
  );
}

for (const precision of ['float64', 'float32'] as const) {
  test(`shareSplits (${precision}): training rows first, then validation rows, values as in the data set`, async (t) => {
    const { dataset, layout } = await regression(t, { epochs: 1 }, precision);
    const { train, validation } = dataset.splits;
    const nf = dataset.nFeatures;
    assert.equal(layout.trainRows, train.length);
    assert.equal(layout.validationRows, validation.length);
    assert.equal(train.length + validation.length, 40);
    // Validation rows are drawn from all over the file, so the buffers really are reordered.
    assert.ok(Math.min(...validation) < Math.max(...train), 'validation rows interleave training rows');
    const f32 = precision === 'float32';
    assert.ok(dataset.X instanceof (f32 ? Float32Array : Float64Array));
    assert.ok(layout.data.X instanceof SharedArrayBuffer && layout.data.y instanceof SharedArrayBuffer);
    const X = f32 ? new Float32Array(layout.data.X) : new Float64Array(layout.data.X);
    const y = f32 ? new Float32Array(layout.data.y) : new Float64Array(layout.data.y);
    assert.equal(X.length, 40 * nf);
    assert.equal(y.length, 40);
    [...train, ...validation].forEach((row, i) => {
      assert.deepEqual(
        X.subarray(i * nf, (i + 1) * nf),
        dataset.X.subarray(row * nf, (row + 1) * nf),
        `row ${i}`,
      );
      assert.equal(y[i], dataset.y[row], `target ${i}`);
    });
  });
}

test('executeRun reads the shared buffers in place: a write into them mid-run changes the run', async (t) => {
  const { layout, specs } = await regression(t, { epochs: 20, batch_size: 10 });
  const spec = specs[0]!;
  const noCancel = () => new Int32Array(new SharedArrayBuffer(4));
  const control = executeRun(spec, layout.data, noCancel(), () => {});
  assert.equal(control.status, 'done');
  assert.equal(control.steps, 60);

  // Same run, but at its first progress message the training targets become NaN, through a view
  // of the SharedArrayBuffer built as executeRun builds its own. A copy would not see the write.
  let seenUpTo = -1;
  const y = new Float64Array(layout.data.y).subarray(0, layout.trainRows);
  const mutated = executeRun(spec, layout.data, noCancel(), (p) => {
    if (seenUpTo >= 0) return;
    seenUpTo = p.steps.step.at(-1)!;
    y.fill(NaN);
  });
  assert.ok(seenUpTo >= 0 && seenUpTo < 59);
  assert.equal(mutated.status, 'diverged');
  assert.equal(mutated.divergedAtStep, seenUpTo + 1, 'the very next step read the new values');
  assert.deepEqual(
    mutated.curves.stepLoss.slice(0, seenUpTo + 1),
    control.curves.stepLoss.slice(0, seenUpTo + 1),
  );
  assert.equal(mutated.curves.stepLoss[seenUpTo + 1], null);
});

test('a worker reads the same memory: a write from this thread reaches the running run', async (t) => {
  // 30 training rows in batches of 10, 20 000 epochs: long enough to be running when the write lands.
  const { layout, specs } = await regression(t, { epochs: 20_000, batch_size: 10 });
  const pool = new RunPool({ workerPath: WORKER, size: 1 });
  t.after(() => pool.close());
  let seenUpTo = -1;
  const outcome = await pool.submit({ runId: 'r', spec: specs[0], data: { ...layout.data } }, (p) => {
    if (seenUpTo >= 0) return;
    seenUpTo = readProgress(p)!.steps.at(-1)!.step;
    new Float64Array(layout.data.y).fill(NaN);
  });
  assert.equal(outcome.kind, 'result');
  const r = parseRunResult((outcome as { result: unknown }).result);
  assert.equal(r.status, 'diverged', 'the worker saw the write: its data is not a copy');
  assert.ok(r.divergedAtStep! > seenUpTo);
  assert.ok(r.steps < 60_000);
});

test('runExperiment shares the data once: every job gets the same SharedArrayBuffer objects', async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 40);
  const jobs: PoolJob[] = [];
  // Observation only: the real submit runs, the test keeps what it was given.
  const submit = RunPool.prototype.submit;
  RunPool.prototype.submit = function (this: RunPool, job, onProgress) {
    jobs.push(job);
    return submit.call(this, job, onProgress);
  };
  t.after(() => (RunPool.prototype.submit = submit));
  const out = await runExperiment({
    experiment: experiment(
      {
        data: { path: 'data.csv', target: 'y', split: { validation: 0.25, seed: 3 } },
        training: { epochs: 3, seeds: [0, 1] },
        optimizers: [
          { name: 'SGD', lr: 0.01 },
          { name: 'Adam', lr: 0.01 },
        ],
      },
      dir,
    ),
    experimentFile: null,
    recordsRoot: dir,
    workerPath: WORKER,
    poolSize: 2,
  });
  assert.equal(out.record.status, 'done');
  assert.deepEqual(
    jobs.map((j) => j.runId),
    ['c0-s0', 'c0-s1', 'c1-s0', 'c1-s1'],
  );
  const [first, ...rest] = jobs.map((j) => j.data!);
  assert.ok(first!['X'] instanceof SharedArrayBuffer && first!['y'] instanceof SharedArrayBuffer);
  assert.equal(first!['X']!.byteLength, 40 * 3 * 8, '40 rows × 3 features, float64: the whole set, once');
  assert.equal(first!['y']!.byteLength, 40 * 8);
  for (const d of rest) {
    assert.equal(d['X'], first!['X']);
    assert.equal(d['y'], first!['y']);
  }
  assert.ok((jobs[0]!.spec as RunSpec).problem.kind === 'dataset');
});
