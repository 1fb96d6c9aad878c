// What the record keeps of a user model's runs beyond their curves: the time they took (start-up
// and training), the test split's score, the Python that ran them; and pruning at a search's rungs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExperiment } from '../../../src/engine/runs/runExperiment';
import { runSearch } from '../../../src/engine/search/runSearch';
import { PYTHON, skipWithout } from '../../helpers/debianPackage';
import { WORKER, experiment, tempDir, writeRegressionCsv } from './runSpecs';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'pytorch');
const needsTorch = { skip: skipWithout('python3-torch') };

function run(dir: string, json: object) {
  return runExperiment({
    experiment: experiment(json, dir),
    experimentFile: join(dir, 'test.optlab.json'),
    recordsRoot: join(dir, 'records'),
    workerPath: WORKER,
    poolSize: 2,
    python: PYTHON,
  });
}

test(
  "a run's elapsed time covers its start-up and its training, and the record names Python, torch and the device",
  needsTorch,
  async (t) => {
    const dir = tempDir(t);
    writeRegressionCsv(dir, 40);
    copyFileSync(join(FIXTURES, 'timed_model.py'), join(dir, 'model.py'));
    const out = await run(dir, {
      data: { path: 'data.csv', target: 'y', split: { validation: 0.25, seed: 3 } },
      model: { type: 'pytorch', path: 'model.py' },
      training: { epochs: 2, batch_size: 10 },
      optimizers: [{ name: 'SGD', lr: 0.01 }],
    });
    const r = out.record.runs[0]!;
    assert.equal(r.status, 'done', r.message ?? '');
    // Lower bounds only (the machine's speed is unknown): importing the model sleeps 0.3 s and each
    // of its 6 training steps runs at least one forward pass of 20 ms.
    assert.ok(r.elapsed_ms >= 300 + 6 * 20, `elapsed ${r.elapsed_ms} ms`);
    const times = out.curves.get(r.id)!.epochElapsedMs;
    assert.equal(times.length, 3);
    assert.ok(times[0]! >= 300, `the state before training is reached after the start-up: ${times[0]}`);
    for (let i = 1; i < times.length; i++) assert.ok(times[i]! >= times[i - 1]!, `epoch times ${times}`);
    assert.ok(r.elapsed_ms >= times[times.length - 1]!);

    const python = out.record.environment.python;
    assert.ok(python, 'the record names the Python of the runs');
    assert.equal(python.executable, PYTHON);
    assert.match(python.version, /^3\.\d+/);
    assert.match(python.torch, /^\d+\.\d+/);
    assert.ok(['cpu', 'cuda'].includes(python.device));
  },
);

test('the test split is scored after training, as for the built-in models', needsTorch, async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 60);
  copyFileSync(join(FIXTURES, 'mlp_model.py'), join(dir, 'model.py'));
  const base = {
    data: { path: 'data.csv', target: 'y', split: { validation: 0.2, test: 0.25, seed: 3 } },
    training: { epochs: 3, batch_size: 10 },
    optimizers: [{ name: 'SGD', lr: 0.01 }],
  };
  const builtIn = await run(dir, { ...base, model: { type: 'mlp', hidden: [8], activation: 'tanh' } });
  const init = builtIn.curves.get('c0-s0')!;
  const named: Record<string, unknown> = {};
  let offset = 0;
  for (const l of init.layout!) {
    const size = l.shape.reduce((a, b) => a * b, 1);
    const flat = init.initialParams.slice(offset, offset + size);
    offset += size;
    named[l.name] =
      l.shape.length === 2
        ? Array.from({ length: l.shape[0]! }, (_, i) => flat.slice(i * l.shape[1]!, (i + 1) * l.shape[1]!))
        : flat;
  }
  const own = await run(dir, {
    ...base,
    model: { type: 'pytorch', path: 'model.py', init: { params: named } },
  });
  const [a, b] = [builtIn.record.runs[0]!, own.record.runs[0]!];
  assert.equal(b.status, 'done', b.message ?? '');
  assert.equal(typeof b.test_loss, 'number');
  // Same rows, same parameters: the same test score as the engine's (float64).
  assert.ok(Math.abs(b.test_loss! - a.test_loss!) <= 1e-9 * a.test_loss!, `${b.test_loss} vs ${a.test_loss}`);
  assert.ok(Math.abs(b.test_metrics!['rmse']! - a.test_metrics!['rmse']!) <= 1e-9 * a.test_metrics!['rmse']!);
  assert.notEqual(b.test_loss, b.final_val_loss);
});

test(
  'pruning: a pruned trial of a user model has trained exactly its rung, the others go on past it',
  needsTorch,
  async (t) => {
    const dir = tempDir(t);
    writeRegressionCsv(dir, 40);
    copyFileSync(join(FIXTURES, 'mlp_model.py'), join(dir, 'model.py'));
    const e = experiment(
      {
        data: { path: 'data.csv', target: 'y', split: { validation: 0.25, seed: 3 } },
        model: { type: 'pytorch', path: 'model.py' },
        training: { epochs: 6, batch_size: 10 },
        optimizers: [{ name: 'SGD', lr: 0.01 }],
        search: {
          strategy: 'grid',
          // The grid's order from seed 0 is lr 0.05, then 1e-9: the first trial sets the bar at
          // every rung, the hopeless second one falls short at the first rung.
          parameters: { lr: { type: 'choice', values: [1e-9, 0.05] } },
          budget: { trials: 2 },
          pruning: { type: 'asha', min_epochs: 1, reduction_factor: 2 },
        },
      },
      dir,
    );
    const out = await runSearch({
      experiment: e,
      experimentFile: join(dir, 'test.optlab.json'),
      recordsRoot: join(dir, 'records'),
      workerPath: WORKER,
      // One trial at a time, so the order of the decisions is fixed.
      poolSize: 1,
      python: PYTHON,
    });
    const [good, hopeless] = out.state.trials;
    assert.deepEqual(
      out.state.trials.map((x) => x.params['lr']),
      [0.05, 1e-9],
    );
    assert.equal(good!.status, 'done', good!.message ?? '');
    assert.deepEqual(
      good!.rungs.map(([epoch]) => epoch),
      [1, 2, 4],
      'the kept trial waited at every rung and was let go on',
    );
    assert.equal(hopeless!.status, 'pruned');
    assert.equal(hopeless!.pruned_at_epoch, 1);
    const byTrial = (i: number) => out.record.runs.find((r) => r.configIndex === i)!;
    assert.equal(byTrial(0).epochs, 6);
    assert.equal(out.curves.get(byTrial(0).id)!.stepLoss.length, 18);
    const pruned = byTrial(1);
    assert.equal(pruned.status, 'pruned');
    assert.equal(pruned.epochs, 1);
    // 30 training rows in batches of 10: exactly the rung's 3 steps, none of the next epoch.
    const c = out.curves.get(pruned.id)!;
    assert.equal(c.stepLoss.length, 3);
    assert.equal(c.epochTrainLoss.length, 2);
  },
);
