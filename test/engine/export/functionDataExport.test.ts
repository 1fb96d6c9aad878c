// The reproduction script of a run whose data came from the model file's data function
// (model.data): it imports the function, calls it as the runner does and batches it with the same
// DataLoaders, and retrains the run to the engine's losses after every epoch; an Optuna grid over
// such a run trains the engine's grid points to the engine's objectives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExperiment } from '../../../src/engine/runs/runExperiment';
import { runSearch } from '../../../src/engine/search/runSearch';
import { exportFromRecord } from '../../../src/engine/export/index';
import type { ExportTarget } from '../../../src/engine/export/index';
import type { CurvesFile } from '../../../src/protocol/record';
import { PYTHON, skipWithout } from '../../helpers/debianPackage';
import { WORKER, experiment, tempDir } from '../runs/runSpecs';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'pytorch');
const SAMPLES = join(__dirname, '..', '..', '..', 'samples');
const needsTorch = { skip: skipWithout('python3-torch') };

async function record(dir: string, json: object) {
  const out = await runExperiment({
    experiment: experiment(json, dir),
    experimentFile: join(dir, 'test.optlab.json'),
    recordsRoot: join(dir, 'records'),
    workerPath: WORKER,
    poolSize: 2,
    python: PYTHON,
  });
  for (const r of out.record.runs) assert.equal(r.status, 'done', r.message ?? '');
  return out;
}

/** Exports a run into `<dir>/exports` (the model file one folder up) and runs the script there. */
async function reproduce(
  recordDir: string,
  dir: string,
  runId: string,
  target: ExportTarget = 'pytorch-script',
) {
  const exports = join(dir, 'exports');
  mkdirSync(exports, { recursive: true });
  const saveAs = join(exports, `${runId}.py`);
  const script = await exportFromRecord(recordDir, { target, runId, out: saveAs });
  writeFileSync(saveAs, script.text);
  for (const s of script.sidecars) writeFileSync(join(exports, s.name), s.text);
  const r = spawnSync(PYTHON, [saveAs], { encoding: 'utf8', cwd: tmpdir() });
  assert.equal(r.status, 0, r.stderr);
  return { text: script.text, stdout: r.stdout };
}

/** The losses the script printed after every epoch (`epoch N  train_loss X  val_loss Y  lr Z`). */
function printedEpochs(stdout: string): { train: number; val: number | null }[] {
  return [...stdout.matchAll(/^epoch +\d+ +train_loss (\S+) +val_loss (\S+) +lr /gm)].map((m) => ({
    train: Number(m[1]),
    val: m[2] === 'None' ? null : Number(m[2]),
  }));
}

/** The largest relative difference between the script's per-epoch losses and the record's curves. */
function largestDifference(stdout: string, curves: CurvesFile): number {
  const printed = printedEpochs(stdout);
  assert.equal(printed.length, curves.epochTrainLoss.length, stdout);
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
  let worst = 0;
  printed.forEach((p, i) => {
    worst = Math.max(worst, rel(p.train, curves.epochTrainLoss[i]!));
    const val = curves.epochValidation[i]?.loss ?? null;
    assert.equal(p.val === null, val === null, `epoch ${i}: a validation loss on one side only`);
    if (p.val !== null && val !== null) worst = Math.max(worst, rel(p.val, val));
  });
  return worst;
}

test(
  "a data function's run: the script calls the function, batches it as the runner did and gives every epoch's losses",
  needsTorch,
  async (t) => {
    const dir = tempDir(t);
    copyFileSync(join(FIXTURES, 'own_data_model.py'), join(dir, 'model.py'));
    // Shuffled mini-batches, dropout, an L2 penalty, a schedule and a validation split.
    const out = await record(dir, {
      model: { type: 'pytorch', path: 'model.py', data: 'bump_data' },
      loss: { name: 'mse' },
      l2: 0.001,
      training: { epochs: 5, batch_size: 8, seeds: [3] },
      optimizers: [
        { name: 'Adam', lr: 0.02 },
        { name: 'SGD', lr: 0.05, momentum: 0.9 },
      ],
      schedule: { name: 'CosineAnnealingLR', T_max: 5 },
    });
    for (const run of out.record.runs) {
      const { text, stdout } = await reproduce(out.recordDir, dir, run.id);
      assert.match(text, /^from model import build_model as user_factory, bump_data as user_data/m);
      assert.match(text, /^MODEL_FILE = HERE \/ '\.\.\/model\.py'/m);
      assert.ok(!text.includes(dir), 'no absolute path of this machine in the script');
      assert.ok(!/def read_table/.test(text), 'no data file reader: the function supplies the data');
      const worst = largestDifference(stdout, out.curves.get(run.id)!);
      // The same torch, the same operations in the same order: the same bits.
      assert.equal(worst, 0, `${run.id}: the losses differ by ${worst} (relative)\n${stdout}`);
      const last = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, number>;
      assert.equal(last['status'], 'done');
      assert.equal(last['steps'], 25, '38 examples in batches of 8: 5 steps per epoch');
    }
  },
);

test(
  "a data function's bare (X, y) pair, cross-entropy, in order and full batch, from a file that is no module name: the script gives the run's losses",
  needsTorch,
  async (t) => {
    const dir = tempDir(t);
    copyFileSync(join(FIXTURES, 'own_data_model.py'), join(dir, "it's a-model.py"));
    const common = {
      model: { type: 'pytorch', path: "it's a-model.py", data: 'class_data' },
      loss: { name: 'cross_entropy' },
      objective: { metric: 'train_loss' },
      optimizers: [{ name: 'RMSprop', lr: 0.01 }],
    };
    const inOrder = await record(dir, {
      ...common,
      training: { epochs: 4, batch_size: 10, shuffle: false, seeds: [1] },
    });
    const full = await record(dir, { ...common, training: { epochs: 4, seeds: [2] } });
    for (const out of [inOrder, full]) {
      const run = out.record.runs[0]!;
      const { text, stdout } = await reproduce(out.recordDir, dir, run.id);
      // No import statement can name the file: importlib, and every name read as a string literal.
      assert.match(
        text,
        /^_spec = importlib\.util\.spec_from_file_location\('it\\'s a-model', MODEL_FILE\)$/m,
      );
      assert.match(text, /^user_data = getattr\(_user_module, 'class_data'\)$/m);
      const worst = largestDifference(stdout, out.curves.get(run.id)!);
      // The same torch, the same operations in the same order: the same bits.
      assert.equal(worst, 0, `${run.id}: the losses differ by ${worst} (relative)\n${stdout}`);
    }
    // A data function that now returns other data stops the script instead of training on it.
    const model = join(dir, "it's a-model.py");
    writeFileSync(model, readFileSync(model, 'utf8').replace('torch.randn(45, 3', 'torch.randn(44, 3'));
    const script = join(dir, 'exports', `${full.record.runs[0]!.id}.py`);
    const changed = spawnSync(PYTHON, [script], { encoding: 'utf8', cwd: tmpdir() });
    assert.notEqual(changed.status, 0);
    assert.match(
      changed.stderr,
      /class_data\(\) now returns 44 training and 0 validation examples; the run had 45 and 0/,
    );
  },
);

test(
  'the sample sine-gru (a GRU on windows built by build_data, float32): the script gives its losses',
  needsTorch,
  async (t) => {
    const dir = tempDir(t);
    copyFileSync(join(SAMPLES, 'sine_gru.py'), join(dir, 'sine_gru.py'));
    const sample = JSON.parse(readFileSync(join(SAMPLES, 'sine-gru.optlab.json'), 'utf8')) as {
      training: object;
    };
    // Three of its eight epochs keep the test short; the rest of the sample as it is.
    const out = await record(dir, { ...sample, training: { ...sample.training, epochs: 3 } });
    for (const run of out.record.runs) {
      const { text, stdout } = await reproduce(out.recordDir, dir, run.id);
      assert.match(text, /^from sine_gru import build_model as user_factory, build_data as user_data/m);
      assert.match(text, /^DTYPE = torch\.float32$/m);
      const worst = largestDifference(stdout, out.curves.get(run.id)!);
      assert.equal(worst, 0, `${run.id}: the losses differ by ${worst} (relative)\n${stdout}`);
    }
  },
);

test(
  "an Optuna grid over a data function's run trains the engine's grid points to its objectives",
  { skip: skipWithout('python3-torch', 'python3-optuna') },
  async (t) => {
    const dir = tempDir(t);
    copyFileSync(join(FIXTURES, 'own_data_model.py'), join(dir, 'model.py'));
    const json = {
      model: { type: 'pytorch', path: 'model.py', data: 'bump_data' },
      loss: { name: 'mse' },
      training: { epochs: 3, batch_size: 8, seeds: [0] },
      optimizers: [{ name: 'Adam', lr: 0.01 }],
      search: {
        strategy: 'grid',
        budget: { trials: 4 },
        parameters: {
          lr: { type: 'choice', values: [0.01, 0.03] },
          // A trial's own batch size batches the same data with the run's generator.
          batch_size: { type: 'choice', values: [8, 16] },
        },
      },
    };
    const out = await runSearch({
      experiment: experiment(json, dir),
      experimentFile: join(dir, 'test.optlab.json'),
      recordsRoot: join(dir, 'records'),
      workerPath: WORKER,
      poolSize: 2,
      python: PYTHON,
    });
    const exports = join(dir, 'exports');
    mkdirSync(exports);
    const script = join(exports, 'sweep.py');
    const sweep = await exportFromRecord(out.recordDir, { target: 'optuna', out: script });
    writeFileSync(script, sweep.text);
    for (const s of sweep.sidecars) writeFileSync(join(exports, s.name), s.text);
    const db = `sqlite:///${join(dir, 'study.db')}`;
    const r = spawnSync(PYTHON, [script, '--storage', db, '--study', 'g'], {
      encoding: 'utf8',
      cwd: tmpdir(),
    });
    assert.equal(r.status, 0, r.stderr);
    const driver = String.raw`
import json, sys, optuna
s = optuna.load_study(study_name=sys.argv[2], storage=sys.argv[1])
print(json.dumps([{'value': t.value, 'grid_point': t.user_attrs.get('grid_point')} for t in s.trials if t.state.name == 'COMPLETE']))
`;
    const read = spawnSync(PYTHON, ['-c', driver, db, 'g'], { encoding: 'utf8' });
    assert.equal(read.status, 0, read.stderr);
    const trials = JSON.parse(read.stdout) as { value: number; grid_point: number }[];
    assert.equal(trials.length, 4);
    for (const x of trials) {
      const engine = out.state.trials.find((e) => e.index === x.grid_point)!.value!;
      assert.equal(x.value, engine, `grid point ${x.grid_point}`);
    }
  },
);

test(
  "the notebook of a data function's record: one call of the function, every run's DataLoaders and masks",
  { skip: skipWithout('python3-torch', 'python3-nbconvert', 'python3-matplotlib') },
  async (t) => {
    const dir = tempDir(t);
    copyFileSync(join(FIXTURES, 'own_data_model.py'), join(dir, 'model.py'));
    const out = await record(dir, {
      model: { type: 'pytorch', path: 'model.py', data: 'bump_data' },
      loss: { name: 'mse' },
      training: { epochs: 3, batch_size: 8, seeds: [0, 1] },
      optimizers: [
        { name: 'Adam', lr: 0.02 },
        { name: 'SGD', lr: 0.05, momentum: 0.9 },
      ],
    });
    const nbDir = join(dir, 'analysis');
    mkdirSync(nbDir);
    const path = join(nbDir, 'runs.ipynb');
    const nb = await exportFromRecord(out.recordDir, { target: 'notebook', out: path });
    assert.match(nb.text, /your data function `bump_data\(\)` called as the run called it/);
    writeFileSync(path, nb.text);
    for (const s of nb.sidecars) writeFileSync(join(nbDir, s.name), s.text);
    const r = spawnSync(
      'jupyter',
      ['nbconvert', '--to', 'notebook', '--execute', path, '--output', 'executed.ipynb'],
      { encoding: 'utf8', env: { ...process.env, PYDEVD_DISABLE_FILE_VALIDATION: '1' } },
    );
    // The last cell asserts that every final loss agrees with the record.
    assert.equal(r.status, 0, r.stderr);
    const executed = readFileSync(join(nbDir, 'executed.ipynb'), 'utf8');
    assert.match(executed, /OK: 8 final losses of 4 runs agree with the record/);
  },
);
