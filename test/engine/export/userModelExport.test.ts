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
import type { RunSummary } from '../../../src/protocol/record';
import { PYTHON, skipWithout } from '../../helpers/debianPackage';
import { WORKER, experiment, tempDir, writeRegressionCsv } from '../runs/runSpecs';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'pytorch');

/** One Adam run (cosine schedule) of the model file `fixture` on a small regression CSV. */
async function userModelRun(
  t: { after(fn: () => void): void },
  fixture: string,
  extra: Record<string, unknown> = {},
): Promise<{ dir: string; run: RunSummary; recordDir: string }> {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 40);
  copyFileSync(join(FIXTURES, fixture), join(dir, 'model.py'));
  const out = await runExperiment({
    experiment: experiment(
      {
        data: { path: 'data.csv', target: 'y', split: { validation: 0.25, seed: 3 } },
        model: { type: 'pytorch', path: 'model.py' },
        training: { epochs: 6, batch_size: 8, seeds: [4] },
        optimizers: [{ name: 'Adam', lr: 0.02 }],
        schedule: { name: 'CosineAnnealingLR', T_max: 6 },
        ...extra,
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
  return { dir, run, recordDir: out.recordDir };
}

/** Saves the reproduction script of the record under `dir/exports`, runs it, and returns its last JSON line. */
async function reproduce(
  dir: string,
  recordDir: string,
): Promise<{ text: string; last: Record<string, number> }> {
  const exports = join(dir, 'exports');
  mkdirSync(exports);
  const saveAs = join(exports, 'reproduce.py');
  const script = await exportFromRecord(recordDir, { target: 'pytorch-script', out: saveAs });
  writeFileSync(saveAs, script.text);
  for (const s of script.sidecars) writeFileSync(join(exports, s.name), s.text);
  const r = spawnSync(PYTHON, [saveAs], { encoding: 'utf8', cwd: tmpdir() });
  assert.equal(r.status, 0, r.stderr);
  return {
    text: script.text,
    last: JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number>,
  };
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

test(
  "the pytorch exports of a user-model run import its factory; the reproduction script gives the run's losses",
  { skip: skipWithout('python3-torch') },
  async (t) => {
    // Dropout and batch norm: the random masks and the train/eval modes must match as well.
    const { dir, run, recordDir } = await userModelRun(t, 'regularized_model.py');

    const snippet = await exportFromRecord(recordDir, { target: 'pytorch' });
    assert.match(snippet.text, /your build_model\(\) of .*model\.py/);

    // Saved in a folder of its own: the model file is named relative to the script, as the data is,
    // so the script runs from anywhere (and the folders can move together).
    const { text, last } = await reproduce(dir, recordDir);
    assert.match(text, /^from model import build_model as user_factory/m);
    assert.match(text, /^MODEL_FILE = HERE \/ '\.\.\/model\.py'/m);
    assert.ok(!text.includes(dir), 'no absolute path of this machine in the script');
    assert.ok(rel(last['final_train_loss']!, run.final_train_loss!) < 1e-9, JSON.stringify(last));
    assert.ok(rel(last['final_val_loss']!, run.final_val_loss!) < 1e-9, JSON.stringify(last));
  },
);

test(
  'a user model with a parameter the loss never reaches trains, and its reproduction script runs to the same losses',
  { skip: skipWithout('python3-torch') },
  async (t) => {
    // The spare head gets no .grad: the gradient norm (divergence check) must skip it in the runner
    // and in the exported loop; with clip_grad_value_ as well, which torch lets skip it itself.
    for (const extra of [{}, { grad_clip: { clip_value: 0.5 } }]) {
      const { dir, run, recordDir } = await userModelRun(t, 'partly_used_model.py', extra);
      const { last } = await reproduce(dir, recordDir);
      assert.ok(rel(last['final_train_loss']!, run.final_train_loss!) < 1e-9, JSON.stringify(last));
      assert.ok(rel(last['final_val_loss']!, run.final_val_loss!) < 1e-9, JSON.stringify(last));
    }
  },
);
