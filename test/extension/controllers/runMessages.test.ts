import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, DataError, ExperimentError } from '../../../src/engine/errors';
import { describeRunError, progressStatus, runEndLine } from '../../../src/extension/controllers/runMessages';
import { driveSession } from '../../../src/extension/controllers/sessionDriver';
import { streamAction } from '../../../src/extension/streamOffer';
import type { RunSummary } from '../../../src/protocol/record';
import type { RunProgress } from '../../../src/protocol/runs';
import { WORKER, experiment, tempDir, writeRegressionCsv } from '../../engine/runs/runSpecs';

const FILE = join(tmpdir(), 'exp', 'a.optlab.json');
const noText = () => Promise.reject(new Error('the experiment file is not needed here'));

test('an invalid experiment file opens at its first issue', async () => {
  const e = new ExperimentError(FILE, [
    { path: 'optimizers[0].lr', message: 'Invalid learning rate: -1', line: 7, column: 12 },
    { path: 'training.epochs', message: 'expected a number', line: 9, column: 3 },
  ]);
  assert.deepEqual(await describeRunError(e, FILE, noText), {
    kind: 'user',
    message: `${FILE}:7:12: optimizers[0].lr: Invalid learning rate: -1`,
    target: { path: FILE, line: 7, column: 12 },
    actions: ['Open at Problem'],
    settingsQuery: 'optimizerLab',
  });
});

test('a data file over the size limit offers streaming and the setting that refused it', async () => {
  const e = new DataError('the file is 300 MB, over the 256 MB limit', { file: 'big.csv' }, 'maxBytes');
  const r = await describeRunError(e, FILE, noText);
  assert.equal(r.kind, 'user');
  assert.ok(r.kind === 'user');
  assert.deepEqual(r.actions, [streamAction, 'Open Settings']);
  assert.equal(r.settingsQuery, 'optimizerLab.maxDataFileMB');
  assert.equal(r.target, null);
  assert.match(r.message, /\(the optimizerLab\.maxDataFileMB setting\)$/);
});

test('a data error opens the data file at its line, relative paths from the experiment folder', async () => {
  const e = new DataError('expected a number, got "abc"', { file: 'data/x.csv', line: 4, column: 2 });
  const r = await describeRunError(e, FILE, async () => '{"data": {"path": "data/x.csv", "target": "y"}}');
  assert.ok(r.kind === 'user');
  assert.deepEqual(r.target, { path: join(tmpdir(), 'exp', 'data/x.csv'), line: 4, column: 2 });
});

test('a target the data lacks opens the experiment file at data.target', async () => {
  const e = new DataError('no target column "price" in the file', { file: '/d/x.csv' });
  const text = '{\n  "data": {\n    "path": "x.csv",\n    "target": "price"\n  }\n}\n';
  const r = await describeRunError(e, FILE, async () => text);
  assert.ok(r.kind === 'user');
  assert.equal(r.target?.path, FILE);
  assert.equal(r.target?.line, 4);
});

test('a configuration mistake is shown in words with the settings; anything else is internal, with its stack logged', async () => {
  const user = await describeRunError(new ConfigError('Invalid learning rate: -1'), FILE, noText);
  assert.deepEqual(user, {
    kind: 'user',
    message: 'Invalid learning rate: -1',
    target: null,
    actions: ['Open Settings'],
    settingsQuery: 'optimizerLab',
  });
  const bug = await describeRunError(new TypeError('x is undefined'), FILE, noText);
  assert.ok(bug.kind === 'internal');
  assert.equal(bug.message, 'internal error: x is undefined');
  assert.match(bug.log, /^internal error: TypeError: x is undefined\n\s+at /);
});

test('the status bar counts ended runs and says how far a streamed pass is', () => {
  assert.equal(progressStatus(2, 8), '$(sync~spin) Optimizer Lab 2/8');
  const p = {
    steps: [],
    epochs: [],
    rows: { pass: 'validation', read: 250, total: 1000 },
  } as unknown as RunProgress;
  assert.equal(
    progressStatus(0, 4, p),
    '$(sync~spin) Optimizer Lab 0/4 · evaluating: 250 of 1000 rows read (25%)',
  );
});

test('a run end is logged at the level its status deserves', () => {
  const s = {
    id: 'run-1',
    label: 'Adam',
    status: 'diverged',
    steps: 12,
    objective: null,
    message: 'loss is NaN',
  };
  assert.deepEqual(runEndLine(s as unknown as RunSummary), {
    level: 'warn',
    line: 'run-1 Adam: diverged after 12 steps, objective —: loss is NaN',
  });
  assert.equal(runEndLine({ ...s, status: 'failed' } as unknown as RunSummary).level, 'error');
  assert.equal(
    runEndLine({ ...s, status: 'done', message: null, objective: 0.5 } as unknown as RunSummary).line,
    'run-1 Adam: done after 12 steps, objective 0.5',
  );
});

test('a search session reports each trial once with its runs, its specs growing as trials start', async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir);
  const json = {
    data: { path: 'data.csv', target: 'y', split: { validation: 0.25, seed: 3 } },
    training: { epochs: 2 },
    optimizers: [{ name: 'SGD' }],
    search: {
      strategy: 'random',
      seed: 1,
      parameters: { lr: { type: 'choice', values: [0.01, 0.1] } },
      budget: { trials: 2 },
    },
  };
  const events: string[] = [];
  let specs: unknown[] = [];
  const outcome = await driveSession(
    'search',
    {
      experiment: experiment(json, dir),
      experimentFile: join(dir, 't.optlab.json'),
      recordsRoot: join(dir, 'records'),
      workerPath: WORKER,
      poolSize: 1,
    },
    {
      begin: (_d, _r, s, count, cancelRun) => {
        specs = s;
        events.push(`begin ${count} ${cancelRun === null ? 'whole' : 'per run'}`);
      },
      progress: () => {},
      runEnded: (s) => events.push(`run ${s.status}`),
      unitEnded: () => events.push('unit'),
      log: (l) => events.push(l.replace(/ [^ ]+$/, '')),
    },
  );
  assert.equal(outcome.record.runs.length, 2);
  assert.equal(specs.length, 2, 'both trials joined the session');
  assert.deepEqual(events.slice(0, 1), ['begin 2 whole']);
  assert.deepEqual(events.filter((e) => e === 'unit').length, 2);
  assert.deepEqual(
    events.filter((e) => e.startsWith('run ')),
    ['run done', 'run done'],
  );
  assert.ok(
    events.some((e) => /^trial #0 .*: done val_loss/.test(e)),
    events.join('\n'),
  );
});
