// data.path containment: ../.., absolute paths and symlinks out of the folder are outside.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isInsideFolder } from '../../../src/engine/experiment/dataLocation';
import { tempDir } from '../runs/runSpecs';

test('isInsideFolder: files of the folder are inside; ../.., absolute paths and symlinks out are not', async (t) => {
  const root = tempDir(t);
  const ws = join(root, 'ws');
  mkdirSync(join(ws, 'data'), { recursive: true });
  writeFileSync(join(ws, 'data', 'a.csv'), 'x,y\n1,2\n');
  writeFileSync(join(root, 'secret.csv'), 'x,y\n1,2\n');
  symlinkSync(join(root, 'secret.csv'), join(ws, 'data', 'link.csv'));
  symlinkSync(root, join(ws, 'up'));
  assert.equal(await isInsideFolder(join(ws, 'data', 'a.csv'), ws), true);
  assert.equal(await isInsideFolder(join(ws, 'data', 'not-yet.csv'), ws), true, 'a missing file inside');
  assert.equal(await isInsideFolder(join(ws, 'data', '..', '..', 'secret.csv'), ws), false);
  assert.equal(await isInsideFolder('/etc/passwd', ws), false);
  assert.equal(await isInsideFolder(join(ws, 'data', 'link.csv'), ws), false, 'a symlink to outside');
  assert.equal(await isInsideFolder(join(ws, 'up', 'secret.csv'), ws), false, 'through a linked folder');
  // A workspace opened through a symlink still contains its own files.
  symlinkSync(ws, join(root, 'ws-link'));
  assert.equal(await isInsideFolder(join(ws, 'data', 'a.csv'), join(root, 'ws-link')), true);
});
