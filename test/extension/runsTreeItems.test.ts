// The runs tree's nodes built from records, without VS Code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatNumber } from '../../src/engine/format';
import {
  isLrTestRecord,
  lrTestGroupNode,
  recordNode,
  runNodes,
  shownStatus,
} from '../../src/extension/runsTreeItems';
import { labTitle } from '../../src/extension/labTitle';
import type { RunRecord, RunSummary } from '../../src/protocol/record';

function run(id: string, over: Partial<RunSummary>): RunSummary {
  return {
    id,
    configIndex: 0,
    label: `SGD(lr=0.1)`,
    config: { name: 'SGD', lr: 0.1 },
    seed: 0,
    fold: null,
    restart: null,
    status: 'done',
    steps: 100,
    epochs: 10,
    final_train_loss: 0.5,
    final_val_loss: 0.6,
    best_val_loss: 0.55,
    best_epoch: 8,
    objective: 0.6,
    metrics: {},
    diverged_at_step: null,
    message: null,
    elapsed_ms: 12.4,
    rank: null,
    curves: null,
    ...over,
  };
}

function record(runs: RunSummary[], status: RunRecord['status'] = 'done'): RunRecord {
  return {
    format: 'optimizer-lab-record',
    version: 1,
    id: '2026-01-02_10-11-12-000_iris',
    name: 'iris',
    createdAt: '2026-01-02T10:11:12.000Z',
    finishedAt: status === 'running' ? null : '2026-01-02T10:12:00.000Z',
    status,
    experimentFile: '/w/iris.optlab.json',
    environment: {
      engineVersion: '0',
      node: 'v20',
      platform: 'linux',
      arch: 'x64',
      cpus: 2,
      poolSize: 1,
      precision: 'float64',
    },
    experiment: {},
    dataset: null,
    objective: { metric: 'val_loss', mode: 'min', use: 'final' },
    runs,
  };
}

const DIR = '/w/.optimizer-lab/2026-01-02_10-11-12-000_iris';

test('a record node counts ended runs, stars, and names the best run in its tooltip', () => {
  const r = record(
    [
      run('r0', { rank: 2, objective: 0.61 }),
      run('r1', { rank: 1, objective: 0.4, label: 'Adam(lr=0.01)', configIndex: 1 }),
      run('r2', { status: 'running', objective: null }),
    ],
    'running',
  );
  const node = recordNode({ ok: true, dir: DIR, record: r }, (id) => id === 'r1');
  assert.equal(node.label, 'iris');
  assert.equal(node.description, '2026-01-02 10:11 · 2/3 runs · 1★');
  assert.equal(node.icon, 'sync~spin');
  assert.equal(node.contextValue, 'optimizerLab.record.running');
  assert.match(node.tooltip, /best: Adam\(lr=0\.01\): val_loss 0\.4 \(run r1\)/);
  assert.match(node.tooltip, /loss surface/);
  assert.equal(node.collapsible, true);
});

test('an unreadable record is a warning leaf that says why', () => {
  const node = recordNode({
    ok: false,
    dir: '/w/.optimizer-lab/broken',
    error: 'record.json is not valid JSON',
  });
  assert.equal(node.kind, 'broken');
  assert.equal(node.label, 'broken');
  assert.equal(node.icon, 'warning');
  assert.equal(node.tooltip, 'record.json is not valid JSON');
  assert.equal(node.contextValue, 'optimizerLab.brokenRecord');
});

test('runs are listed best first, unranked after in record order, with a status icon each', () => {
  const r = record([
    run('a', { status: 'diverged', objective: null, message: 'loss exceeded 1e6 × initial' }),
    run('b', { rank: 2, objective: 0.7, seed: 1, configIndex: 2 }),
    run('c', { rank: 1, objective: 0.3, configIndex: 1 }),
    run('d', { status: 'cancelled', objective: null }),
    run('e', { status: 'failed', objective: null }),
    run('f', { status: 'early-stopped', rank: 3, objective: 0.9, configIndex: 3 }),
  ]);
  const nodes = runNodes(DIR, r, (id) => id === 'b');
  assert.deepEqual(
    nodes.map((n) => n.runId),
    ['c', 'b', 'f', 'a', 'd', 'e'],
  );
  assert.deepEqual(
    nodes.map((n) => n.icon),
    ['pass', 'pass', 'debug-step-out', 'flame', 'circle-slash', 'error'],
  );
  // Seeds differ in this record, so each label names its seed; the starred run is marked.
  assert.equal(nodes[1]!.label, '★ #2 SGD(lr=0.1) seed 1');
  assert.equal(nodes[1]!.contextValue, 'optimizerLab.run.starred');
  assert.equal(nodes[0]!.contextValue, 'optimizerLab.run');
  assert.equal(nodes[0]!.description, 'best · done · val_loss 0.3');
  assert.equal(nodes[3]!.description, 'diverged · val_loss —');
  assert.match(nodes[3]!.tooltip, /status: diverged — loss exceeded/);
  assert.equal(nodes[0]!.id, `${DIR}#c`);
});

test('numbers read short', () => {
  assert.equal(formatNumber(null), '—');
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(0.123456), '0.1235');
  assert.equal(formatNumber(1234567), '1.235e+6');
  assert.equal(formatNumber(0.00001234), '1.234e-5');
});

test('queued and running runs of a running record can be cancelled one by one; finished ones cannot', () => {
  const runs = [run('a', { status: 'running' }), run('b', { status: 'queued' }), run('c', { rank: 1 })];
  const live = runNodes(DIR, record(runs, 'running'), (id) => id === 'b');
  assert.deepEqual(
    live.map((n) => [n.runId, n.contextValue]),
    [
      ['c', 'optimizerLab.run'],
      ['a', 'optimizerLab.run.active'],
      ['b', 'optimizerLab.run.active.starred'],
    ],
  );
  // A record left "running" by a crashed session has no live runs to cancel once it is marked done.
  const ended = runNodes(DIR, record(runs, 'cancelled'));
  assert.ok(ended.every((n) => !n.contextValue.includes('.active')));
});

test('a search that stopped before its end can be resumed; a live, finished or plain record cannot', () => {
  const search = (status: RunRecord['status']) => ({
    ...record([run('t0-s0', {})], status),
    experiment: { search: { strategy: 'tpe' } },
  });
  const ctx = (r: RunRecord, live = false) =>
    recordNode({ ok: true, dir: DIR, record: r }, undefined, () => live).contextValue;
  assert.equal(ctx(search('cancelled')), 'optimizerLab.record.resumable');
  assert.equal(ctx(search('failed')), 'optimizerLab.record.resumable');
  // Left "running" on disk by a session that is gone: interrupted, so resumable, not cancellable.
  assert.equal(ctx(search('running')), 'optimizerLab.record.resumable');
  assert.equal(ctx(search('running'), true), 'optimizerLab.record.running');
  assert.equal(ctx(search('done')), 'optimizerLab.record');
  assert.equal(ctx(record([run('c0-s0', {})], 'cancelled')), 'optimizerLab.record');
  // The runs of an interrupted record are not live either: nothing to cancel one by one.
  const runs = runNodes(DIR, record([run('a', { status: 'running' })], 'running'), undefined, false);
  assert.equal(runs[0]!.contextValue, 'optimizerLab.run');
});

test('a live run that streams progress shows running, though its summary still says queued', () => {
  const rec = record(
    [run('a', { status: 'queued', objective: null }), run('b', { status: 'queued', objective: null })],
    'running',
  );
  const nodes = runNodes(
    '/r',
    rec,
    () => false,
    true,
    (id) => id === 'a',
  );
  assert.deepEqual(
    nodes.map((n) => [n.runId, n.description.split(' · ')[0], n.icon]),
    [
      ['a', 'running', 'sync~spin'],
      ['b', 'queued', 'clock'],
    ],
  );
});

test('a run left unfinished in a cancelled record reads cancelled, without totals it never had', () => {
  const rec = record([run('a', { status: 'running', steps: 0, objective: null })], 'cancelled');
  const [node] = runNodes('/r', rec, () => false, false);
  assert.match(node!.tooltip, /^status: cancelled$/m);
  assert.doesNotMatch(node!.tooltip, /running|steps 0/);
  assert.equal(node!.icon, 'circle-slash');
  const gone = runNodes(
    '/r',
    record([run('a', { status: 'queued', objective: null })], 'running'),
    () => false,
    false,
  );
  assert.match(gone[0]!.description, /^interrupted/);
});

test('a record running on another machine says so, with its runs, and offers no resume', () => {
  const elsewhere: RunRecord = {
    ...record([run('a', { status: 'running', objective: null })], 'running'),
    experiment: { search: { strategy: 'tpe' } },
    owner: { pid: 4242, host: 'lab-node-7', startedAt: '2026-01-02T10:11:12.000Z' },
  };
  const node = recordNode({ ok: true, dir: DIR, record: elsewhere }, undefined, () => false);
  assert.match(node.description, /running on lab-node-7 \(cannot check\)$/);
  assert.match(node.tooltip, /^iris \(running on lab-node-7 \(cannot check\)\)/);
  assert.equal(node.contextValue, 'optimizerLab.record', 'not resumable: it may still be running there');
  const [r] = runNodes(DIR, elsewhere, undefined, false);
  assert.equal(r!.description.split(' · ')[0], 'running on lab-node-7 (cannot check)');
  assert.doesNotMatch(r!.description, /interrupted/);
});

test('shownStatus keeps an ended run as its summary says', () => {
  const rec = record([], 'cancelled');
  assert.deepEqual(shownStatus(run('a', { status: 'diverged' }), rec, false, false), {
    status: 'diverged',
    icon: 'diverged',
  });
});

test('lab tabs of two runs of one experiment have different titles', () => {
  const now = new Date(2026, 0, 2, 18, 0);
  const a = { name: 'iris', createdAt: new Date(2026, 0, 2, 14, 3).toISOString() };
  const b = { name: 'iris', createdAt: new Date(2026, 0, 2, 14, 9).toISOString() };
  assert.equal(labTitle([a], now), 'Lab: iris 14:03');
  assert.equal(labTitle([b], now), 'Lab: iris 14:09');
  assert.equal(
    labTitle([{ name: 'iris', createdAt: new Date(2026, 0, 1, 9, 5).toISOString() }], now),
    'Lab: iris 2026-01-01 09:05',
  );
  assert.equal(labTitle([a, b, { name: 'wine', createdAt: a.createdAt }], now), 'Lab: compare iris, wine');
  assert.equal(labTitle([], now), 'Optimizer Lab');
});

test('LR range test records are told apart from experiment records', () => {
  const ok = (id: string, name: string) => ({
    ok: true as const,
    dir: `/r/${id}`,
    record: { ...record([]), id, name },
  });
  assert.equal(isLrTestRecord(ok('2026-01-02_10-11-12-000_iris-lr-find', 'iris (LR range test)')), true);
  assert.equal(isLrTestRecord(ok('2026-01-02_10-11-12-000_iris', 'iris')), false);
  assert.equal(isLrTestRecord({ ok: false, dir: '/r/x', error: 'unreadable' }), false);
  const group = lrTestGroupNode(3);
  assert.equal(group.kind, 'group');
  assert.equal(group.description, '3');
  assert.equal(group.collapsible, true);
});
