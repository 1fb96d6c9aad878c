// Exports of a run on a user's own PyTorch model: the scripts import the user's factory from the
// model file, and the reproduction script retrains the run to the engine's numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

    // Saved in a folder of its own: the model file is named relative to the script, as the data is,
    // so the script runs from anywhere (and the folders can move together).
    const exports = join(dir, 'exports');
    mkdirSync(exports);
    const saveAs = join(exports, 'reproduce.py');
    const script = await exportFromRecord(out.recordDir, { target: 'pytorch-script', out: saveAs });
    assert.match(script.text, /^from model import build_model as user_factory/m);
    assert.match(script.text, /^MODEL_FILE = HERE \/ '\.\.\/model\.py'/m);
    assert.ok(!script.text.includes(dir), 'no absolute path of this machine in the script');
    writeFileSync(saveAs, script.text);
    for (const s of script.sidecars) writeFileSync(join(exports, s.name), s.text);
    const r = spawnSync(PYTHON, [saveAs], { encoding: 'utf8', cwd: tmpdir() });
    assert.equal(r.status, 0, r.stderr);
    const last = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number>;
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    assert.ok(rel(last['final_train_loss']!, run.final_train_loss!) < 1e-9, r.stdout);
    assert.ok(rel(last['final_val_loss']!, run.final_val_loss!) < 1e-9, r.stdout);
  },
);
