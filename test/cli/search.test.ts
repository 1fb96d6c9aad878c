// `optimizer-lab search` and `lr-find` in-process: the count check, the JSON and text outputs, the
// record on disk (readable by `runs show`), resume, located errors and bad options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { tempDir, writeRegressionCsv } from '../engine/runs/runSpecs';

function folder(t: { after(fn: () => void): void }, search: object): string {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 40);
  writeFileSync(
    join(dir, 's.optlab.json'),
    JSON.stringify(
      {
        data: { path: 'data.csv', target: 'y', split: { validation: 0.25, seed: 1 } },
        training: { epochs: 4, batch_size: 10 },
        optimizers: [{ name: 'SGD', lr: 0.05 }],
        search,
      },
      null,
      2,
    ),
  );
  return dir;
}

const GRID = {
  strategy: 'grid',
  parameters: {
    optimizer: { type: 'choice', values: ['SGD', 'Adam'] },
    lr: { type: 'loguniform', low: 0.001, high: 0.1, grid: 3 },
  },
  conditional: { SGD: { momentum: { type: 'choice', values: [0, 0.9] } } },
};

test('search --count says how many trials a grid makes, factor by factor, and runs nothing', async (t) => {
  const dir = folder(t, GRID);
  const r = await cli(['search', 's.optlab.json', '--count'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'grid: optimizer [SGD (momentum 2) + Adam] × lr 3 = 9 trials\n');
  assert.equal(existsSync(join(dir, '.optimizer-lab')), false);
});

test('search --json: every grid point once, the best trial, the record readable by runs show', async (t) => {
  const dir = folder(t, GRID);
  const r = await cli(['search', 's.optlab.json', '--json', '--workers', '2', '--out', 'out'], dir);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.status, 'done');
  assert.equal(j.trials.length, 9);
  assert.equal(new Set(j.trials.map((x: { params: object }) => JSON.stringify(x.params))).size, 9);
  const done = j.trials.filter((x: { status: string }) => x.status === 'done');
  const min = Math.min(...done.map((x: { value: number }) => x.value));
  assert.equal(j.best.value, min);
  assert.ok(existsSync(j.report));
  assert.match(r.stderr, /grid: optimizer \[SGD \(momentum 2\) \+ Adam\] × lr 3 = 9 trials/);
  const show = await cli(['runs', 'show', j.record, '--dir', 'out'], dir);
  assert.equal(show.code, 0, show.stderr);
  assert.match(show.stdout, new RegExp(`#${j.best.index} `));
});

test('search prints the best trial and a trials table; --resume of a finished search reruns nothing', async (t) => {
  const dir = folder(t, {
    strategy: 'random',
    parameters: { lr: { type: 'loguniform', low: 0.001, high: 0.1 } },
    budget: { trials: 3 },
  });
  const r = await cli(['search', 's.optlab.json', '--workers', '2'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^s\nstopped: 3 trials run\nbest: #\d SGD\(lr=[0-9.e-]+\) {2}val_loss [0-9.e-]+\n/);
  assert.match(r.stdout, /rank +trial +parameters +val_loss +status +time/);
  assert.equal((r.stdout.match(/ done /g) ?? []).length, 3);
  const record = /record: (.*)\n/.exec(r.stdout)![1]!;
  const again = await cli(['search', 's.optlab.json', '--resume', record, '--json'], dir);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /kept 3 finished trials/);
  assert.equal(JSON.parse(again.stdout).trials.length, 3);
});

test('search without a search section, with a bad option, or with a bad section: exit 1 with the reason', async (t) => {
  const dir = folder(t, { parameters: { lr: { type: 'loguniform', low: 0.001, high: 0.1 } } });
  writeFileSync(
    join(dir, 'plain.optlab.json'),
    JSON.stringify({ data: { path: 'data.csv', target: 'y' }, optimizers: [{ name: 'SGD' }] }),
  );
  const plain = await cli(['search', 'plain.optlab.json'], dir);
  assert.equal(plain.code, 1);
  assert.match(plain.stderr, /has no "search" section/);
  const workers = await cli(['search', 's.optlab.json', '--workers', '0'], dir);
  assert.equal(workers.code, 1);
  assert.match(workers.stderr, /--workers must be a whole number >= 1/);
  writeFileSync(
    join(dir, 'bad.optlab.json'),
    '{\n  "data": { "path": "data.csv", "target": "y" },\n  "optimizers": [{ "name": "SGD" }],\n  "search": { "parameters": { "lrr": { "type": "uniform", "low": 0, "high": 1 } } }\n}\n',
  );
  const bad = await cli(['search', 'bad.optlab.json'], dir);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /bad\.optlab\.json:4:38: search\.parameters\.lrr: "lrr" is not a keyword of SGD/);
});

test('lr-find: a sweep that blows up, a suggestion below the blow-up, the curve kept in a record', async (t) => {
  const dir = folder(t, { parameters: { lr: { type: 'loguniform', low: 0.001, high: 0.1 } } });
  const r = await cli(['lr-find', 's.optlab.json', '--json', '--num-it', '60', '--out', 'out'], dir);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.stopped, 'diverged');
  const blowUp = j.curve.lrs[j.curve.divergedAt];
  assert.ok(j.suggestions.valley > 1e-7 && j.suggestions.valley < blowUp, JSON.stringify(j.suggestions));
  assert.ok(existsSync(join(j.record, 'lr-find.json')));
  const text = await cli(
    ['lr-find', 's.optlab.json', '--num-it', '60', '--out', 'out', '--method', 'range'],
    dir,
  );
  assert.match(text.stdout, /suggested lr \(valley\): /);
  const bad = await cli(['lr-find', 's.optlab.json', '--start-lr', '0'], dir);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--start-lr must be a number > 0, got "0"/);
});

test('lr-find --json: the sweep gives suggested_lr, its 13 rates with their status, and the edge of stability', async (t) => {
  const dir = folder(t, { parameters: { lr: { type: 'loguniform', low: 0.001, high: 0.1 } } });
  const r = await cli(['lr-find', 's.optlab.json', '--json', '--out', 'out'], dir);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.method, 'sweep');
  assert.ok(j.suggestions && 'valley' in j.suggestions, 'the range test suggestions stay');
  assert.equal(j.sweep.length, 13);
  assert.deepEqual(Object.keys(j.sweep[0]).sort(), ['lr', 'objective', 'status']);
  const done = j.sweep.filter((p: { status: string }) => p.status === 'done');
  const best = done.reduce((a: { objective: number }, b: { objective: number }) =>
    b.objective < a.objective ? b : a,
  );
  assert.equal(j.suggested_lr, best.lr);
  // Linear regression with SGD blows up at large rates; the edge is the smallest that did.
  const diverged = j.sweep
    .filter((p: { status: string }) => p.status === 'diverged')
    .map((p: { lr: number }) => p.lr);
  assert.ok(diverged.length > 0);
  assert.equal(j.edge_of_stability, Math.min(...diverged));
  assert.ok(j.suggested_lr < j.edge_of_stability);
  const runs = await cli(['runs', 'show', j.record, '--json'], dir);
  assert.equal(runs.code, 0, runs.stderr);
  assert.equal(JSON.parse(runs.stdout).runs.length, 14, 'the range test and the 13 sweep runs');
  const text = await cli(['lr-find', 's.optlab.json', '--out', 'out', '--sweep-epochs', '2'], dir);
  assert.match(text.stdout, /LR sweep: 13 rates × 2 epochs/);
  assert.match(text.stdout, /suggested lr \(sweep\): /);
  const bad = await cli(['lr-find', 's.optlab.json', '--method', 'grid'], dir);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--method must be one of sweep, range, got "grid"/);
});
