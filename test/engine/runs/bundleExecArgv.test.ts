import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundleExecArgv } from '../../../src/engine/runs/runPool';

test('workers drop inherited module loaders but keep other node flags', () => {
  assert.deepEqual(
    bundleExecArgv([
      '--import',
      'tsx',
      '--max-old-space-size=512',
      '--require=foo',
      '-r',
      'bar',
      '--cpu-prof',
      '--loader',
      'x',
    ]),
    ['--max-old-space-size=512', '--cpu-prof'],
  );
  assert.deepEqual(bundleExecArgv(['--import=tsx', '--enable-source-maps']), ['--enable-source-maps']);
  assert.deepEqual(bundleExecArgv([]), []);
});
