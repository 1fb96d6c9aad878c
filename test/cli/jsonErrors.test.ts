// With --json every command answers an error as {"error": {...}} on stdout, and no terminal output
// echoes the control characters a file holds (names, corrupt records).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { tempDir } from '../engine/runs/runSpecs';

const ESC = '\u001b';

function folder(t: { after(fn: () => void): void }): string {
  const dir = tempDir(t);
  writeFileSync(
    join(dir, 'bad.optlab.json'),
    '{"surface": {"name": "booth"}, "optimizers": [{"name": "Adam", "lr": -1}]}',
  );
  writeFileSync(join(dir, 'bad.csv'), 'a,b\n1,2,3\n');
  mkdirSync(join(dir, '.optimizer-lab'));
  return dir;
}

const cases: [string, string[]][] = [
  ['run', ['run', 'missing.optlab.json', '--json']],
  ['run (invalid)', ['run', 'bad.optlab.json', '--json']],
  ['search', ['search', 'bad.optlab.json', '--json']],
  ['lr-find', ['lr-find', 'missing.optlab.json', '--json']],
  ['export', ['export', 'no-such-record', '--to', 'pytorch', '--json']],
  ['runs show', ['runs', 'show', 'no-such-record', '--json']],
  ['inspect', ['inspect', 'bad.csv', '--json']],
  ['validate', ['validate', 'bad.optlab.json', '--json']],
  ['an unknown option', ['run', 'bad.optlab.json', '--json', '--nope']],
  ['a missing argument', ['runs', 'show', '--json']],
];

for (const [what, argv] of cases) {
  test(`--json: ${what} fails with exit 1 and {"error": {kind, message}} on stdout`, async (t) => {
    const dir = folder(t);
    const r = await cli(argv, dir);
    assert.equal(r.code, 1, r.stderr + r.stdout);
    const out = JSON.parse(r.stdout) as { error: { kind: string; message: string } };
    assert.equal(typeof out.error.message, 'string', r.stdout);
    assert.ok(['user', 'data', 'experiment'].includes(out.error.kind), out.error.kind);
    assert.equal(r.stderr, '', 'nothing but the JSON answer');
  });
}

test('terminal output shows an escape code from an experiment name as text, never the byte', async (t) => {
  const dir = tempDir(t);
  writeFileSync(
    join(dir, 'e.optlab.json'),
    JSON.stringify({
      name: `red${ESC}[31mtext${ESC}]0;title\u0007`,
      surface: { name: 'booth' },
      training: { steps: 5 },
      optimizers: [{ name: 'SGD', lr: 0.01 }],
    }),
  );
  const r = await cli(['run', 'e.optlab.json', '--out', 'out'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!r.stdout.includes(ESC) && !r.stderr.includes(ESC));
  assert.match(r.stdout, /red\\u001b\[31mtext/);
  const list = await cli(['runs', 'list', '--dir', 'out'], dir);
  assert.ok(!list.stdout.includes(ESC) && !list.stdout.includes('\u0007'));
});

test('a corrupt record with escape bytes is reported without echoing them', async (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'out', 'broken'), { recursive: true });
  writeFileSync(join(dir, 'out', 'broken', 'record.json'), `{"name": "${ESC}[2J${ESC}[31mgotcha`);
  const r = await cli(['runs', 'list', '--dir', 'out'], dir);
  assert.equal(r.code, 0);
  assert.match(r.stderr, /record\.json is not valid JSON/);
  assert.ok(!r.stderr.includes(ESC) && !r.stderr.includes('gotcha'), r.stderr);
  const show = await cli(['runs', 'show', 'broken', '--dir', 'out'], dir);
  assert.equal(show.code, 1);
  assert.ok(!show.stderr.includes(ESC) && !show.stderr.includes('gotcha'), show.stderr);
});
