// Find Learning Rate on a user's own PyTorch model: the range test and the sweep's rates run as
// Python processes, and give the built-in engine's numbers for the same model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lrFind } from '../../../src/engine/search/lrFind';
import type { CurvesFile, RunRecord } from '../../../src/protocol/record';
import { PYTHON, skipWithout } from '../../helpers/debianPackage';
import { WORKER, experiment, tempDir, writeRegressionCsv } from '../runs/runSpecs';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'pytorch');

test(
  'Find Learning Rate on a user model: range test and sweep as Python processes, equal to the built-in MLP (float64, 1e-9)',
  { skip: skipWithout('python3-torch') },
  async (t) => {
    const dir = tempDir(t);
    writeRegressionCsv(dir, 40);
    copyFileSync(join(FIXTURES, 'mlp_model.py'), join(dir, 'model.py'));
    const base = {
      data: { path: 'data.csv', target: 'y', split: { validation: 0.25, seed: 3 } },
      training: { epochs: 4, batch_size: 10 },
      optimizers: [{ name: 'SGD', lr: 0.01, momentum: 0.9 }],
    };
    // Zero initialisation: both paths start from the same point without copying parameters.
    const find = (model: object, records: string) =>
      lrFind({
        experiment: experiment({ ...base, model: { ...model, init: 'zeros' } }, dir),
        experimentFile: join(dir, 'test.optlab.json'),
        workerPath: WORKER,
        recordsRoot: join(dir, records),
        numIt: 20,
        poolSize: 2,
        python: PYTHON,
        sweep: { rates: [1e-3, 1e-1, 100], epochs: 2 },
      });
    const own = await find({ type: 'pytorch', path: 'model.py' }, 'own');
    const builtIn = await find({ type: 'mlp', hidden: [8], activation: 'tanh' }, 'built-in');

    assert.equal(own.curve.lrs.length, builtIn.curve.lrs.length);
    assert.ok(own.curve.lrs.length >= 10, `range test of ${own.curve.lrs.length} steps`);
    own.curve.lrs.forEach((lr, i) => {
      assert.ok(Math.abs(lr - builtIn.curve.lrs[i]!) <= 1e-12 * lr, `lr ${i}`);
      const [a, b] = [own.curve.losses[i]!, builtIn.curve.losses[i]!];
      assert.ok(Math.abs(a - b) <= 1e-9 * Math.abs(b), `loss ${i}: ${a} vs ${b}`);
    });
    assert.equal(own.suggestions.valley, builtIn.suggestions.valley);
    assert.deepEqual(
      own.sweep!.points.map((p) => p.status),
      builtIn.sweep!.points.map((p) => p.status),
    );
    assert.deepEqual(
      own.sweep!.points.map((p) => p.status),
      ['done', 'done', 'diverged'],
    );
    // The rates that trained (a diverged one ends wherever its overflow took it).
    own.sweep!.points.forEach((p, i) => {
      const q = builtIn.sweep!.points[i]!;
      if (p.status !== 'done') return;
      assert.ok(p.objective !== null && q.objective !== null, `rate ${p.lr}`);
      assert.ok(Math.abs(p.objective - q.objective) <= 1e-9 * Math.abs(q.objective), `rate ${p.lr}`);
    });
    assert.equal(own.sweep!.lr, builtIn.sweep!.lr);
    assert.equal(own.suggestedLr, builtIn.suggestedLr);

    // The record: the Python that ran it, and the user model's own parameter names.
    const record = JSON.parse(readFileSync(join(own.recordDir!, 'record.json'), 'utf8')) as RunRecord;
    assert.equal(record.environment.python?.executable, PYTHON);
    assert.equal(record.runs.length, 4, 'the range test and three rates');
    const curves = JSON.parse(
      readFileSync(join(own.recordDir!, record.runs[0]!.curves!), 'utf8'),
    ) as CurvesFile;
    assert.deepEqual(
      curves.layout?.map((l) => l.name),
      ['0.weight', '0.bias', '2.weight', '2.bias'],
    );
  },
);

test(
  "Find Learning Rate on a data function's data: the range test equals the table path's on the same rows (full batch)",
  { skip: skipWithout('python3-torch') },
  async (t) => {
    const dir = tempDir(t);
    writeRegressionCsv(dir, 40);
    copyFileSync(join(FIXTURES, 'data_model.py'), join(dir, 'model.py'));
    const base = {
      loss: { name: 'mse' },
      objective: { metric: 'train_loss' },
      training: { epochs: 4 },
      optimizers: [{ name: 'SGD', lr: 0.01, momentum: 0.9 }],
    };
    const find = (json: object, records: string) =>
      lrFind({
        experiment: experiment({ ...base, ...json }, dir),
        experimentFile: join(dir, 'test.optlab.json'),
        workerPath: WORKER,
        recordsRoot: join(dir, records),
        numIt: 12,
        poolSize: 1,
        python: PYTHON,
      });
    const own = await find(
      { model: { type: 'pytorch', path: 'model.py', data: 'table_data', init: 'zeros' } },
      'own',
    );
    const table = await find(
      {
        data: {
          path: 'data.csv',
          target: 'y',
          split: { validation: 0 },
          preprocessing: { standardize: false },
        },
        model: { type: 'pytorch', path: 'model.py', init: 'zeros' },
      },
      'table',
    );
    assert.ok(own.curve.losses.length >= 10, `range test of ${own.curve.losses.length} steps`);
    assert.equal(own.curve.losses.length, table.curve.losses.length);
    own.curve.losses.forEach((a, i) => {
      const b = table.curve.losses[i]!;
      assert.ok(Math.abs(a! - b) <= 1e-9 * Math.abs(b), `loss ${i}: ${a} vs ${b}`);
    });
  },
);
