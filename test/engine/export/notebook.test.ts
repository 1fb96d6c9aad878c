// The notebook export, executed headless with Debian's Jupyter (nbconvert + ipykernel): it trains
// every configuration and seed of a record, plots the curves, ranks the configurations, and its
// last cell asserts that every final loss agrees with the record, which fails when they differ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exportFromRecord } from '../../../src/engine/export/index';
import { ConfigError } from '../../../src/engine/errors';
import { cli } from '../../helpers/cli';
import { skipWithout } from '../../helpers/debianPackage';

const SAMPLES = resolve(__dirname, '../../../samples');

interface Output {
  output_type: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}

/** Executes a notebook with `jupyter nbconvert --execute`; the executed cells' outputs, and the exit. */
function execute(path: string): { status: number | null; stderr: string; outputs: Output[][] } {
  const r = spawnSync(
    'jupyter',
    ['nbconvert', '--to', 'notebook', '--execute', path, '--output', 'executed.ipynb'],
    { encoding: 'utf8', env: { ...process.env, PYDEVD_DISABLE_FILE_VALIDATION: '1' } },
  );
  let outputs: Output[][] = [];
  try {
    const nb = JSON.parse(readFileSync(join(path, '..', 'executed.ipynb'), 'utf8')) as {
      cells: { cell_type: string; outputs?: Output[] }[];
    };
    outputs = nb.cells.filter((c) => c.cell_type === 'code').map((c) => c.outputs ?? []);
  } catch {
    // no executed notebook: the failure is in stderr
  }
  return { status: r.status, stderr: r.stderr, outputs };
}

const text = (o: Output[]) =>
  o.map((x) => (Array.isArray(x.text) ? x.text.join('') : (x.text ?? ''))).join('');

test(
  'the notebook reproduces a comparison of two optimizers over two seeds and checks it',
  { skip: skipWithout('python3-torch', 'python3-nbconvert', 'python3-matplotlib') },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'optlab-notebook-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    copyFileSync(join(SAMPLES, 'diabetes.csv'), join(dir, 'diabetes.csv'));
    writeFileSync(
      join(dir, 'compare.optlab.json'),
      JSON.stringify({
        name: "compare 'two' optimizers",
        data: { path: 'diabetes.csv', target: 'progression', preprocessing: { standardize_target: true } },
        l2: 0.001,
        training: { epochs: 4, batch_size: 64, seeds: [0, 1] },
        optimizers: [
          { name: 'SGD', lr: 0.05, momentum: 0.9 },
          { name: 'Adam', lr: 0.01 },
        ],
        schedule: { name: 'StepLR', step_size: 2, gamma: 0.5 },
      }),
    );
    const run = await cli(
      ['run', 'compare.optlab.json', '--out', 'records', '--json', '--workers', '1'],
      dir,
    );
    assert.equal(run.code, 0, run.stderr);
    const record = join(dir, 'records', readdirSync(join(dir, 'records'))[0]!);

    const nbDir = join(dir, 'analysis');
    mkdirSync(nbDir);
    const path = join(nbDir, 'compare.ipynb');
    const out = await exportFromRecord(record, { target: 'notebook', out: path });
    writeFileSync(path, out.text);
    for (const s of out.sidecars) writeFileSync(join(nbDir, s.name), s.text);
    const nb = JSON.parse(out.text) as { nbformat: number; cells: { cell_type: string; source: string[] }[] };
    assert.equal(nb.nbformat, 4);
    assert.ok(
      !out.text.includes(dir) && !out.sidecars[0]!.text.includes(dir),
      'an absolute path in the notebook',
    );

    const r = execute(path);
    assert.equal(r.status, 0, r.stderr);
    const all = r.outputs.map(text);
    assert.match(all.join('\n'), /c0-s0 +done/);
    assert.match(all.join('\n'), /c1-s1 +done/);
    assert.ok(
      r.outputs.flat().some((o) => o.data && 'image/png' in o.data),
      'a matplotlib figure',
    );
    assert.match(all.join('\n'), /^1 +SGD\(lr=0\.05, momentum=0\.9\) +2 /m);
    assert.match(
      all[all.length - 1]!,
      /^OK: 8 final losses of 4 runs agree with the record to 1e-06 relative/,
    );

    // A subset, and a record that disagrees: the check cell fails the execution.
    const one = join(dir, 'one');
    mkdirSync(one);
    const sub = await exportFromRecord(record, {
      target: 'notebook',
      out: join(one, 'one.ipynb'),
      runs: ['c1-s0'],
    });
    writeFileSync(join(one, 'one.ipynb'), sub.text);
    const side = JSON.parse(sub.sidecars[0]!.text) as {
      runs: Record<string, { engine: { final_train_loss: number } }>;
    };
    assert.deepEqual(Object.keys(side.runs), ['c1-s0']);
    side.runs['c1-s0']!.engine.final_train_loss *= 1.001;
    writeFileSync(join(one, sub.sidecars[0]!.name), JSON.stringify(side));
    const bad = execute(join(one, 'one.ipynb'));
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /the notebook does not reproduce the record:\s*\n?.*c1-s0 final_train_loss/);

    await assert.rejects(
      exportFromRecord(record, { target: 'notebook', runs: ['c9-s0'] }),
      (e: unknown) => e instanceof ConfigError && /no run "c9-s0"/.test(e.message),
    );
  },
);
