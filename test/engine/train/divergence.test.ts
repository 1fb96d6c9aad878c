// Divergence relative to the run itself: a loss far beyond the run's own initial loss stops it as
// diverged, with the step and the reason; a healthy but noisy mini-batch run is left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExperiment } from '../../../src/engine/runs/runExperiment';
import { WORKER, experiment, tempDir } from '../runs/runSpecs';

test('Adam at lr=10 on a breast-cancer MLP diverges; SGD on single rows (noisy, healthy) does not', async (t) => {
  const dir = tempDir(t);
  copyFileSync(join('samples', 'breast_cancer.csv'), join(dir, 'breast_cancer.csv'));
  const e = experiment(
    {
      data: {
        path: 'breast_cancer.csv',
        target: 'diagnosis',
        task: 'binary',
        split: { validation: 0.2, test: 0.1, seed: 0, stratify: true },
      },
      model: { type: 'mlp', hidden: [32, 16], activation: 'relu' },
      training: { epochs: 15, batch_size: 32, seeds: [0, 1] },
      optimizers: [
        { name: 'Adam', lr: 10 },
        { name: 'SGD', lr: 0.1 },
      ],
    },
    dir,
  );
  const noisy = experiment(
    {
      data: {
        path: 'breast_cancer.csv',
        target: 'diagnosis',
        task: 'binary',
        split: { validation: 0.2, seed: 0, stratify: true },
      },
      model: { type: 'mlp', hidden: [32, 16], activation: 'relu' },
      training: { epochs: 6, batch_size: 1, seeds: [0, 1, 2] },
      optimizers: [{ name: 'SGD', lr: 0.2 }],
    },
    dir,
  );
  const common = {
    experimentFile: join(dir, 'x.optlab.json'),
    recordsRoot: join(dir, 'records'),
    workerPath: WORKER,
    poolSize: 2,
  };
  const [a, b] = [
    await runExperiment({ ...common, experiment: e }),
    await runExperiment({ ...common, experiment: noisy }),
  ];
  for (const r of a.record.runs.filter((x) => x.configIndex === 0)) {
    assert.equal(r.status, 'diverged', `${r.id}: ${r.message}`);
    assert.ok(r.diverged_at_step !== null && r.diverged_at_step < 15 * 13, `step ${r.diverged_at_step}`);
    assert.match(r.message!, /grew beyond 100 × the run's initial loss/);
  }
  for (const r of a.record.runs.filter((x) => x.configIndex === 1))
    assert.equal(r.status, 'done', r.message ?? '');
  // The diverged configuration is ranked below the finished one and never tied with it.
  const adam = a.record.configurations!.find((c) => c.index === 0)!;
  assert.equal(a.record.best!.configuration, 1);
  assert.equal(adam.tied_with_leader, false);
  for (const r of b.record.runs) {
    assert.equal(r.status, 'done', `${r.id}: ${r.message}`);
    // Noisy indeed: single-row losses far above the initial loss, which a batch-loss rule would flag.
    const c = b.curves.get(r.id)!;
    const initial = c.epochTrainLoss[0]!;
    assert.ok(Math.max(...(c.stepLoss as number[])) > 5 * initial, `${r.id}: a noisy run`);
  }
});
