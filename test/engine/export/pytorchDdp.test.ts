// export --to pytorch-ddp, run for real with torch.distributed (2 processes, gloo, on 127.0.0.1):
// the final losses match the engine's simulated run to 1e-6 relative in float64 and the traffic
// (bytes_sent) is the same number, for dense, threshold, top-k without residuals with local
// clipping and warm-up, and top-k with DGC momentum correction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { exportFromRecord } from '../../../src/engine/export/index';
import { readRecord } from '../../../src/engine/runs/records';
import { cli } from '../../helpers/cli';
import { skipWithout } from '../../helpers/debianPackage';
import { PYTHON } from './exportRecords';

const SAMPLES = resolve(__dirname, '../../../samples');
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

/** A port free on 127.0.0.1 right now, for torchrun's rendezvous. */
function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

// Debian's torch 1.13 under Python 3.11 cannot parse torchrun's own default `--redirects 0`
// (Std.from_str iterates an IntFlag, which no longer yields the zero member): the launcher is run
// with that one function fixed, and is otherwise torch's torch.distributed.run.
const TORCHRUN = `
import runpy, sys
import torch.distributed.elastic.multiprocessing.api as api
_from_str = api.Std.from_str.__func__
api.Std.from_str = classmethod(lambda cls, vm: _from_str(cls, vm) or api.Std.NONE)
sys.argv[0] = 'torchrun'
runpy.run_module('torch.distributed.run', run_name='__main__', alter_sys=True)
`;

const EXPERIMENT = {
  data: { path: 'iris.csv', target: 'species', split: { validation: 0.2, seed: 1 } },
  model: { type: 'mlp', hidden: [8], activation: 'tanh' },
  training: {
    epochs: 6,
    batch_size: 24,
    seeds: [2],
    data_parallel: [
      { workers: 2 },
      { workers: 2, compression: { kind: 'threshold', threshold: 0.02 } },
      {
        workers: 2,
        compression: { kind: 'topk', fraction: 0.1, residual: false, clip: 1.0, warmup_epochs: 2 },
      },
      { workers: 2, compression: { kind: 'topk', fraction: 0.1, momentum_correction: true } },
    ],
  },
  optimizers: [{ name: 'SGD', lr: 0.1, momentum: 0.9, weight_decay: 0.001 }],
};

test(
  'pytorch-ddp under torch.distributed (2 processes, gloo) matches the simulated run: losses to 1e-6, bytes exactly',
  { skip: skipWithout('python3-torch') },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'optlab-ddp-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    copyFileSync(join(SAMPLES, 'iris.csv'), join(dir, 'iris.csv'));
    writeFileSync(join(dir, 'dp.optlab.json'), JSON.stringify(EXPERIMENT));
    const run = await cli(['run', 'dp.optlab.json', '--out', 'rec', '--json'], dir);
    assert.equal(run.code, 0, run.stderr);
    const recordDir = join(dir, 'rec', readdirSync(join(dir, 'rec'))[0]!);
    const entry = await readRecord(recordDir);
    assert.ok(entry.ok);
    assert.equal(entry.record.runs.length, 4);

    for (const summary of entry.record.runs) {
      const out = join(dir, summary.id);
      mkdirSync(out);
      const exported = await exportFromRecord(recordDir, { target: 'pytorch-ddp', runId: summary.id });
      const script = join(out, 'ddp.py');
      writeFileSync(script, exported.text);
      for (const s of exported.sidecars) writeFileSync(join(out, s.name), s.text);
      // torchrun starts the processes (and stops them all if the test's timeout kills it).
      const args = [
        '-c',
        TORCHRUN,
        '--nproc_per_node=2',
        '--master_addr=127.0.0.1',
        `--master_port=${await freePort()}`,
        script,
      ];
      const res = spawnSync(PYTHON, args, {
        cwd: out,
        encoding: 'utf8',
        env: { ...process.env, OMP_NUM_THREADS: '1', OPTLAB_DDP_TIMEOUT_S: '300' },
        timeout: 600_000,
      });
      const what = `${summary.label}: ${res.stderr}`;
      assert.equal(res.status, 0, what);
      const last = JSON.parse(res.stdout.trimEnd().split('\n').pop()!);
      assert.equal(last.status, summary.status, what);
      assert.equal(last.steps, summary.steps, what);
      assert.ok(rel(last.final_train_loss, summary.final_train_loss!) < 1e-6, `${what} train loss`);
      assert.ok(rel(last.final_val_loss, summary.final_val_loss!) < 1e-6, `${what} val loss`);
      assert.equal(last.bytes_sent, summary.bytes_sent, what);
      assert.ok(summary.bytes_sent! > 0);
      assert.match(res.stdout, /^traffic {2}bytes_sent \d+ {2}values_sent \d+/m, 'traffic logged per epoch');
    }
  },
);

test('pytorch-ddp refuses a run that trained in one process, saying what to do', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'optlab-ddp-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  copyFileSync(join(SAMPLES, 'iris.csv'), join(dir, 'iris.csv'));
  const { data_parallel: _, ...training } = EXPERIMENT.training;
  writeFileSync(join(dir, 'one.optlab.json'), JSON.stringify({ ...EXPERIMENT, training }));
  assert.equal((await cli(['run', 'one.optlab.json', '--out', 'rec', '--json'], dir)).code, 0);
  const recordDir = join(dir, 'rec', readdirSync(join(dir, 'rec'))[0]!);
  await assert.rejects(
    exportFromRecord(recordDir, { target: 'pytorch-ddp' }),
    /--to pytorch-ddp exports a data-parallel run; run c0-s2 trained in one process/,
  );
});

test(
  'pytorch-ddp started without torchrun says how to start it',
  { skip: skipWithout('python3-torch') },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'optlab-ddp-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    copyFileSync(join(SAMPLES, 'iris.csv'), join(dir, 'iris.csv'));
    const training = { ...EXPERIMENT.training, data_parallel: { workers: 2 } };
    writeFileSync(join(dir, 'dp.optlab.json'), JSON.stringify({ ...EXPERIMENT, training }));
    assert.equal((await cli(['run', 'dp.optlab.json', '--out', 'rec', '--json'], dir)).code, 0);
    const recordDir = join(dir, 'rec', readdirSync(join(dir, 'rec'))[0]!);
    const exported = await exportFromRecord(recordDir, { target: 'pytorch-ddp' });
    writeFileSync(join(dir, 'ddp.py'), exported.text);
    const env = { ...process.env };
    delete env['RANK'];
    const res = spawnSync(PYTHON, [join(dir, 'ddp.py')], { encoding: 'utf8', env, timeout: 120_000 });
    assert.equal(res.status, 1);
    assert.match(
      res.stderr,
      /start this script with torchrun: python3 -m torch.distributed.run --nproc_per_node=2 /,
    );
  },
);
