import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { cli } from '../helpers/cli';

const DIR = resolve('test/fixtures/experiments');

test('validate: a valid file prints a one-line summary and exits 0', async () => {
  const r = await cli(['validate', 'valid.optlab.json'], DIR);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '');
  assert.equal(
    r.stdout,
    `OK valid: 2 optimizer configurations × 3 seeds = 6 runs (linear model on ${resolve(DIR, 'tiny.csv')})\n`,
  );
});

test('validate: surface runs count the restarts', async () => {
  const r = await cli(['validate', resolve(DIR, 'surface.optlab.json')]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, 'OK surface: 1 optimizer configuration × 1 seed = 3 runs (surface himmelblau)\n');
});

test('validate: an invalid file lists every error as file:line:col: path: message, exit 1', async () => {
  const r = await cli(['validate', 'invalid.optlab.json'], DIR);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.equal(
    r.stderr,
    [
      'invalid.optlab.json:4:15: optimizers[0].name: unknown optimizer "Adamm", did you mean "Adam"? (one of SGD, Adagrad, RMSprop, Adadelta, Adam, AdamW, NAdam, RAdam, Adamax)',
      'invalid.optlab.json:5:22: optimizers[1].learning_rate: unknown key, did you mean "lr"?',
      '',
    ].join('\n'),
  );
});

test('validate --json: the errors as data', async () => {
  const r = await cli(['validate', 'invalid.optlab.json', '--json'], DIR);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(out.valid, false);
  assert.deepEqual(out.errors[1], {
    path: 'optimizers[1].learning_rate',
    message: 'unknown key, did you mean "lr"?',
    line: 5,
    column: 22,
  });
  assert.equal(out.errors.length, 2);
});

test('validate --json: the resolved experiment with every default', async () => {
  const r = await cli(['validate', '--json', 'valid.optlab.json'], DIR);
  assert.equal(r.code, 0);
  const out = JSON.parse(r.stdout);
  assert.equal(out.valid, true);
  assert.equal(out.experiment.name, 'valid');
  assert.equal(out.experiment.data.path, resolve(DIR, 'tiny.csv'));
  assert.equal(out.experiment.training.epochs, 5);
  assert.equal(out.experiment.training.batch_size, null);
  assert.deepEqual(out.experiment.optimizers[1].betas, [0.9, 0.999]);
});

test('validate: a missing data file is a located error on data.path', async () => {
  const r = await cli(['validate', 'missing-data.optlab.json'], DIR);
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    `missing-data.optlab.json:3:13: data.path: data file not found: ${resolve(DIR, 'no-such-file.csv')}\n`,
  );
});

test('validate: an unreadable experiment file and a wrong argument count are user errors', async () => {
  const missing = await cli(['validate', 'nope.optlab.json'], DIR);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, 'nope.optlab.json: (root): cannot read the experiment file: file not found\n');
  const none = await cli(['validate']);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /wrong number of arguments/);
});

test('validate: a search file says which search it is and its budget, not a run count', async () => {
  const r = await cli(['validate', resolve('samples/iris-search.optlab.json')]);
  assert.equal(r.code, 0);
  assert.match(
    r.stdout,
    /^OK iris-search: tpe search over optimizer, lr, .* at most 30 trials .*optimizer-lab search/,
  );
});

test('validate: target and feature names are checked against the data file header, each located', async () => {
  const r = await cli(['validate', 'wrong-columns.optlab.json'], DIR);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 2, r.stderr);
  assert.match(
    lines[0]!,
    /^wrong-columns\.optlab\.json:2:43: data\.target: no target column "Y" in the file \(did you mean "y"\?\); its columns are /,
  );
  assert.match(
    lines[1]!,
    /^wrong-columns\.optlab\.json:2:67: data\.features\[1\]: no feature column "nope" in the file/,
  );
});
