import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from '../helpers/cli';

test('--help lists every command and the exit codes', async () => {
  const r = await cli(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Usage: optimizer-lab <command>/);
  assert.match(r.stdout, /Exit codes: 0 ok, 1 user error/);
});

test('an unknown command is a user error (exit 1)', async () => {
  const r = await cli(['frobnicate']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /unknown command 'frobnicate'/);
});
