// Exports of a run on a user's own PyTorch model: the scripts import the user's factory from the
// model file, and the reproduction script retrains the run to the engine's numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExperiment } from '../../../src/engine/runs/runExperiment';
import { exportFromRecord } from '../../../src/engine/export/index';
import { PYTHON, skipWithout } from '../../helpers/debianPackage';
import { WORKER, experiment, tempDir, writeRegressionCsv } from '../runs/runSpecs';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'pytorch');

test(
  "the pytorch exports of a user-model run import its factory; the reproduction script gives the run's losses",
  { skip: skipWithout('python3-torch') },
  async (t) => {
    const dir = tempDir(t);
    writeRegressionCsv(dir, 40);
    // Dropout and batch norm: the random masks and the train/eval modes must match as well.
    copyFileSync(join(FIXTURES, 'regularized_model.py'), join(dir, 'model.py'));
    const out = await runExperiment({
      experiment: experiment(
        {
          data: { path: 'data.csv', target: 'y', split: { validation: 0.25, seed: 3 } },
          model: { type: 'pytorch', path: 'model.py' },
          training: { epochs: 6, batch_size: 8, seeds: [4] },
          optimizers: [{ name: 'Adam', lr: 0.02 }],
          schedule: { name: 'CosineAnnealingLR', T_max: 6 },
        },
        dir,
      ),
      experimentFile: join(dir, 'test.optlab.json'),
      recordsRoot: join(dir, 'records'),
      workerPath: WORKER,
      poolSize: 1,
      python: PYTHON,
    });
    const run = out.record.runs[0]!;
    assert.equal(run.status, 'done', run.message ?? '');

    const snippet = await exportFromRecord(out.recordDir, { target: 'pytorch' });
    assert.match(snippet.text, /your build_model\(\) of .*model\.py/);

    const script = await exportFromRecord(out.recordDir, { target: 'pytorch-script' });
    assert.match(script.text, /^from model import build_model as user_factory/m);
    writeFileSync(join(dir, 'reproduce.py'), script.text);
    for (const s of script.sidecars) writeFileSync(join(dir, s.name), s.text);
    const r = spawnSync(PYTHON, [join(dir, 'reproduce.py')], { encoding: 'utf8', cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    const last = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number>;
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    assert.ok(rel(last['final_train_loss']!, run.final_train_loss!) < 1e-9, r.stdout);
    assert.ok(rel(last['final_val_loss']!, run.final_val_loss!) < 1e-9, r.stdout);
  },
);
