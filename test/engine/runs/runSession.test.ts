// RunSession: folders no two runs share, saves that cost O(new data), a final status on every
// exit, and records whose writer died read as interrupted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RunSession, endOpenSessionsSync, type RecordHeader } from '../../../src/engine/runs/runSession';
import {
  JOURNAL_FILE,
  listRecords,
  readRecord,
  runningElsewhere,
  statusText,
  writeRecord,
} from '../../../src/engine/runs/records';
import { processStartOf } from '../../../src/engine/runs/processStart';
import type { RunSummary } from '../../../src/protocol/record';
import { emptyRecord, tempDir } from './runSpecs';

function header(runs: RunSummary[] = []): RecordHeader {
  const { name, experimentFile, environment, experiment, dataset, objective } = emptyRecord('x');
  return { name, experimentFile, environment, experiment, dataset, objective, runs };
}

function summary(i: number, extra: Partial<RunSummary> = {}): RunSummary {
  return {
    id: `c0-s${i}`,
    configIndex: 0,
    label: 'Adam(lr=0.01)',
    config: { name: 'Adam', lr: 0.01 },
    seed: i,
    fold: null,
    restart: null,
    status: 'queued',
    steps: 0,
    epochs: 0,
    final_train_loss: null,
    final_val_loss: null,
    best_val_loss: null,
    best_epoch: null,
    objective: null,
    metrics: {},
    diverged_at_step: null,
    message: null,
    elapsed_ms: 0,
    rank: null,
    curves: null,
    ...extra,
  };
}

/** Runs n seeds through a session the way runExperiment does and returns what it wrote. */
async function saveCost(root: string, n: number): Promise<{ bytes: number; writes: number }> {
  const runs = Array.from({ length: n }, (_, i) => summary(i));
  const session = await RunSession.create(root, { ...header(runs), name: `cost-${n}` });
  await Promise.all(
    runs.map((r, i) => session.endRun({ ...r, status: 'done', steps: 10, objective: (i * 7919) % n }, null)),
  );
  await session.end('done');
  const entry = await readRecord(session.dir);
  assert.ok(entry.ok);
  assert.equal(entry.record.runs.filter((r) => r.status === 'done').length, n, 'every run is in the record');
  assert.equal(entry.record.runs.find((r) => r.rank === 1)?.objective, 0, 'ranked on read');
  return session.stats;
}

test('saving costs O(new data): 3,000 seeds write about 10 × what 300 do, not 100 ×', async (t) => {
  const root = tempDir(t);
  const small = await saveCost(root, 300);
  const large = await saveCost(root, 3000);
  const ratio = large.bytes / small.bytes;
  t.diagnostic(`bytes: 300 seeds ${small.bytes}, 3000 seeds ${large.bytes}, ratio ${ratio.toFixed(2)}`);
  // Rewriting the whole record after every run (the old way) made this ratio ~100.
  assert.ok(ratio < 12, `write cost grew ${ratio.toFixed(1)} × for 10 × the runs`);
  assert.ok(large.writes / small.writes < 12);
});

test('20 sessions of one name started at the same instant get 20 folders and 20 records', async (t) => {
  const root = tempDir(t);
  const at = new Date('2026-03-04T05:06:07.089Z');
  const sessions = await Promise.all(
    Array.from({ length: 20 }, (_, i) => RunSession.create(root, header([summary(i)]), at)),
  );
  await Promise.all(sessions.map((s, i) => s.endRun(summary(i, { status: 'done', objective: i }), null)));
  await Promise.all(sessions.map((s) => s.end('done')));
  assert.equal(new Set(sessions.map((s) => s.dir)).size, 20);
  assert.equal(readdirSync(root).length, 20);
  const entries = await listRecords(root);
  assert.equal(entries.filter((e) => e.ok && e.record.status === 'done').length, 20);
  const seeds = entries.map((e) => (e.ok ? e.record.runs[0]!.seed : -1)).sort((a, b) => a - b);
  assert.deepEqual(
    seeds,
    Array.from({ length: 20 }, (_, i) => i),
    'each record kept its own run',
  );
});

test('the journal: runs read before the end, a torn last line skipped, the end folds it into the header', async (t) => {
  const root = tempDir(t);
  const session = await RunSession.create(root, header([summary(0), summary(1)]));
  await session.endRun(summary(0, { status: 'done', objective: 0.5 }), null);
  // A writer killed mid-append leaves half a line.
  appendFileSync(join(session.dir, JOURNAL_FILE), '{"id":"c0-s1","status":"do');
  const live = await readRecord(session.dir);
  assert.ok(live.ok);
  assert.equal(live.record.status, 'running', 'its writer (this process) is alive');
  assert.deepEqual(
    live.record.runs.map((r) => [r.id, r.status, r.rank]),
    [
      ['c0-s0', 'done', 1],
      ['c0-s1', 'queued', null],
    ],
  );
  await session.end('cancelled', 'stopped by SIGTERM');
  const header1 = JSON.parse(readFileSync(join(session.dir, 'record.json'), 'utf8'));
  assert.equal(header1.status, 'cancelled');
  assert.equal(header1.message, 'stopped by SIGTERM');
  assert.deepEqual(
    header1.runs.map((r: RunSummary) => [r.id, r.status]),
    [
      ['c0-s0', 'done'],
      ['c0-s1', 'cancelled'],
    ],
    'a run that never ended says so in the final header',
  );
});

test('a running record whose writer process is gone reads as interrupted; a live one as running', async (t) => {
  const root = tempDir(t);
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  const deadPid = Number(dead.stdout.toString());
  const mine = await RunSession.create(root, header([summary(0)]));
  const orphan = join(root, 'orphan');
  mkdirSync(orphan);
  const record = JSON.parse(readFileSync(join(mine.dir, 'record.json'), 'utf8'));
  await writeRecord(orphan, { ...record, owner: { ...record.owner, pid: deadPid } });
  const a = await readRecord(orphan);
  assert.ok(a.ok);
  assert.equal(a.record.status, 'interrupted');
  const b = await readRecord(mine.dir);
  assert.ok(b.ok);
  assert.equal(b.record.status, 'running');
  await mine.end('done');
});

test('a running record whose pid now belongs to a newer process reads as interrupted (start times differ)', async (t) => {
  const root = tempDir(t);
  const mine = await RunSession.create(root, header([summary(0)]));
  const record = JSON.parse(readFileSync(join(mine.dir, 'record.json'), 'utf8'));
  if (process.platform === 'linux')
    assert.match(record.owner.procStart, /^\d+$/, 'the writer notes its start');
  // The test runner's process is alive; a record naming its pid with another start time was
  // written by an earlier process that had the same pid.
  const reused = join(root, 'reused');
  mkdirSync(reused);
  await writeRecord(reused, { ...record, owner: { ...record.owner, pid: process.ppid, procStart: '1' } });
  const same = join(root, 'same');
  mkdirSync(same);
  const start = processStartOf(process.ppid);
  await writeRecord(same, {
    ...record,
    owner: { ...record.owner, pid: process.ppid, ...(start !== null ? { procStart: start } : {}) },
  });
  const a = await readRecord(reused);
  const b = await readRecord(same);
  assert.ok(a.ok && b.ok);
  if (start !== null) assert.equal(a.record.status, 'interrupted');
  else t.diagnostic('no /proc here: a pid alone decides');
  assert.equal(b.record.status, 'running');
  await mine.end('done');
});

test('a running record written on another host is neither claimed alive nor interrupted: "running on HOST (cannot check)"', async (t) => {
  const root = tempDir(t);
  const mine = await RunSession.create(root, header([summary(0)]));
  const record = JSON.parse(readFileSync(join(mine.dir, 'record.json'), 'utf8'));
  const other = join(root, 'other');
  mkdirSync(other);
  // A dead pid on this machine, but the record says another machine wrote it.
  await writeRecord(other, { ...record, owner: { ...record.owner, host: 'lab-node-7', pid: 999_999_999 } });
  const e = await readRecord(other);
  assert.ok(e.ok);
  assert.equal(e.record.status, 'running');
  assert.equal(runningElsewhere(e.record), 'lab-node-7');
  assert.equal(statusText(e.record), 'running on lab-node-7 (cannot check)');
  const own = await readRecord(mine.dir);
  assert.ok(own.ok);
  assert.equal(runningElsewhere(own.record), null);
  assert.equal(statusText(own.record), 'running');
  await mine.end('done');
  const ended = await readRecord(mine.dir);
  assert.ok(ended.ok && statusText(ended.record) === 'done');
});

test('endOpenSessionsSync ends every open session at once (an uncaught exception), keeping ended runs', async (t) => {
  const root = tempDir(t);
  const s = await RunSession.create(root, header([summary(0), summary(1)]));
  await s.endRun(summary(0, { status: 'done', objective: 1 }), null);
  endOpenSessionsSync('failed', 'internal error: boom');
  const entry = await readRecord(s.dir);
  assert.ok(entry.ok);
  assert.equal(entry.record.status, 'failed');
  assert.equal(entry.record.message, 'internal error: boom');
  assert.deepEqual(
    entry.record.runs.map((r) => r.status),
    ['done', 'failed'],
  );
  await s.end('done'); // already ended: a no-op, the failure stands
  const again = await readRecord(s.dir);
  assert.ok(again.ok && again.record.status === 'failed');
});
