// `optimizer-lab export` in-process: every target to stdout or a file (with its sidecar), the
// record by folder or by id under --dir, and exit code 1 with a message for every user mistake.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { cli } from '../helpers/cli';
import { makeRecords } from '../engine/export/exportRecords';

test('export: targets, --out with sidecar, --run/--best, record ids, and user errors', async (t) => {
  const { dir, record } = await makeRecords(t, ['iris.optlab.json']);
  const rec = record['iris.optlab.json']!;

  const snippet = await cli(['export', rec, '--to', 'pytorch'], dir);
  assert.equal(snippet.code, 0, snippet.stderr);
  assert.match(snippet.stdout, /optimizer = torch\.optim\.SGD\(\n {8}model\.parameters\(\),\n {8}lr=0\.2,/);
  assert.equal((await cli(['export', rec, '--to', 'keras', '--best'], dir)).code, 0);

  // By id prefix under --dir, to a file: the script and its sidecar land side by side.
  const byId = basename(rec).slice(0, 16);
  const out = join(dir, 'exported', 'reproduce.py');
  const script = await cli(
    ['export', byId, '--dir', dirname(rec), '--run', 'c0-s0', '--to', 'pytorch-script', '--out', out],
    dir,
  );
  assert.equal(script.code, 0, script.stderr);
  assert.equal(script.stdout, '');
  assert.match(script.stderr, /^wrote .*reproduce\.py, .*optlab-c0-s0\.json\n$/);
  assert.match(readFileSync(out, 'utf8'), /^#!\/usr\/bin\/env python3/);
  assert.equal(JSON.parse(readFileSync(join(dir, 'exported', 'optlab-c0-s0.json'), 'utf8')).run, 'c0-s0');

  const cases: [string[], RegExp][] = [
    [['export', rec, '--to', 'pytorch-script'], /writes a sidecar file beside the script: give --out FILE/],
    [
      ['export', rec, '--to', 'tensorflow'],
      /unknown --to "tensorflow"; expected one of pytorch, pytorch-script/,
    ],
    [['export', rec], /--to is required/],
    [['export', rec, '--to', 'optax', '--run', 'c9-s9'], /no run "c9-s9" in this record; its runs are c0-s0/],
    [['export', rec, '--to', 'optax', '--run', 'c0-s0', '--best'], /give --run ID or --best, not both/],
    [['export', 'no-such-record', '--to', 'optax'], /no record "no-such-record"/],
  ];
  for (const [argv, message] of cases) {
    const r = await cli(argv, dir);
    assert.equal(r.code, 1, argv.join(' '));
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace for a user mistake');
  }
  assert.ok(!existsSync(join(dir, 'optlab-c0-s0.json')), 'nothing written on an error');

  const help = await cli(['export', '--help'], dir);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /pytorch-script {2}a standalone script that reproduces the run/);
});
