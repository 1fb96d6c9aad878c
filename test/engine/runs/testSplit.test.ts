// The held-out test split: every run is scored on the test rows once, after training, and a
// configuration shows its representative run's score; the score never enters the ranking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runExperiment } from '../../../src/engine/runs/runExperiment';
import { loadExperimentDataset } from '../../../src/engine/runs/experimentData';
import { createModel } from '../../../src/engine/models/index';
import { rankConfigurations } from '../../../src/engine/verdict/rankConfigurations';
import type { FileDataExperiment } from '../../../src/engine/experiment/dataFile';
import { WORKER, experiment, tempDir, writeRegressionCsv } from './runSpecs';

const json = {
  data: { path: 'data.csv', target: 'y', split: { validation: 0.25, test: 0.25, seed: 3 } },
  training: { epochs: 4, batch_size: 8, seeds: [0, 1, 2] },
  optimizers: [
    { name: 'SGD', lr: 0.05 },
    { name: 'Adam', lr: 0.05 },
  ],
};

test('with split.test, each run is scored on the test rows at its final parameters; configurations show their representative run’s score', async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 48);
  const e = experiment(json, dir);
  const out = await runExperiment({
    experiment: e,
    experimentFile: join(dir, 'test.optlab.json'),
    recordsRoot: join(dir, 'records'),
    workerPath: WORKER,
    poolSize: 2,
  });
  const { record, curves } = out;
  assert.equal(record.dataset!.testRows, 12);
  // Recompute each run's test loss from its final parameters and the test rows.
  const d = await loadExperimentDataset(e as FileDataExperiment, join(dir, 'test.optlab.json'));
  const rows = d.splits.test;
  const X = new Float64Array(rows.length * d.nFeatures);
  const y = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    X.set(d.X.subarray(r * d.nFeatures, (r + 1) * d.nFeatures), i * d.nFeatures);
    y[i] = d.y[r]!;
  });
  const model = createModel(
    { type: 'linear' },
    { name: 'mse' },
    {
      nFeatures: d.nFeatures,
      nOutputs: 1,
      maxRows: rows.length,
      precision: 'float64',
    },
  );
  for (const r of record.runs) {
    assert.equal(r.status, 'done');
    const params = Float64Array.from(curves.get(r.id)!.finalParams as number[]);
    const expected = model.loss(params, { X, y, rows: rows.length }, false);
    assert.ok(
      Math.abs(r.test_loss! - expected) <= 1e-12 * expected,
      `${r.id}: ${r.test_loss} vs ${expected}`,
    );
    assert.notEqual(r.test_loss, r.final_val_loss);
    assert.ok(typeof r.test_metrics?.['rmse'] === 'number');
  }
  for (const c of record.configurations!) {
    const rep = record.runs.find((r) => r.id === c.representative_run)!;
    assert.equal(c.test_metric, rep.test_loss);
  }
  // Never used for ranking: the verdict without any test score is the same order and best.
  const blind = rankConfigurations(
    record.runs.map(({ test_loss: _l, test_metrics: _m, ...r }) => r),
    record.objective,
  );
  assert.deepEqual(blind.best, record.best);
  assert.deepEqual(
    blind.configurations.map((c) => [c.index, c.rank, c.mean]),
    record.configurations!.map((c) => [c.index, c.rank, c.mean]),
  );
});

test('without a test split, runs carry no test score and configurations show null', async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 40);
  const e = experiment({ ...json, data: { ...json.data, split: { validation: 0.25, seed: 3 } } }, dir);
  const out = await runExperiment({
    experiment: e,
    experimentFile: join(dir, 'test.optlab.json'),
    recordsRoot: join(dir, 'records'),
    workerPath: WORKER,
    poolSize: 2,
  });
  for (const r of out.record.runs) assert.equal(r.test_loss, undefined);
  for (const c of out.record.configurations!) assert.equal(c.test_metric, null);
});
