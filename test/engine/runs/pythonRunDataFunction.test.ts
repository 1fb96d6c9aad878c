// A user model whose file supplies its own data (model.data): the same curves as the table path on
// the same data, a torchvision-style Dataset with progress and seeded shuffling, validation of the
// experiment without data.path, and a failing data function located at its file and line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExperiment } from '../../../src/engine/runs/runExperiment';
import { runSearch } from '../../../src/engine/search/runSearch';
import { exportFromRecord } from '../../../src/engine/export/index';
import { experimentFileSchema } from '../../../src/protocol/experiment';
import type { RunProgress } from '../../../src/protocol/runs';
import { PYTHON, skipWithout } from '../../helpers/debianPackage';
import { WORKER, experiment, tempDir, writeRegressionCsv } from './runSpecs';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'pytorch');
const needsTorch = { skip: skipWithout('python3-torch') };

function run(dir: string, json: object, onProgress?: (id: string, p: RunProgress) => void) {
  return runExperiment({
    experiment: experiment(json, dir),
    experimentFile: join(dir, 'test.optlab.json'),
    recordsRoot: join(dir, 'records'),
    workerPath: WORKER,
    poolSize: 2,
    python: PYTHON,
    events: onProgress ? { onProgress } : {},
  });
}

function maxRelDiff(a: readonly (number | null)[], b: readonly (number | null)[]): number {
  assert.equal(a.length, b.length, 'curve lengths');
  return Math.max(0, ...a.map((x, i) => Math.abs(x! - b[i]!) / Math.max(Math.abs(b[i]!), 1e-12)));
}

const common = {
  training: { epochs: 6, seeds: [0, 1] },
  loss: { name: 'mse' },
  objective: { metric: 'train_loss' },
  optimizers: [
    { name: 'SGD', lr: 0.05, momentum: 0.9 },
    { name: 'Adam', lr: 0.01 },
  ],
  schedule: { name: 'OneCycleLR', max_lr: 0.1 },
};

test(
  "a data function returning the tensors of a table gives the table path's curves (full batch, same init) to 1e-9",
  needsTorch,
  async (t) => {
    const dir = tempDir(t);
    writeRegressionCsv(dir, 40);
    copyFileSync(join(FIXTURES, 'data_model.py'), join(dir, 'model.py'));
    const table = await run(dir, {
      ...common,
      data: {
        path: 'data.csv',
        target: 'y',
        split: { validation: 0 },
        preprocessing: { standardize: false },
      },
      model: { type: 'pytorch', path: 'model.py' },
    });
    const own = await run(dir, {
      ...common,
      model: { type: 'pytorch', path: 'model.py', data: 'table_data' },
    });
    assert.deepEqual(
      own.record.runs.map((r) => r.status),
      ['done', 'done', 'done', 'done'],
      own.record.runs.map((r) => r.message).join('\n'),
    );
    assert.equal(own.record.dataset!.trainRows, 40);
    assert.equal(own.record.dataset!.file, 'model.py:table_data()');
    for (const r of own.record.runs) {
      const mine = own.curves.get(r.id)!;
      const theirs = table.curves.get(r.id)!;
      assert.equal(mine.stepLoss.length, 6, `${r.id}: one step per epoch`);
      assert.deepEqual(mine.initialParams, theirs.initialParams, `${r.id}: initial parameters`);
      assert.ok(maxRelDiff(mine.stepLoss, theirs.stepLoss) < 1e-9, `${r.id} step loss`);
      assert.ok(maxRelDiff(mine.stepLr, theirs.stepLr) < 1e-9, `${r.id} learning rate (OneCycle)`);
      assert.ok(maxRelDiff(mine.stepGradNorm, theirs.stepGradNorm) < 1e-9, `${r.id} gradient norm`);
      assert.ok(maxRelDiff(mine.epochTrainLoss, theirs.epochTrainLoss) < 1e-9, `${r.id} epoch loss`);
      assert.ok(maxRelDiff(mine.finalParams!, theirs.finalParams!) < 1e-9, `${r.id} final parameters`);
    }
  },
);

test(
  'a torchvision-style Dataset trains in DataLoader batches with progress; a seed reproduces its run',
  needsTorch,
  async (t) => {
    const dir = tempDir(t);
    copyFileSync(join(FIXTURES, 'data_model.py'), join(dir, 'model.py'));
    const json = {
      model: { type: 'pytorch', path: 'model.py', data: 'wave_data' },
      loss: { name: 'cross_entropy' },
      training: { epochs: 3, batch_size: 16, seeds: [0, 1] },
      optimizers: [{ name: 'Adam', lr: 0.02 }],
    };
    const steps = new Map<string, number>();
    const first = await run(dir, json, (id, p) => {
      steps.set(id, (steps.get(id) ?? 0) + p.steps.length);
      for (const st of p.steps) assert.ok(st.loss !== null && st.gradNorm !== null && st.lr !== null);
    });
    assert.deepEqual(
      first.record.runs.map((r) => r.status),
      ['done', 'done'],
    );
    assert.deepEqual(first.record.dataset!.classes, ['0', '1', '2']);
    for (const r of first.record.runs) {
      const c = first.curves.get(r.id)!;
      assert.equal(c.stepLoss.length, 12, '60 examples in batches of 16: 4 steps × 3 epochs');
      assert.equal(steps.get(r.id), 12, 'every step streamed as progress');
      assert.equal(c.epochValidation.length, 4);
      assert.equal(typeof c.epochValidation.at(-1)!.metrics['accuracy'], 'number');
      assert.ok(c.epochTrainLoss.at(-1)! < c.epochTrainLoss[0]!, 'it learns');
    }
    const [a, b] = first.record.runs.map((r) => first.curves.get(r.id)!.stepLoss);
    assert.notDeepEqual(a, b, 'two seeds shuffle (and initialise) differently');
    // The reproduction script calls the data function (test/engine/export/functionDataExport.test.ts runs it).
    const script = await exportFromRecord(first.recordDir, {
      target: 'pytorch-script',
      out: join(dir, 'reproduce.py'),
    });
    assert.match(script.text, /^from model import build_model as user_factory, wave_data as user_data/m);
    const snippet = await exportFromRecord(first.recordDir, { target: 'pytorch' });
    assert.match(snippet.text, /torch\.optim\.Adam\(/);
    const again = await run(dir, json);
    for (const r of again.record.runs) {
      assert.deepEqual(
        again.curves.get(r.id)!.stepLoss,
        first.curves.get(r.id)!.stepLoss,
        `${r.id} reproduces`,
      );
    }
  },
);

test('validate: no data section with model.data; a data section beside it is refused with its location', () => {
  const ok = experimentFileSchema.safeParse({
    model: { type: 'pytorch', path: 'model.py', data: 'build_data' },
    loss: { name: 'cross_entropy' },
    optimizers: [{ name: 'Adam', lr: 0.01 }],
  });
  assert.ok(ok.success, JSON.stringify(ok.error?.issues));
  const bad = experimentFileSchema.safeParse({
    data: { stream: true, split: { validation: 0.1 } },
    model: { type: 'pytorch', path: 'model.py', data: 'build_data' },
    optimizers: [{ name: 'Adam', lr: 0.01 }],
  });
  assert.ok(!bad.success);
  const issues = bad.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  assert.ok(
    issues.some((m) =>
      /^data: the model's data function "build_data" \(model\.data\) supplies the data/.test(m),
    ),
    issues.join('\n'),
  );
  assert.ok(
    issues.some((m) => /^loss: required with a data function/.test(m)),
    issues.join('\n'),
  );
  const noData = experimentFileSchema.safeParse({
    model: { type: 'pytorch', path: 'model.py' },
    optimizers: [{ name: 'Adam', lr: 0.01 }],
  });
  assert.ok(!noData.success);
  assert.match(
    noData.error.issues[0]!.message,
    /needs exactly one of "data" .* or a pytorch model with a data function/,
  );
  const notPytorch = experimentFileSchema.safeParse({
    data: { path: 'd.csv', target: 'y' },
    model: { type: 'mlp', hidden: [4], data: 'build_data' },
    optimizers: [{ name: 'Adam', lr: 0.01 }],
  });
  assert.ok(!notPytorch.success);
  assert.ok(notPytorch.error.issues.some((i) => i.path.join('.') === 'model.data'));
});

test(
  'a data function that raises stops the experiment at its file and line, with the traceback',
  needsTorch,
  async (t) => {
    const dir = tempDir(t);
    copyFileSync(join(FIXTURES, 'data_model.py'), join(dir, 'model.py'));
    await assert.rejects(
      run(dir, {
        model: { type: 'pytorch', path: 'model.py', data: 'broken_data' },
        loss: { name: 'mse' },
        optimizers: [{ name: 'SGD', lr: 0.01 }],
      }),
      (e: Error) => {
        assert.match(e.message, /^model\.py:48: RuntimeError: this data function fails on purpose/);
        assert.match(e.message, /Traceback \(most recent call last\)/);
        return true;
      },
    );
  },
);

test(
  "a search over a data function's model: trials as processes, each batch size batching the same data",
  needsTorch,
  async (t) => {
    const dir = tempDir(t);
    copyFileSync(join(FIXTURES, 'data_model.py'), join(dir, 'model.py'));
    const out = await runSearch({
      experiment: experiment(
        {
          model: { type: 'pytorch', path: 'model.py', data: 'wave_data' },
          loss: { name: 'cross_entropy' },
          training: { epochs: 2 },
          optimizers: [{ name: 'Adam', lr: 0.02 }],
          search: {
            strategy: 'grid',
            parameters: { batch_size: { type: 'choice', values: [16, 30] } },
            budget: { trials: 2 },
          },
        },
        dir,
      ),
      experimentFile: join(dir, 'test.optlab.json'),
      recordsRoot: join(dir, 'records'),
      workerPath: WORKER,
      poolSize: 2,
      python: PYTHON,
    });
    for (const trial of out.state.trials) assert.equal(trial.status, 'done', trial.message ?? '');
    assert.equal(out.record.dataset!.trainRows, 60);
    // 60 examples: batches of 16 are 4 steps per epoch, batches of 30 are 2.
    const steps = out.record.runs.map((r) => r.steps).sort((a, b) => a - b);
    assert.deepEqual(steps, [4, 8]);
  },
);
