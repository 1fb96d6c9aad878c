// Limits and clear messages checked before anything runs: model memory, steps per run, runs in
// all; a number JSON cannot hold; a newline inside a quoted value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseExperimentText } from '../../../src/engine/experiment/loadExperiment';
import { ExperimentError } from '../../../src/engine/errors';
import { modelMemoryBytes, parameterCount, WASM_MEMORY_BYTES } from '../../../src/engine/experiment/limits';
import { cli } from '../../helpers/cli';
import { tempDir } from '../runs/runSpecs';

function issuesOf(text: string): string[] {
  try {
    parseExperimentText(text, 'e.optlab.json', '/tmp');
  } catch (e) {
    assert.ok(e instanceof ExperimentError, String(e));
    return e.format().split('\n');
  }
  return [];
}

const data = (extra: object) =>
  JSON.stringify({ data: { path: 'x.csv', target: 'y' }, optimizers: [{ name: 'Adam', lr: 0.1 }], ...extra });

test('a model too big for one WebAssembly memory is an invalid file, located at model.hidden', () => {
  const lines = issuesOf(data({ model: { type: 'mlp', hidden: [100000, 100000] } }));
  assert.equal(lines.length, 1);
  assert.match(
    lines[0]!,
    /^e\.optlab\.json:1:\d+: model\.hidden: the model has 10,000,400,001 parameters or more: in float64 its buffers need 298\.0 GiB, more than the 4\.0 GiB one WebAssembly memory can hold/,
  );
  assert.deepEqual(issuesOf(data({ model: { type: 'mlp', hidden: [1000, 1000] } })), []);
});

test('model memory: parameters × precision bytes, the larger of the model and the Adam buffers', () => {
  assert.equal(parameterCount([4, 16, 3]), 4 * 16 + 16 + 16 * 3 + 3);
  const p = parameterCount([4, 16, 3]);
  assert.equal(modelMemoryBytes([4, 16, 3], 'float64', 1), 8 * 4 * p);
  assert.equal(modelMemoryBytes([4, 16, 3], 'float32', 1), 4 * 4 * p);
  assert.ok(modelMemoryBytes([1, 40000, 40000, 1], 'float32', 1) > WASM_MEMORY_BYTES);
});

test('steps per run and runs in all are bounded with the numbers that make them', () => {
  const [steps] = issuesOf(
    JSON.stringify({
      surface: { name: 'booth' },
      training: { steps: 5_000_000 },
      optimizers: [{ name: 'SGD', lr: 0.1 }],
    }),
  );
  assert.match(steps!, /training\.steps: 5,000,000 steps, more than the 3,000,000 a run can record/);
  const [epochs] = issuesOf(data({ training: { epochs: 4_000_000 } }));
  assert.match(epochs!, /training\.epochs: 4,000,000 epochs × 1 steps per epoch = 4,000,000 steps/);
  const seeds = Array.from({ length: 20_000 }, (_, i) => i);
  const [runs] = issuesOf(
    JSON.stringify({
      surface: { name: 'booth' },
      training: { seeds },
      optimizers: Array.from({ length: 6 }, (_, i) => ({ name: 'SGD', lr: 0.1 * (i + 1) })),
    }),
  );
  assert.match(
    runs!,
    /training\.seeds: 6 configurations × 20,000 runs each = 120,000 runs, more than the 100,000/,
  );
});

test('lr: 1e999 reads "must be a finite number, got 1e999", not "got null"', () => {
  const lines = issuesOf('{"surface": {"name": "booth"}, "optimizers": [{"name": "Adam", "lr": 1e999}]}');
  assert.deepEqual(lines, ['e.optlab.json:1:70: optimizers[0].lr: must be a finite number, got 1e999']);
});

test('a newline inside a quoted value keeps the located message on one line', () => {
  const lines = issuesOf('{"surface": {"name": "bo\\noth"}, "optimizers": [{"name": "SGD", "lr": 0.1}]}');
  assert.equal(lines.length, 1);
  assert.match(
    lines[0]!,
    /^e\.optlab\.json:1:22: surface\.name: unknown surface "bo\\noth", did you mean "booth"\?/,
  );
});

test('run of a model too big for the engine exits 1 with the message, writing no record', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'x.csv'), 'a,y\n1,2\n3,4\n5,6\n');
  writeFileSync(join(dir, 'big.optlab.json'), data({ model: { type: 'mlp', hidden: [100000, 100000] } }));
  const r = await cli(['run', 'big.optlab.json', '--out', 'out'], dir);
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stderr, /WebAssembly memory can hold/);
  const v = await cli(['validate', 'big.optlab.json'], dir);
  assert.equal(v.code, 1);
  assert.match(v.stderr, /model\.hidden: the model has/);
});

test('a missing column of a file that is not named as a data file is not quoted', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/:/bin/sh\n');
  writeFileSync(
    join(dir, 'e.optlab.json'),
    JSON.stringify({
      data: { path: 'passwd', target: 'y', format: 'csv' },
      surface: undefined,
      optimizers: [{ name: 'SGD', lr: 0.1 }],
    }),
  );
  const r = await cli(['run', 'e.optlab.json', '--out', 'out'], dir);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no target column "y" in the file; it has 1 column/);
  assert.ok(!r.stderr.includes('root:x'), r.stderr);
});
