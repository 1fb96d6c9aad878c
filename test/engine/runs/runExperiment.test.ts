// runExperiment end to end with the real worker pool: the record folder it writes, ranking,
// divergence, and cancellation through an AbortSignal.
import { test } from 'node:test';
import { rankConfigurations } from '../../../src/engine/verdict/rankConfigurations';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExperiment, type RunExperimentOptions } from '../../../src/engine/runs/runExperiment';
import { recordId } from '../../../src/engine/runs/records';
import {
  curvesFileSchema,
  recordSchema,
  type CurvesFile,
  type RunRecord,
} from '../../../src/protocol/record';
import { WORKER, experiment, tempDir, writeRegressionCsv } from './runSpecs';

const DATA = { path: 'data.csv', target: 'y', split: { validation: 0.25, seed: 3 } };

function run(dir: string, json: object, o: Partial<RunExperimentOptions> = {}) {
  return runExperiment({
    experiment: experiment(json, dir),
    experimentFile: join(dir, 'test.optlab.json'),
    recordsRoot: join(dir, 'records'),
    workerPath: WORKER,
    ...o,
  });
}

/** record.json as on disk, validated. */
function onDisk(recordDir: string): RunRecord {
  return recordSchema.parse(JSON.parse(readFileSync(join(recordDir, 'record.json'), 'utf8')));
}

function curvesOnDisk(recordDir: string, rel: string): CurvesFile {
  return curvesFileSchema.parse(JSON.parse(readFileSync(join(recordDir, rel), 'utf8')));
}

/**
 * The record holds its verdict (docs/records.md): every finished run carries its configuration's
 * rank, the stored configurations are the verdict of the runs, and `best` is rank 1's median run.
 */
function assertRanked(record: RunRecord): void {
  const verdict = rankConfigurations(record.runs, record.objective);
  assert.deepEqual(record.configurations, verdict.configurations);
  assert.deepEqual(record.best, verdict.best);
  const rankOf = new Map(verdict.configurations.map((c) => [c.index, c.rank]));
  for (const r of record.runs) {
    const finished = (r.status === 'done' || r.status === 'early-stopped') && r.objective !== null;
    assert.equal(r.rank, finished ? rankOf.get(r.configIndex) : null, `${r.id} (${r.status}) rank ${r.rank}`);
  }
  const sign = record.objective.mode === 'min' ? 1 : -1;
  const ranked = verdict.configurations.filter((c) => c.rank !== null);
  for (let i = 1; i < ranked.length; i++) {
    const [a, b] = [ranked[i - 1]!, ranked[i]!];
    const bad = (c: typeof a) => c.runs - (c.statuses['done'] ?? 0) - (c.statuses['early-stopped'] ?? 0);
    assert.ok(bad(a) < bad(b) || sign * (b.mean! - a.mean!) >= 0, `${a.label} ranked before ${b.label}`);
  }
}

test('end to end: 2 configurations × 2 seeds, a valid record, one curves file per run, ranks', async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 40);
  const events = { start: 0, progress: new Set<string>(), ended: [] as string[] };
  let finished: { dir: string; curves: number } | null = null;
  const created = new Date();
  const out = await run(
    dir,
    {
      data: DATA,
      training: { epochs: 5, batch_size: 8, seeds: [0, 1] },
      optimizers: [
        { name: 'SGD', lr: 0.05, momentum: 0.9 },
        { name: 'Adam', lr: 0.01 },
      ],
    },
    {
      poolSize: 2,
      events: {
        onStart: ({ specs, record }) => {
          events.start++;
          assert.equal(specs.length, 4);
          assert.ok(record.runs.every((r) => r.status === 'queued'));
        },
        onProgress: (runId) => events.progress.add(runId),
        onRunEnd: (s) => events.ended.push(s.id),
      },
      finish: async (d, _record, curves) => {
        finished = { dir: d, curves: curves.size };
      },
    },
  );
  assert.equal(events.start, 1);
  assert.deepEqual([...events.progress].sort(), ['c0-s0', 'c0-s1', 'c1-s0', 'c1-s1']);
  assert.deepEqual([...events.ended].sort(), ['c0-s0', 'c0-s1', 'c1-s0', 'c1-s1']);
  assert.deepEqual(finished, { dir: out.recordDir, curves: 4 });

  // One record folder, named by time and experiment name.
  assert.deepEqual(readdirSync(join(dir, 'records')), [out.record.id]);
  assert.match(out.record.id, /^\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d-\d{3}_test$/);
  assert.ok(out.record.id >= recordId('test', created));
  const record = onDisk(out.recordDir);
  assert.deepEqual(record, JSON.parse(JSON.stringify(out.record)), 'the record on disk is the final one');
  assert.equal(record.status, 'done');
  assert.ok(record.finishedAt !== null);
  assert.equal(record.experimentFile, join(dir, 'test.optlab.json'));
  assert.equal(record.environment.poolSize, 2);
  assert.deepEqual(record.objective, { metric: 'val_loss', mode: 'min', use: 'final' });
  assert.equal(record.dataset!.trainRows, 30);
  assert.equal(record.dataset!.validationRows, 10);
  assert.deepEqual(record.dataset!.features, ['a', 'b', 'c']);

  assert.deepEqual(
    record.runs.map((r) => [r.id, r.configIndex, r.seed, r.label]),
    [
      ['c0-s0', 0, 0, 'SGD(lr=0.05, momentum=0.9)'],
      ['c0-s1', 0, 1, 'SGD(lr=0.05, momentum=0.9)'],
      ['c1-s0', 1, 0, 'Adam(lr=0.01)'],
      ['c1-s1', 1, 1, 'Adam(lr=0.01)'],
    ],
  );
  for (const r of record.runs) {
    assert.equal(r.status, 'done', r.id);
    // 30 training rows in batches of 8: 4 steps an epoch.
    assert.equal(r.steps, 20);
    assert.equal(r.epochs, 5);
    assert.equal(r.objective, r.final_val_loss, 'the objective is the final validation loss');
    assert.ok(r.best_val_loss! <= r.final_val_loss!);
    assert.deepEqual(Object.keys(r.metrics).sort(), ['r2', 'rmse']);
    assert.equal(r.curves, `curves/${r.id}.json`);
    const c = curvesOnDisk(out.recordDir, r.curves!);
    assert.equal(c.runId, r.id);
    assert.equal(c.stepLoss.length, r.steps);
    assert.equal(c.stepLr.length, r.steps);
    assert.equal(c.stepGradNorm.length, r.steps);
    assert.equal(c.epochTrainLoss.length, r.epochs + 1);
    assert.equal(c.epochValidation.length, r.epochs + 1);
    assert.equal(c.trajectory, null);
    assert.deepEqual(c.layout, [
      { name: 'weight', shape: [1, 3] },
      { name: 'bias', shape: [1] },
    ]);
    assert.equal(c.initialParams.length, 4);
    assert.equal(c.finalParams.length, 4);
    assert.equal(c.epochValidation.at(-1)!.loss, r.final_val_loss);
    assert.deepEqual(c, out.curves.get(r.id), 'the curves returned are the ones written');
  }
  // Same seed, same initial parameters, whatever the optimizer.
  const init = (id: string) => curvesOnDisk(out.recordDir, `curves/${id}.json`).initialParams;
  assert.deepEqual(init('c0-s0'), init('c1-s0'));
  assert.notDeepEqual(init('c0-s0'), init('c0-s1'));
  assertRanked(record);
});

test('ranking in the objective direction: val_r2 is maximised; a diverged run gets no rank', async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 40);
  const out = await run(dir, {
    data: DATA,
    training: { epochs: 10, batch_size: 8, seeds: [0] },
    optimizers: [
      { name: 'SGD', lr: 0.001 },
      { name: 'SGD', lr: 0.05, momentum: 0.9 },
      { name: 'SGD', lr: 1e6 },
      { name: 'Adam', lr: 0.05 },
    ],
    objective: { metric: 'val_r2' },
  });
  const record = onDisk(out.recordDir);
  assert.equal(record.objective.mode, 'max');
  for (const r of record.runs) if (r.status === 'done') assert.equal(r.objective, r.metrics['r2']);
  assert.equal(record.runs[2]!.status, 'diverged');
  assert.equal(record.runs[2]!.rank, null);
  assert.deepEqual(record.runs.map((r) => r.rank).sort(), [1, 2, 3, null]);
  // The slow plain SGD fits worst.
  assert.equal(record.runs[0]!.rank, 3);
  assertRanked(record);
});

test('divergence: a huge lr ends "diverged" with its step; the other run of the experiment is done', async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 40);
  const out = await run(
    dir,
    {
      data: DATA,
      training: { epochs: 20, batch_size: 8, seeds: [0] },
      optimizers: [
        { name: 'SGD', lr: 1e6 },
        { name: 'SGD', lr: 0.05 },
      ],
    },
    { poolSize: 2 },
  );
  const [bad, good] = onDisk(out.recordDir).runs;
  assert.equal(bad!.status, 'diverged');
  assert.equal(typeof bad!.diverged_at_step, 'number');
  assert.equal(bad!.steps, bad!.diverged_at_step, 'the diverging step is not taken');
  assert.ok(bad!.steps < 80);
  assert.match(bad!.message!, /NaN|infinite|grew beyond 1000000 × the run's initial loss/);
  assert.equal(bad!.rank, null, 'a diverged run is not ranked, whatever its objective value');
  // Its curve holds every step taken plus the loss that diverged.
  const c = curvesOnDisk(out.recordDir, bad!.curves!);
  assert.equal(c.stepLoss.length, bad!.steps + 1);
  const last = c.stepLoss.at(-1)!;
  assert.ok(last === null || last > 1e6 * c.stepLoss[0]!, `last loss ${last}`);

  assert.equal(good!.status, 'done');
  assert.equal(good!.steps, 80);
  assert.equal(good!.rank, 1);
  assert.equal(out.record.status, 'done');
});

test('abort mid-way: the record is "cancelled", finished runs kept, the running one partial, queued ones never start', async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 40);
  const controller = new AbortController();
  const out = await run(
    dir,
    {
      data: DATA,
      // 4 steps an epoch: 80 000 steps if nothing stops it.
      training: { epochs: 20_000, batch_size: 8, seeds: [0] },
      optimizers: [
        { name: 'SGD', lr: 1e6 }, // diverges at once: a run that finished
        { name: 'SGD', lr: 0.001 }, // running when the abort comes
        { name: 'Adam', lr: 0.01 }, // still queued
      ],
    },
    {
      poolSize: 1,
      signal: controller.signal,
      events: {
        onProgress: (runId, p) => {
          if (runId === 'c1-s0' && (p.steps.at(-1)?.step ?? 0) >= 100) controller.abort();
        },
      },
    },
  );
  const record = onDisk(out.recordDir);
  assert.equal(record.status, 'cancelled');
  assert.ok(record.finishedAt !== null);
  const [finished, running, queued] = record.runs;

  assert.equal(finished!.status, 'diverged');
  assert.ok(finished!.curves !== null);

  assert.equal(running!.status, 'cancelled');
  assert.ok(running!.steps >= 100 && running!.steps < 80_000, `steps ${running!.steps}`);
  assert.equal(running!.objective, null);
  assert.equal(running!.rank, null);
  const c = curvesOnDisk(out.recordDir, running!.curves!);
  assert.equal(c.stepLoss.length, running!.steps, 'partial curves kept');
  assert.equal(c.epochTrainLoss.length, running!.epochs + 1);

  assert.equal(queued!.status, 'cancelled');
  assert.equal(queued!.message, 'cancelled before it started');
  assert.equal(queued!.steps, 0);
  assert.equal(queued!.curves, null);
  assert.deepEqual(readdirSync(join(out.recordDir, 'curves')).sort(), ['c0-s0.json', 'c1-s0.json']);
});

test('cancelRun: one running and one queued run cancelled on their own; the others finish', async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 40);
  let cancelRun: ((id: string) => void) | null = null;
  const out = await run(
    dir,
    {
      data: DATA,
      training: { epochs: 20_000, batch_size: 8, seeds: [0] },
      optimizers: [
        { name: 'SGD', lr: 0.001 }, // cancelled while it runs
        { name: 'SGD', lr: 1e6 }, // diverges at once
        { name: 'Adam', lr: 0.01 }, // cancelled while queued
        { name: 'SGD', lr: 1e7 }, // diverges at once, after the cancelled queued run
      ],
    },
    {
      poolSize: 1,
      events: {
        onStart: (info) => (cancelRun = info.cancelRun),
        onProgress: (runId, p) => {
          if (runId === 'c0-s0' && (p.steps.at(-1)?.step ?? 0) >= 100) {
            cancelRun!('c2-s0');
            cancelRun!('c0-s0');
          }
        },
      },
    },
  );
  const record = onDisk(out.recordDir);
  assert.equal(record.status, 'done', 'cancelling runs does not cancel the experiment');
  const [running, diverged, queued, last] = record.runs;
  assert.equal(running!.status, 'cancelled');
  assert.ok(running!.steps >= 100 && running!.steps < 80_000, `steps ${running!.steps}`);
  assert.equal(curvesOnDisk(out.recordDir, running!.curves!).stepLoss.length, running!.steps);
  assert.equal(queued!.status, 'cancelled');
  assert.equal(queued!.message, 'cancelled before it started');
  assert.equal(diverged!.status, 'diverged');
  assert.equal(last!.status, 'diverged');
});

test('a signal aborted before the pool starts (e.g. during data loading) cancels every run', async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 40);
  const t0 = performance.now();
  const out = await run(
    dir,
    {
      data: DATA,
      training: { epochs: 50_000, batch_size: 8, seeds: [0, 1] },
      optimizers: [{ name: 'SGD', lr: 0.001 }],
    },
    { poolSize: 1, signal: AbortSignal.abort() },
  );
  const elapsed = performance.now() - t0;
  const record = onDisk(out.recordDir);
  assert.equal(record.status, 'cancelled');
  assert.deepEqual(
    record.runs.map((r) => [r.id, r.status, r.steps]),
    [
      ['c0-s0', 'cancelled', 0],
      ['c0-s1', 'cancelled', 0],
    ],
  );
  // No run took a step (above): the abort reached them before they started; the time is only reported.
  t.diagnostic(`took ${elapsed.toFixed(0)} ms`);
});
