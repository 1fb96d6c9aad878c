// `data.stream` end to end through the CLI and the worker pool: the same results as the in-memory hash-split run, and a clear refusal where streaming cannot go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../src/engine/random';
import { cli } from '../helpers/cli';
import { loadExperiment } from '../../src/engine/experiment/loadExperiment';
import { runExperiment } from '../../src/engine/runs/runExperiment';
import type { RunProgress } from '../../src/protocol/runs';
import { distFile } from '../../src/cli/distPaths';

function setUp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'optlab-stream-cli-'));
  const rng = new Rng(1);
  const lines = ['a,b,c,y'];
  for (let i = 0; i < 2000; i++) {
    const a = rng.normal();
    const b = rng.uniformRange(-2, 2);
    const c = rng.uniform() < 0.5 ? 'u' : 'v';
    lines.push(`${a},${b},${c},${a + b + (c === 'u' ? 1 : 0) + 0.5 * rng.normal() > 0.5 ? 1 : 0}`);
  }
  writeFileSync(join(dir, 'd.csv'), lines.join('\n') + '\n');
  const experiment = (name: string, data: object) => ({
    name,
    data: { path: 'd.csv', target: 'y', ...data },
    training: { epochs: 2, seeds: [0], batch_size: 8, shuffle: false },
    optimizers: [
      { name: 'SGD', lr: 0.05 },
      { name: 'Adam', lr: 0.01 },
    ],
  });
  const split = { validation: 0.2, seed: 3, method: 'hash' };
  writeFileSync(join(dir, 's.optlab.json'), JSON.stringify(experiment('s', { stream: true, split })));
  writeFileSync(join(dir, 'm.optlab.json'), JSON.stringify(experiment('m', { split })));
  return dir;
}

function record(dir: string, name: string) {
  const id = readdirSync(join(dir, '.optimizer-lab')).find((d) => d.endsWith(`_${name}`))!;
  return JSON.parse(readFileSync(join(dir, '.optimizer-lab', id, 'record.json'), 'utf8'));
}

test('a streamed experiment runs on the worker pool and matches the in-memory run with the hash split', async () => {
  const dir = setUp();
  const s = await cli(['run', 's.optlab.json'], dir);
  assert.equal(s.code, 0, s.stderr);
  const m = await cli(['run', 'm.optlab.json'], dir);
  assert.equal(m.code, 0, m.stderr);
  const rs = record(dir, 's');
  const rm = record(dir, 'm');
  assert.deepEqual(rs.dataset, { ...rm.dataset });
  for (const [i, run] of rs.runs.entries()) {
    assert.equal(run.status, 'done');
    assert.ok(
      Math.abs(run.final_val_loss - rm.runs[i].final_val_loss) < 1e-12,
      `${run.final_val_loss} vs ${rm.runs[i].final_val_loss}`,
    );
    assert.ok(Math.abs(run.final_train_loss - rm.runs[i].final_train_loss) < 1e-12);
  }
});

test('streaming refuses what it cannot do: no batch size, a command that reads the table whole', async () => {
  const dir = setUp();
  const base = JSON.parse(readFileSync(join(dir, 's.optlab.json'), 'utf8'));
  writeFileSync(
    join(dir, 'full.optlab.json'),
    JSON.stringify({ ...base, training: { ...base.training, batch_size: null } }),
  );
  const full = await cli(['run', 'full.optlab.json'], dir);
  assert.equal(full.code, 1);
  assert.match(full.stderr, /streaming training needs training\.batch_size/);
  writeFileSync(
    join(dir, 'dp.optlab.json'),
    JSON.stringify({ ...base, training: { ...base.training, data_parallel: { workers: 2 } } }),
  );
  const dp = await cli(['run', 'dp.optlab.json'], dir);
  assert.equal(dp.code, 1, dp.stderr);
  assert.match(dp.stderr, /streaming trains in one process; remove "training\.data_parallel"/);
  const lr = await cli(['lr-find', 's.optlab.json'], dir);
  assert.notEqual(lr.code, 0);
  assert.match(lr.stderr, /"data\.stream" is for running an experiment/);
});

test('a streamed run reports the rows read in its current pass over the file as progress, ending on a whole pass', async () => {
  const dir = setUp();
  const file = join(dir, 's.optlab.json');
  const experiment = loadExperiment(file);
  const seen: NonNullable<RunProgress['rows']>[] = [];
  await runExperiment({
    experiment,
    experimentFile: file,
    recordsRoot: join(dir, '.optimizer-lab'),
    workerPath: distFile('worker.js'),
    poolSize: 1,
    events: { onProgress: (_id, p) => p.rows && seen.push(p.rows) },
  });
  // Progress is sent at most 20 times a second with the latest state, so which passes a short run
  // shows depends on timing; that every report is a pass's position and the last a whole pass does not.
  assert.ok(seen.length > 0, 'rows were reported');
  assert.ok(seen.every((r) => (r.pass === 'train' || r.pass === 'evaluate') && r.total === 2000));
  assert.ok(seen.every((r) => r.read > 0 && r.read <= 2000));
  assert.equal(seen.at(-1)!.read, 2000);
});

test('a data file over the size limit is refused with the way out: streaming', async () => {
  const dir = setUp();
  const file = join(dir, 'm.optlab.json');
  await assert.rejects(
    runExperiment({
      experiment: loadExperiment(file),
      experimentFile: file,
      recordsRoot: join(dir, '.optimizer-lab'),
      workerPath: distFile('worker.js'),
      maxDataBytes: 1000,
    }),
    (e: Error) =>
      /^d\.csv: the file is .* larger than the limit of 1000 bytes; set "stream": true in the data section/.test(
        (e as { format?: () => string }).format?.() ?? '',
      ),
  );
});
