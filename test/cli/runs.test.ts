// `optimizer-lab runs list|show|rm` on records written by a real `run`, plus corrupt folders.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { cli } from '../helpers/cli';
import { tempDir, writeRegressionCsv } from '../engine/runs/runSpecs';

/** One real run (2 configurations × 1 seed) for the whole file; each test gets its own copy. */
const original = (async () => {
  const dir = mkdtempSync(join(tmpdir(), 'optlab-runs-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  writeRegressionCsv(dir, 30);
  writeFileSync(
    join(dir, 'exp.optlab.json'),
    JSON.stringify({
      data: { path: 'data.csv', target: 'y' },
      training: { epochs: 3, seeds: [0] },
      optimizers: [
        { name: 'SGD', lr: 0.05 },
        { name: 'Adam', lr: 0.01 },
      ],
    }),
  );
  const r = await cli(['run', 'exp.optlab.json', '--out', 'records', '--json', '--workers', '1'], dir);
  assert.equal(r.code, 0, r.stderr);
  return { dir, json: JSON.parse(r.stdout) as RunJson };
})();

interface RunJson {
  record: string;
  runs: { id: string; label: string; rank: number; metric: number }[];
}

/** A folder holding `records/<id>/`, a copy of the file's one real record. */
async function withRecord(t: { after(fn: () => void): void }) {
  const { dir: from, json } = await original;
  const dir = tempDir(t);
  cpSync(join(from, 'records'), join(dir, 'records'), { recursive: true });
  const id = basename(json.record);
  const best = json.runs.find((x) => x.rank === 1)!;
  return { dir, root: join(dir, 'records'), recordDir: join(dir, 'records', id), id, best };
}

test('runs list: one line per record with its status, run count and best run', async (t) => {
  const { dir, id, best } = await withRecord(t);
  const r = await cli(['runs', 'list', '--dir', 'records'], dir);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '');
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0]!, /^record\s+status\s+runs\s+best run\s+objective \(mean ± std\)$/);
  const cells = lines[2]!.split(/\s{2,}/);
  assert.deepEqual(cells.slice(0, 4), [id, 'done', '2', `${best.id} ${best.label}`]);
  // The objective, rounded for the table.
  assert.ok(
    Math.abs(Number(cells[4]) - best.metric) <= 5e-4 * Math.abs(best.metric),
    `${cells[4]} vs ${best.metric}`,
  );

  const j = await cli(['runs', 'list', '--dir', 'records', '--json'], dir);
  assert.equal(j.code, 0);
  const list = JSON.parse(j.stdout);
  assert.equal(list.length, 1);
  assert.equal(list[0].id, id);
  assert.equal(list[0].status, 'done');
  assert.equal(list[0].runs, 2);
  assert.equal(list[0].best, `${best.id} ${best.label}`);
  assert.equal(list[0].bestObjective, best.metric);
});

test('runs list and show: a record left running on another machine is "running on HOST (cannot check)"', async (t) => {
  const { dir, recordDir, id } = await withRecord(t);
  const header = JSON.parse(readFileSync(join(recordDir, 'record.json'), 'utf8'));
  // As a synced folder holds it while another machine runs it: its pid means nothing here.
  writeFileSync(
    join(recordDir, 'record.json'),
    JSON.stringify({
      ...header,
      status: 'running',
      finishedAt: null,
      owner: { pid: 999_999_999, host: 'lab-node-7', startedAt: header.createdAt },
    }),
  );
  const r = await cli(['runs', 'list', '--dir', 'records'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout.trimEnd().split('\n')[2]!,
    new RegExp(`^${id}\\s+running on lab-node-7 \\(cannot check\\)\\s+2`),
  );
  assert.doesNotMatch(r.stdout, /interrupted/);
  const j = JSON.parse((await cli(['runs', 'list', '--dir', 'records', '--json'], dir)).stdout);
  assert.equal(j[0].status, 'running');
  assert.equal(j[0].runningOn, 'lab-node-7');
  const show = await cli(['runs', 'show', id, '--dir', 'records'], dir);
  assert.match(show.stdout, /^\S+ \(running on lab-node-7 \(cannot check\)\), /);
});

test('runs list: corrupt record folders are reported on stderr and skipped, exit 0', async (t) => {
  const { dir, root, id } = await withRecord(t);
  mkdirSync(join(root, 'zz-truncated'));
  writeFileSync(join(root, 'zz-truncated', 'record.json'), '{"format": "optimizer-lab-record", "runs": [');
  mkdirSync(join(root, 'zz-wrong'));
  writeFileSync(join(root, 'zz-wrong', 'record.json'), '{"format": "something-else"}');
  const r = await cli(['runs', 'list', '--dir', 'records'], dir);
  assert.equal(r.code, 0);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 3, 'the good record still listed');
  assert.ok(lines[2]!.startsWith(`${id}  `));
  const skipped = r.stderr.trimEnd().split('\n');
  assert.equal(skipped.length, 2, r.stderr);
  assert.equal(
    skipped[0],
    `skipped ${join(root, 'zz-wrong')}: record.json does not match the record format: format: Invalid input: expected "optimizer-lab-record"`,
  );
  assert.equal(
    skipped[1],
    `skipped ${join(root, 'zz-truncated')}: record.json is not valid JSON (half-written or corrupt)`,
  );

  // Only corrupt folders left: nothing listed, still exit 0.
  const onlyBad = await cli(['runs', 'rm', id, '--dir', 'records'], dir);
  assert.equal(onlyBad.code, 0);
  const empty = await cli(['runs', 'list', '--dir', 'records'], dir);
  assert.equal(empty.code, 0);
  assert.equal(empty.stdout, `no records in ${root}\n`);
  assert.equal(empty.stderr.split('\n').filter(Boolean).length, 2);
});

test('runs show: the ranked table and every run, by id prefix or folder path; --json', async (t) => {
  const { dir, root, recordDir, id, best } = await withRecord(t);
  const r = await cli(['runs', 'show', id.slice(0, 10), '--dir', 'records'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^exp \\(done\\), \\d{4}-\\d\\d-\\d\\dT[^\\n]*Z\\n`));
  assert.ok(r.stdout.includes(`record: ${recordDir}\nreport: ${join(recordDir, 'report.html')}\n`));
  assert.match(r.stdout, /rank\s+configuration\s+val_loss\s+status\s+steps\s+time/);
  assert.match(
    r.stdout,
    /run\s+configuration\s+seed\s+status\s+steps\s+train loss\s+val loss\s+objective\s+rank/,
  );
  assert.match(
    r.stdout,
    new RegExp(
      `\\n${best.id}\\s+${best.label.replace(/[()]/g, '\\$&')}\\s+0\\s+done\\s+\\d+\\s+\\S+\\s+\\S+\\s+\\S+\\s+1\\n`,
    ),
  );
  assert.equal(r.stdout.match(/^c\d-s0 /gm)?.length, 2);

  const byPath = await cli(['runs', 'show', recordDir, '--json'], '/');
  assert.equal(byPath.code, 0, byPath.stderr);
  const j = JSON.parse(byPath.stdout);
  assert.equal(j.dir, recordDir);
  assert.equal(j.id, id);
  assert.equal(j.runs.length, 2);
  assert.equal(j.format, 'optimizer-lab-record');

  const unknown = await cli(['runs', 'show', 'nope', '--dir', 'records'], dir);
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stderr, `optimizer-lab runs: no record "nope" in ${root}\n`);
  const two = await cli(['runs', 'show', 'a', 'b', '--dir', 'records'], dir);
  assert.equal(two.code, 1);
  assert.equal(two.stderr, 'optimizer-lab runs: runs show takes one record ID\n');
});

test('runs rm: deletes the record folder; unknown ids and sub-commands exit 1', async (t) => {
  const { dir, root, recordDir, id } = await withRecord(t);
  const r = await cli(['runs', 'rm', id, '--dir', 'records'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `deleted ${recordDir}\n`);
  assert.ok(!existsSync(recordDir));
  assert.deepEqual(readdirSync(root), []);

  const again = await cli(['runs', 'rm', id, '--dir', 'records'], dir);
  assert.equal(again.code, 1);
  assert.equal(again.stderr, `optimizer-lab runs: no record "${id}" in ${root}\n`);
  const none = await cli(['runs', 'rm', '--dir', 'records'], dir);
  assert.equal(none.code, 1);
  assert.equal(none.stderr, 'optimizer-lab runs: runs rm takes at least one record ID\n');
  const bad = await cli(['runs', 'frob'], dir);
  assert.equal(bad.code, 1);
  assert.equal(bad.stderr, 'optimizer-lab runs: unknown sub-command "frob"; expected list, show or rm\n');
});

test('runs list: the default folder is ./.optimizer-lab; a missing one lists nothing', async (t) => {
  const dir = tempDir(t);
  const r = await cli(['runs', 'list'], dir);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, `no records in ${join(dir, '.optimizer-lab')}\n`);
  assert.equal(r.stderr, '');
});
