// Exports of streamed runs (`data.stream`), executed with Debian's torch: the script streams the file
// through the same hash split, statistics and shuffle buffer and reproduces the engine's losses to
// 1e-9; and the in-memory reader uses the delimiter the engine detected (a semicolon CSV).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportFromRecord, type ExportTarget } from '../../../src/engine/export/index';
import { readCurves, readRecord } from '../../../src/engine/runs/records';
import { Rng } from '../../../src/engine/random';
import { cli } from '../../helpers/cli';
import { skipWithout } from '../../helpers/debianPackage';
import { printedEpochs, pyCompile, PYTHON } from './exportRecords';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

/** A data file with a categorical column, a boolean, some missing cells, separated by `sep`. */
function dataFile(sep: string, rows: number, classes: boolean): string {
  const rng = new Rng(7);
  const lines = [['a', 'b', 'colour', 'flag', 'y'].join(sep)];
  for (let i = 0; i < rows; i++) {
    const a = rng.normal();
    const b = rng.uniformRange(-2, 2);
    const colour = ['red', 'green', 'blue'][rng.int(3)]!;
    const flag = rng.uniform() < 0.4;
    const signal = a - 0.5 * b + (colour === 'red' ? 1 : 0) + (flag ? 0.5 : 0) + 0.3 * rng.normal();
    const y = classes ? (signal < -0.5 ? 'low' : signal < 0.8 ? 'mid' : 'high') : String(3 * signal + 10);
    lines.push([i % 17 === 5 ? '' : String(a), String(b), colour, flag ? 'TRUE' : 'false', y].join(sep));
  }
  return `${lines.join('\n')}\n`;
}

async function record(dir: string, file: string, experiment: object): Promise<string> {
  writeFileSync(join(dir, `${file}.optlab.json`), JSON.stringify(experiment));
  const run = await cli(['run', `${file}.optlab.json`, '--out', file, '--workers', '1'], dir);
  assert.equal(run.code, 0, run.stderr);
  return join(dir, file, readdirSync(join(dir, file))[0]!);
}

/** Exports every run of a record as `target` into its own folder; the script paths. */
async function exportRuns(recordDir: string, target: ExportTarget, into: string): Promise<string[]> {
  const entry = await readRecord(recordDir);
  assert.ok(entry.ok);
  const scripts: string[] = [];
  for (const run of entry.record.runs) {
    const out = join(into, `${target}-${run.id}`);
    mkdirSync(out, { recursive: true });
    const script = join(out, 'reproduce.py');
    const r = await exportFromRecord(recordDir, { target, runId: run.id, out: script });
    writeFileSync(script, r.text);
    for (const s of r.sidecars) writeFileSync(join(out, s.name), s.text);
    scripts.push(script);
  }
  return scripts;
}

/** Runs the exported script of each run and compares every epoch's losses and the final ones. */
async function assertReproduces(
  t: { diagnostic(m: string): void },
  recordDir: string,
  into: string,
): Promise<void> {
  const entry = await readRecord(recordDir);
  assert.ok(entry.ok);
  const scripts = await exportRuns(recordDir, 'pytorch-script', into);
  assert.equal(pyCompile(scripts), '');
  for (const [i, run] of entry.record.runs.entries()) {
    const res = spawnSync(PYTHON, [scripts[i]!], { encoding: 'utf8' });
    assert.equal(res.status, 0, `${run.id}: ${res.stderr}`);
    const curves = (await readCurves(recordDir, run.curves!))!;
    const printed = printedEpochs(res.stdout);
    assert.equal(printed.length, curves.epochTrainLoss.length, run.id);
    let worst = 0;
    printed.forEach((p, e) => {
      worst = Math.max(worst, rel(p.train, curves.epochTrainLoss[e]!));
      assert.ok(rel(p.train, curves.epochTrainLoss[e]!) < 1e-9, `${run.id} epoch ${e}: train ${p.train}`);
      const v = curves.epochValidation[e]?.loss ?? null;
      if (v === null) assert.equal(p.val, null);
      else assert.ok(rel(p.val!, v) < 1e-9, `${run.id} epoch ${e}: val ${p.val} vs ${v}`);
    });
    const last = JSON.parse(res.stdout.trimEnd().split('\n').pop()!);
    assert.equal(last.status, run.status);
    assert.equal(last.steps, run.steps);
    assert.ok(rel(last.final_train_loss, run.final_train_loss!) < 1e-9, `${run.id}: final train loss`);
    assert.ok(rel(last.final_val_loss, run.final_val_loss!) < 1e-9, `${run.id}: final validation loss`);
    t.diagnostic(`${run.id}: largest epoch loss difference ${worst.toExponential(1)} relative`);
  }
}

const torch = { skip: skipWithout('python3-torch') };

test(
  'a streamed run exported as pytorch-script streams the file and reproduces the run (shuffle buffer, 1e-9)',
  torch,
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'optlab-stream-export-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'reg.csv'), dataFile(';', 1500, false));
    writeFileSync(join(dir, 'cls.tsv'), dataFile('\t', 1200, true));
    const regression = await record(dir, 'reg', {
      name: 'streamed regression',
      data: {
        path: 'reg.csv',
        target: 'y',
        stream: true,
        // Smaller than the training rows, so the buffer really reorders them.
        shuffle_buffer: 97,
        split: { method: 'hash', validation: 0.2, seed: 4 },
        preprocessing: { missing: 'mean', standardize_target: true },
      },
      model: { type: 'mlp', hidden: [6], activation: 'tanh' },
      l2: 0.001,
      training: { epochs: 3, batch_size: 16, seeds: [2], shuffle: true },
      optimizers: [
        { name: 'Adam', lr: 0.01 },
        { name: 'SGD', lr: 0.05, momentum: 0.9 },
      ],
      schedule: { name: 'StepLR', step_size: 1, gamma: 0.7 },
    });
    const classes = await record(dir, 'cls', {
      name: 'streamed classes in file order',
      data: {
        path: 'cls.tsv',
        target: 'y',
        stream: true,
        split: { method: 'hash', validation: 0.25, test: 0.1, seed: 9 },
        preprocessing: { missing: 'drop' },
      },
      training: { epochs: 2, batch_size: 1, seeds: [0], shuffle: false },
      optimizers: [{ name: 'RMSprop', lr: 0.005 }],
    });
    const side = JSON.parse(
      (await exportFromRecord(regression, { target: 'pytorch-script', runId: 'c0-s2' })).sidecars[0]!.text,
    );
    // The sidecar holds the plan, not the rows: its size does not grow with the file.
    assert.equal(side.data.stream, true);
    assert.equal(side.data.delimiter, ';');
    assert.ok(!('rows' in side.data));
    assert.equal(typeof side.batch_orders.shuffle_seed, 'number');
    await assertReproduces(t, regression, join(dir, 'out-reg'));
    await assertReproduces(t, classes, join(dir, 'out-cls'));
  },
);

test(
  "a streamed run's notebook and sweeps stream the file too",
  { skip: skipWithout('python3-torch', 'python3-nbconvert', 'python3-matplotlib') },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'optlab-stream-notebook-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'd.csv'), dataFile('|', 600, false));
    const recordDir = await record(dir, 'nb', {
      name: 'streamed notebook',
      data: {
        path: 'd.csv',
        target: 'y',
        stream: true,
        shuffle_buffer: 50,
        split: { method: 'hash', validation: 0.2, seed: 1 },
        preprocessing: { missing: 'mean' },
      },
      training: { epochs: 2, batch_size: 8, seeds: [0, 1] },
      optimizers: [{ name: 'Adam', lr: 0.01 }],
    });
    const nbDir = join(dir, 'analysis');
    mkdirSync(nbDir);
    const path = join(nbDir, 'n.ipynb');
    const out = await exportFromRecord(recordDir, { target: 'notebook', out: path });
    writeFileSync(path, out.text);
    for (const s of out.sidecars) writeFileSync(join(nbDir, s.name), s.text);
    const r = spawnSync(
      'jupyter',
      ['nbconvert', '--to', 'notebook', '--execute', path, '--output', 'executed.ipynb'],
      { encoding: 'utf8', env: { ...process.env, PYDEVD_DISABLE_FILE_VALIDATION: '1' } },
    );
    assert.equal(r.status, 0, r.stderr);
    // The notebook's last cell checks every final loss against the record and fails otherwise.
    assert.match(
      readFileSync(join(nbDir, 'executed.ipynb'), 'utf8'),
      /OK: 4 final losses of 2 runs agree with the record/,
    );
    for (const target of ['optuna', 'ray'] as const) {
      const [script] = await exportRuns(recordDir, target, join(dir, 'sweeps'));
      assert.equal(pyCompile([script!]), '');
      const sidecar = readdirSync(join(script!, '..')).find((f) => f.endsWith('.json'))!;
      const s = JSON.parse(readFileSync(join(script!, '..', sidecar), 'utf8'));
      assert.equal(s.data.stream, true, target);
      assert.equal(typeof s.batch_orders.shuffle_seed, 'number', target);
    }
  },
);

test('an in-memory export reads a semicolon CSV with the delimiter the engine detected', torch, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'optlab-semicolon-export-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'semi.csv'), dataFile(';', 300, true));
  const recordDir = await record(dir, 'semi', {
    name: 'semicolons',
    data: { path: 'semi.csv', target: 'y', preprocessing: { missing: 'mean' } },
    training: { epochs: 3, batch_size: 32, seeds: [1] },
    optimizers: [{ name: 'Adam', lr: 0.02 }],
  });
  const side = JSON.parse(
    (await exportFromRecord(recordDir, { target: 'pytorch-script' })).sidecars[0]!.text,
  );
  assert.equal(side.data.delimiter, ';');
  await assertReproduces(t, recordDir, join(dir, 'out'));
});
