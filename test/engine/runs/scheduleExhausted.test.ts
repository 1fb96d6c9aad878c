// A OneCycleLR whose total_steps runs out before training does: torch raises from scheduler.step()
// ("Tried to step 21 times. The specified number of total steps is 20"); the run ends 'failed'
// with that message and keeps the steps and epochs it finished, curves included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cli } from '../../helpers/cli';

test('a OneCycleLR that runs out of steps fails with torch message and keeps its curves', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'optlab-onecycle-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  copyFileSync(resolve(__dirname, '../../../samples/diabetes.csv'), join(dir, 'diabetes.csv'));
  writeFileSync(
    join(dir, 'e.optlab.json'),
    JSON.stringify({
      name: 'onecycle too short',
      data: { path: 'diabetes.csv', target: 'progression' },
      training: { epochs: 5, batch_size: 64, seeds: [0] },
      optimizers: [{ name: 'SGD', lr: 0.01 }],
      schedule: { name: 'OneCycleLR', max_lr: 0.1, total_steps: 20, interval: 'step' },
    }),
  );
  const r = await cli(['run', 'e.optlab.json', '--out', 'records', '--json', '--workers', '1'], dir);
  const recordDir = join(dir, 'records', readdirSync(join(dir, 'records'))[0]!);
  const record = JSON.parse(readFileSync(join(recordDir, 'record.json'), 'utf8')) as {
    runs: {
      status: string;
      steps: number;
      epochs: number;
      message: string;
      curves: string | null;
      rank: number | null;
    }[];
  };
  const run = record.runs[0]!;
  assert.equal(run.status, 'failed', r.stderr);
  // torch steps the optimizer 21 times: the 21st scheduler.step() is the one that raises.
  assert.equal(run.steps, 21);
  assert.equal(run.epochs, 3);
  assert.match(
    run.message,
    /^OneCycleLR: Tried to step 21 times\. The specified number of total steps is 20/,
  );
  assert.equal(run.rank, null);
  assert.ok(run.curves);
  const curves = JSON.parse(readFileSync(join(recordDir, run.curves), 'utf8')) as {
    stepLoss: number[];
    epochTrainLoss: number[];
  };
  assert.equal(curves.stepLoss.length, 21);
  assert.equal(curves.epochTrainLoss.length, 4);
});
