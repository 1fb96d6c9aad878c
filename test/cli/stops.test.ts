// Every way a CLI run can stop leaves a record that says how: SIGTERM and SIGHUP save and exit
// 143 / 129, kill -9 leaves a record `runs list` shows as interrupted, 20 same-named runs started
// at once into one folder make 20 records, and a run of a million steps finishes with its record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { distFile } from '../../src/cli/distPaths';
import { readRecord } from '../../src/engine/runs/records';
import { cli } from '../helpers/cli';
import { tempDir } from '../engine/runs/runSpecs';

const CLI = distFile('cli.js');

/** A surface experiment: a run that diverges at once, then one that runs for minutes. */
function stoppable(dir: string): string {
  writeFileSync(
    join(dir, 'long.optlab.json'),
    JSON.stringify({
      name: 'long',
      surface: { name: 'rosenbrock', start: [-1.5, 2] },
      training: { steps: 3_000_000 },
      optimizers: [
        { name: 'SGD', lr: 10 },
        { name: 'Adam', lr: 0.0001 },
      ],
    }),
  );
  return 'long.optlab.json';
}

function start(
  dir: string,
  args: string[],
): { child: ChildProcess; stderr: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  child.stdout!.resume();
  const exit = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return { child, stderr: () => stderr, exit };
}

/** Resolves once the child's stderr matches (its progress says a run ended, or started). */
function stderrMatches(p: ReturnType<typeof start>, re: RegExp): Promise<void> {
  return new Promise((res, rej) => {
    const check = (): void => {
      if (re.test(p.stderr())) {
        p.child.stderr!.off('data', check);
        res();
      }
    };
    p.child.stderr!.on('data', check);
    p.child.on('exit', () => (re.test(p.stderr()) ? res() : rej(new Error(`exited first: ${p.stderr()}`))));
    check();
  });
}

function onlyRecord(root: string): string {
  const names = readdirSync(root);
  assert.equal(names.length, 1, names.join(', '));
  return join(root, names[0]!);
}

for (const [signal, code] of [
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const) {
  test(
    `${signal}: the run stops, finished runs and the partial curve are saved, exit ${code}`,
    { timeout: 120_000 },
    async (t) => {
      const dir = tempDir(t);
      const file = stoppable(dir);
      const p = start(dir, ['run', file, '--out', 'out', '--workers', '1']);
      // The first run diverged and was saved; the second is under way.
      await stderrMatches(p, /diverged/);
      p.child.kill(signal);
      assert.equal(await p.exit, code, p.stderr());
      const entry = await readRecord(onlyRecord(join(dir, 'out')));
      assert.ok(entry.ok, entry.ok ? '' : entry.error);
      const r = entry.record;
      assert.equal(r.status, 'cancelled');
      assert.equal(r.message, `stopped by ${signal}`);
      assert.deepEqual(
        r.runs.map((x) => x.status),
        ['diverged', 'cancelled'],
      );
      const partial = r.runs[1]!;
      // The signal can land between the first run's end and the second one's start (nothing
      // outside the process tells them apart); then it never started. Else its partial curve is kept.
      if (partial.message === 'cancelled before it started') {
        t.diagnostic('the second run had not started when the signal came');
      } else {
        assert.ok(partial.steps > 0 && partial.curves, 'the stopped run keeps its partial curve');
        const curves = JSON.parse(readFileSync(join(entry.dir, partial.curves!), 'utf8'));
        assert.equal(curves.stepLoss.length, partial.steps);
      }
      assert.ok(existsSync(join(entry.dir, 'report.html')));
    },
  );
}

test(
  'kill -9: the record stays as it was, and `runs list` shows it as interrupted',
  { timeout: 120_000 },
  async (t) => {
    const dir = tempDir(t);
    const file = stoppable(dir);
    const p = start(dir, ['run', file, '--out', 'out', '--workers', '1']);
    await stderrMatches(p, /diverged/);
    p.child.kill('SIGKILL');
    await p.exit;
    const list = await cli(['runs', 'list', '--dir', 'out', '--json'], dir);
    assert.equal(list.code, 0, list.stderr);
    const records = JSON.parse(list.stdout);
    assert.equal(records.length, 1);
    assert.equal(records[0].status, 'interrupted');
    const text = await cli(['runs', 'list', '--dir', 'out'], dir);
    assert.match(text.stdout, /interrupted/);
    const entry = await readRecord(onlyRecord(join(dir, 'out')));
    assert.ok(
      entry.ok && entry.record.runs[0]!.status === 'diverged',
      'the run that ended before the kill is kept',
    );
  },
);

test(
  '20 same-named runs started at once into one folder make 20 complete records',
  { timeout: 300_000 },
  async (t) => {
    const dir = tempDir(t);
    writeFileSync(
      join(dir, 'tiny.optlab.json'),
      JSON.stringify({
        name: 'same',
        surface: { name: 'booth' },
        training: { steps: 20 },
        optimizers: [{ name: 'SGD', lr: 0.01 }],
      }),
    );
    const procs = Array.from({ length: 20 }, () =>
      start(dir, ['run', 'tiny.optlab.json', '--out', 'out', '--workers', '1', '--json']),
    );
    const codes = await Promise.all(procs.map((p) => p.exit));
    assert.deepEqual(codes, Array(20).fill(0), procs.map((p) => p.stderr()).join('\n'));
    const names = readdirSync(join(dir, 'out'));
    assert.equal(names.length, 20);
    for (const n of names) {
      const entry = await readRecord(join(dir, 'out', n));
      assert.ok(entry.ok, n);
      assert.equal(entry.record.status, 'done');
      assert.equal(entry.record.id, n);
      assert.equal(entry.record.runs[0]!.status, 'done');
      assert.ok(existsSync(join(dir, 'out', n, 'report.html')));
    }
  },
);

test(
  'a run of a million steps (150,000 epochs with validation) finishes and its record is complete',
  { timeout: 300_000 },
  async (t) => {
    const dir = tempDir(t);
    const rows = ['x,y'];
    for (let i = 0; i < 10; i++) rows.push(`${i / 10},${(2 * i) / 10 + 1}`);
    writeFileSync(join(dir, 'tiny.csv'), `${rows.join('\n')}\n`);
    writeFileSync(
      join(dir, 'long.optlab.json'),
      JSON.stringify({
        name: 'million',
        data: { path: 'tiny.csv', target: 'y', split: { validation: 0.3, seed: 0 } },
        model: { type: 'linear' },
        training: { epochs: 150_000, batch_size: 1, seeds: [0] },
        optimizers: [{ name: 'SGD', lr: 0.01 }],
      }),
    );
    // Spreading a 150,000-long validation curve into Math.min overflowed the stack here.
    const r = await cli(['run', 'long.optlab.json', '--out', 'out', '--json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const entry = await readRecord(onlyRecord(join(dir, 'out')));
    assert.ok(entry.ok);
    const run = entry.record.runs[0]!;
    assert.equal(entry.record.status, 'done');
    assert.equal(run.status, 'done');
    assert.equal(run.steps, 1_050_000);
    assert.ok(run.best_val_loss !== null && Number.isFinite(run.best_val_loss));
    assert.ok(existsSync(join(entry.dir, run.curves!)) && existsSync(join(entry.dir, 'report.html')));
  },
);
