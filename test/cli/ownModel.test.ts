// `run` on a user's own PyTorch model from the command line: --python and OPTIMIZER_LAB_PYTHON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { PYTHON, skipWithout } from '../helpers/debianPackage';

const FIXTURES = join(__dirname, '..', 'fixtures', 'pytorch');

function workspace(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'optlab-own-model-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  copyFileSync(join(FIXTURES, 'mlp_model.py'), join(dir, 'model.py'));
  copyFileSync(join(__dirname, '..', '..', 'samples', 'iris.csv'), join(dir, 'iris.csv'));
  writeFileSync(
    join(dir, 'own.optlab.json'),
    JSON.stringify({
      data: { path: 'iris.csv', target: 'species' },
      model: { type: 'pytorch', path: 'model.py' },
      training: { epochs: 3, batch_size: 32 },
      optimizers: [{ name: 'Adam', lr: 0.01 }],
    }),
  );
  return dir;
}

test(
  'run --python PATH trains the model file; a Python without torch exits 1 naming the install command',
  { skip: skipWithout('python3-torch') },
  async (t) => {
    const dir = workspace(t);
    const ok = await cli(['run', 'own.optlab.json', '--python', PYTHON, '--json', '--out', 'records'], dir);
    assert.equal(ok.code, 0, ok.stderr);
    const out = JSON.parse(ok.stdout) as { runs: { status: string; steps: number }[] };
    assert.deepEqual(
      out.runs.map((r) => [r.status, r.steps]),
      [['done', 12]],
    );

    const saved = process.env['OPTIMIZER_LAB_PYTHON'];
    process.env['OPTIMIZER_LAB_PYTHON'] = join(FIXTURES, 'no_torch_python.sh');
    t.after(() => {
      if (saved === undefined) delete process.env['OPTIMIZER_LAB_PYTHON'];
      else process.env['OPTIMIZER_LAB_PYTHON'] = saved;
    });
    const missing = await cli(['run', 'own.optlab.json', '--out', 'records2'], dir);
    assert.equal(missing.code, 1);
    assert.match(
      missing.stderr,
      /PyTorch is not installed .*pip install torch.*apt-get install python3-torch/s,
    );
  },
);

test(
  'runs show names the Python of a user-model record; lr-find --python runs the range test on the model file',
  { skip: skipWithout('python3-torch') },
  async (t) => {
    const dir = workspace(t);
    const ok = await cli(['run', 'own.optlab.json', '--python', PYTHON, '--out', 'records'], dir);
    assert.equal(ok.code, 0, ok.stderr);
    const show = await cli(['runs', 'show', '--dir', 'records', readdirSync(join(dir, 'records'))[0]!], dir);
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /^python: Python 3\.\d+\S* \(.*python3?\), torch \d+\.\d+\S*, on (cpu|cuda)$/m);

    const found = await cli(
      ['lr-find', 'own.optlab.json', '--method', 'range', '--num-it', '15', '--python', PYTHON, '--json'],
      dir,
    );
    assert.equal(found.code, 0, found.stderr);
    const out = JSON.parse(found.stdout) as {
      stopped: string;
      suggested_lr: number | null;
      curve: { lrs: number[] };
    };
    assert.ok(out.curve.lrs.length >= 10, found.stdout);
    assert.equal(typeof out.suggested_lr, 'number');
  },
);
