// A user's own PyTorch model run as Python processes under the run pool: parity with the built-in
// engine, progress, cancel, a crash in the user's code, a missing torch, and a search.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExperiment } from '../../../src/engine/runs/runExperiment';
import { runSearch } from '../../../src/engine/search/runSearch';
import { paramsToNamed } from '../../../src/engine/models/namedParams';
import { denseLayout } from '../../../src/engine/models/layout';
import { isUserError } from '../../../src/engine/errors';
import type { CurvesFile } from '../../../src/protocol/record';
import type { RunProgress } from '../../../src/protocol/runs';
import { PYTHON, skipWithout } from '../../helpers/debianPackage';
import { WORKER, experiment, tempDir, writeRegressionCsv } from './runSpecs';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'pytorch');
const IRIS = join(__dirname, '..', '..', '..', 'samples', 'iris.csv');
const needsTorch = { skip: skipWithout('python3-torch') };

function setUp(dir: string, model: string): void {
  copyFileSync(join(FIXTURES, model), join(dir, 'model.py'));
}

function run(
  dir: string,
  json: object,
  o: {
    python?: string;
    signal?: AbortSignal;
    onProgress?: (id: string, p: RunProgress) => void;
    onStart?: (cancel: (id: string) => void) => void;
  } = {},
) {
  return runExperiment({
    experiment: experiment(json, dir),
    experimentFile: join(dir, 'test.optlab.json'),
    recordsRoot: join(dir, 'records'),
    workerPath: WORKER,
    poolSize: 2,
    python: o.python ?? PYTHON,
    ...(o.signal ? { signal: o.signal } : {}),
    events: {
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
      ...(o.onStart ? { onStart: (info) => o.onStart!(info.cancelRun) } : {}),
    },
  });
}

/** Largest relative difference of two curves, null entries matched to null. */
function maxRelDiff(a: readonly (number | null)[], b: readonly (number | null)[]): number {
  assert.equal(a.length, b.length, 'curve lengths');
  let worst = 0;
  a.forEach((x, i) => {
    const y = b[i]!;
    assert.equal(x === null, y === null, `entry ${i}: ${x} vs ${y}`);
    if (x !== null && y !== null) worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(y), 1e-12));
  });
  return worst;
}

const irisBase = {
  data: { path: 'iris.csv', target: 'species', split: { validation: 0.2, seed: 1 } },
  training: { epochs: 12, batch_size: 16, seeds: [0] },
  l2: 0.001,
  optimizers: [
    { name: 'SGD', lr: 0.05, momentum: 0.9, nesterov: true },
    { name: 'Adam', lr: 0.01 },
  ],
  schedule: { name: 'StepLR', step_size: 5, gamma: 0.5 },
  grad_clip: { max_norm: 1.0 },
};

test(
  'parity: the built-in MLP written as a user model gives the same curves in float64 (same data, split, initialisation, batch order) to 1e-9',
  needsTorch,
  async (t) => {
    const dir = tempDir(t);
    copyFileSync(IRIS, join(dir, 'iris.csv'));
    setUp(dir, 'mlp_model.py');
    const builtIn = await run(dir, { ...irisBase, model: { type: 'mlp', hidden: [8], activation: 'tanh' } });
    const engineCurves = [...builtIn.curves.values()];
    assert.equal(engineCurves.length, 2);
    // The engine's initial parameters (torch's nn.Linear init drawn by the engine's generator) are
    // given to the user model explicitly, so both start from the same point.
    const first = engineCurves[0]!;
    const layout = denseLayout([4, 8, 3], true);
    const init = paramsToNamed(layout, Float64Array.from(first.initialParams));
    const own = await run(dir, {
      ...irisBase,
      model: { type: 'pytorch', path: 'model.py', factory: 'build_model', init: { params: init } },
    });
    assert.deepEqual(
      own.record.runs.map((r) => r.status),
      ['done', 'done'],
      own.record.runs.map((r) => r.message).join('\n'),
    );
    for (const r of own.record.runs) {
      const mine = own.curves.get(r.id)!;
      const theirs = builtIn.curves.get(r.id)!;
      assert.deepEqual(mine.initialParams, theirs.initialParams, `${r.id}: initial parameters`);
      assert.deepEqual(
        mine.layout,
        layout.map((l) => ({ name: l.name, shape: l.shape })),
      );
      const tol = 1e-9;
      assert.ok(maxRelDiff(mine.stepLoss, theirs.stepLoss) < tol, `${r.id} step loss`);
      assert.ok(maxRelDiff(mine.stepGradNorm, theirs.stepGradNorm) < tol, `${r.id} gradient norm`);
      assert.ok(maxRelDiff(mine.stepLr, theirs.stepLr) < tol, `${r.id} learning rate`);
      assert.ok(maxRelDiff(mine.epochTrainLoss, theirs.epochTrainLoss) < tol, `${r.id} epoch train loss`);
      const val = (c: CurvesFile) => c.epochValidation.map((v) => v?.loss ?? null);
      const acc = (c: CurvesFile) => c.epochValidation.map((v) => v?.metrics['accuracy'] ?? null);
      assert.ok(maxRelDiff(val(mine), val(theirs)) < tol, `${r.id} validation loss`);
      assert.deepEqual(acc(mine), acc(theirs), `${r.id} validation accuracy`);
      assert.ok(maxRelDiff(mine.finalParams, theirs.finalParams) < 1e-8, `${r.id} final parameters`);
      const engineRun = builtIn.record.runs.find((x) => x.id === r.id)!;
      assert.ok(Math.abs(r.final_val_loss! - engineRun.final_val_loss!) < 1e-9 * engineRun.final_val_loss!);
      assert.equal(r.rank, engineRun.rank);
    }
  },
);

test('progress: steps and epochs stream live as the worker runs stream them', needsTorch, async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 40);
  setUp(dir, 'mlp_model.py');
  const steps = new Map<string, number>();
  const epochs = new Map<string, number[]>();
  const out = await run(
    dir,
    {
      data: { path: 'data.csv', target: 'y', split: { validation: 0.25, seed: 3 } },
      model: { type: 'pytorch', path: 'model.py' },
      training: { epochs: 5, batch_size: 10, seeds: [0, 1] },
      optimizers: [{ name: 'Adam', lr: 0.01 }],
    },
    {
      onProgress: (id, p) => {
        steps.set(id, (steps.get(id) ?? 0) + p.steps.length);
        epochs.set(id, [...(epochs.get(id) ?? []), ...p.epochs.map((e) => e.epoch)]);
        for (const s of p.steps) assert.ok(s.loss !== null && s.gradNorm !== null && s.lr === 0.01);
      },
    },
  );
  // 30 training rows in batches of 10: 3 steps an epoch.
  for (const r of out.record.runs) {
    assert.equal(r.status, 'done', r.message ?? '');
    assert.equal(steps.get(r.id), 15);
    assert.deepEqual(epochs.get(r.id), [0, 1, 2, 3, 4]);
    assert.ok(r.metrics['rmse'] !== undefined && r.metrics['r2'] !== undefined);
    const c = out.curves.get(r.id)!;
    assert.equal(c.epochTrainLoss.length, 6);
    assert.ok(c.epochTrainLoss[5]! < c.epochTrainLoss[0]!, 'the loss went down');
  }
  // Different seeds: torch's default initialisation seeded by the run's seed differs.
  const [a, b] = out.record.runs.map((r) => out.curves.get(r.id)!.initialParams);
  assert.notDeepEqual(a, b);
});

/** Whether a process is gone (or a zombie waiting to be reaped): it runs no more. */
function gone(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
  } catch {
    return true;
  }
}

test(
  'cancel: a running Python run stops at once with its process group, keeps its curves so far, the others go on',
  needsTorch,
  async (t) => {
    const dir = tempDir(t);
    writeRegressionCsv(dir, 40);
    setUp(dir, 'slow_model.py');
    let cancelRun: (id: string) => void = () => {};
    let cancelled = false;
    const out = await run(
      dir,
      {
        data: { path: 'data.csv', target: 'y', split: { validation: 0.25, seed: 3 } },
        model: { type: 'pytorch', path: 'model.py' },
        training: { epochs: 2, batch_size: 10, seeds: [0, 1] },
        optimizers: [{ name: 'SGD', lr: 0.01 }],
      },
      {
        onStart: (cancel) => (cancelRun = cancel),
        onProgress: (id, p) => {
          if (id === 'c0-s0' && p.steps.length > 0 && !cancelled) {
            cancelled = true;
            cancelRun(id);
          }
        },
      },
    );
    const [stopped, other] = out.record.runs;
    assert.equal(stopped!.status, 'cancelled');
    assert.ok(stopped!.steps >= 1 && stopped!.steps < 6, `steps ${stopped!.steps}`);
    assert.ok(out.curves.get('c0-s0')!.stepLoss.length >= 1, 'the partial curves are kept');
    assert.equal(other!.status, 'done');
    assert.equal(other!.steps, 6);
    // The child the user's code started died with the run's process group. SIGKILL is delivered
    // at once, but the kernel may take a moment to tear the process down: wait for that state.
    const child = Number(readFileSync(join(dir, 'child.pid'), 'utf8'));
    for (let i = 0; i < 250 && !gone(child); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(gone(child), `the child process ${child} of the cancelled run still runs`);
  },
);

test(
  'a crash in the user code fails that run with the traceback at the file and line, the others unaffected',
  needsTorch,
  async (t) => {
    const dir = tempDir(t);
    writeRegressionCsv(dir, 40);
    setUp(dir, 'broken_model.py');
    copyFileSync(join(FIXTURES, 'mlp_model.py'), join(dir, 'good.py'));
    const out = await run(dir, {
      data: { path: 'data.csv', target: 'y', split: { validation: 0.25, seed: 3 } },
      model: { type: 'pytorch', path: 'model.py' },
      training: { epochs: 2, batch_size: 10, seeds: [0, 1] },
      optimizers: [{ name: 'SGD', lr: 0.01 }],
    });
    for (const r of out.record.runs) {
      assert.equal(r.status, 'failed');
      assert.match(r.message!, /^model\.py:12: ValueError: this model fails in its forward pass\n/);
      assert.match(r.message!, /Traceback \(most recent call last\)/);
    }
    const record = JSON.parse(readFileSync(join(out.recordDir, 'record.json'), 'utf8')) as {
      status: string;
    };
    assert.equal(record.status, 'done', 'the record is kept and finished');

    // A syntax error is located at its own line (it has no frame in the user's file).
    copyFileSync(join(FIXTURES, 'syntax_error_model.py.txt'), join(dir, 'typo.py'));
    const typo = await run(dir, {
      data: { path: 'data.csv', target: 'y', split: { validation: 0.25, seed: 3 } },
      model: { type: 'pytorch', path: 'typo.py' },
      training: { epochs: 1 },
      optimizers: [{ name: 'SGD', lr: 0.01 }],
    });
    assert.match(typo.record.runs[0]!.message!, /^typo\.py:4: SyntaxError: /);

    // The same folder with a working model file runs fine: one failure does not poison the runner.
    const ok = await run(dir, {
      data: { path: 'data.csv', target: 'y', split: { validation: 0.25, seed: 3 } },
      model: { type: 'pytorch', path: 'good.py' },
      training: { epochs: 2, batch_size: 10 },
      optimizers: [{ name: 'SGD', lr: 0.01 }],
    });
    assert.equal(ok.record.runs[0]!.status, 'done');
  },
);

test(
  'a Python without torch is one clear error naming the install command, before any record',
  needsTorch,
  async (t) => {
    const dir = tempDir(t);
    writeRegressionCsv(dir, 20);
    setUp(dir, 'mlp_model.py');
    const json = {
      data: { path: 'data.csv', target: 'y' },
      model: { type: 'pytorch', path: 'model.py' },
      training: { epochs: 1 },
      optimizers: [{ name: 'SGD', lr: 0.01 }],
    };
    await assert.rejects(run(dir, json, { python: join(FIXTURES, 'no_torch_python.sh') }), (e: Error) => {
      assert.ok(isUserError(e), e.message);
      assert.match(e.message, /PyTorch is not installed/);
      assert.match(e.message, /pip install torch/);
      assert.match(e.message, /apt-get install python3-torch/);
      return true;
    });
    await assert.rejects(run(dir, json, { python: join(dir, 'no-such-python') }), (e: Error) => {
      assert.ok(isUserError(e));
      assert.match(e.message, /cannot start the Python/);
      return true;
    });
  },
);

test(
  'a search over a user model: a grid of two learning rates, trials as processes',
  needsTorch,
  async (t) => {
    const dir = tempDir(t);
    writeRegressionCsv(dir, 40);
    setUp(dir, 'mlp_model.py');
    const e = experiment(
      {
        data: { path: 'data.csv', target: 'y', split: { validation: 0.25, seed: 3 } },
        model: { type: 'pytorch', path: 'model.py' },
        training: { epochs: 4, batch_size: 10 },
        optimizers: [{ name: 'SGD', lr: 0.01 }],
        search: {
          strategy: 'grid',
          parameters: { lr: { type: 'choice', values: [0.001, 0.05] } },
          budget: { trials: 2 },
        },
      },
      dir,
    );
    const out = await runSearch({
      experiment: e,
      experimentFile: join(dir, 'test.optlab.json'),
      recordsRoot: join(dir, 'records'),
      workerPath: WORKER,
      poolSize: 2,
      python: PYTHON,
    });
    assert.equal(out.state.trials.length, 2);
    for (const trial of out.state.trials) assert.equal(trial.status, 'done', trial.message ?? '');
    const lrs = out.record.runs.map((r) => (r.config as { lr: number }).lr).sort();
    assert.deepEqual(lrs, [0.001, 0.05]);
    for (const r of out.record.runs) {
      const c = out.curves.get(r.id)!;
      assert.ok(c.stepLr.every((lr) => lr === (r.config as { lr: number }).lr));
      assert.equal(c.stepLoss.length, 12);
    }
    assert.ok(out.best !== null);
  },
);

test("the model file's own loss function replaces the experiment's loss", needsTorch, async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 40);
  setUp(dir, 'mlp_model.py');
  const json = (loss: object) => ({
    data: { path: 'data.csv', target: 'y', split: { validation: 0.25, seed: 3 } },
    model: { type: 'pytorch', path: 'model.py', ...loss },
    training: { epochs: 2, batch_size: 10 },
    optimizers: [{ name: 'SGD', lr: 0.01 }],
  });
  const builtIn = await run(dir, json({}));
  const own = await run(dir, json({ loss: 'double_mse' }));
  const [a, b] = [builtIn, own].map((o) => [...o.curves.values()][0]!);
  // Same seed, same initialisation: the user's loss is twice the MSE at the start.
  assert.deepEqual(a!.initialParams, b!.initialParams);
  assert.ok(Math.abs(b!.epochTrainLoss[0]! - 2 * a!.epochTrainLoss[0]!) < 1e-12 * b!.epochTrainLoss[0]!);
  assert.ok(Math.abs(b!.stepLoss[0]! - 2 * a!.stepLoss[0]!) < 1e-12 * b!.stepLoss[0]!);
});
