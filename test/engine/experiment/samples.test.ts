import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseExperimentText } from '../../../src/engine/experiment/loadExperiment';
import { experimentFileSchema } from '../../../src/protocol/experiment';

const SAMPLES = resolve('samples');
const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.optlab.json'));

test('the expected samples exist', () => {
  for (const name of [
    'iris-optimizers',
    'diabetes-schedules',
    'breast-cancer-logistic',
    'rosenbrock',
    'saddle',
    'demo',
  ]) {
    assert.ok(files.includes(`${name}.optlab.json`), `missing samples/${name}.optlab.json`);
  }
});

for (const file of files) {
  test(`samples/${file} validates and resolves`, () => {
    const text = readFileSync(join(SAMPLES, file), 'utf8');
    assert.ok(experimentFileSchema.safeParse(JSON.parse(text)).success);
    const e = parseExperimentText(text, file, SAMPLES);
    if (e.kind === 'data' && e.data) assert.ok(e.data.path.startsWith(SAMPLES));
  });
}

test('the demo is small enough to run in seconds: full batch, one seed, at most 200 epochs', () => {
  const file = join(SAMPLES, 'demo.optlab.json');
  const e = parseExperimentText(readFileSync(file, 'utf8'), file, SAMPLES);
  assert.equal(e.kind, 'data');
  if (e.kind !== 'data') return;
  assert.equal(e.name, 'demo');
  assert.equal(e.training.batch_size, null);
  assert.ok(e.training.epochs <= 200);
  assert.deepEqual(e.training.seeds, [0]);
  assert.equal(e.data?.preprocessing.standardize_target, true);
  assert.deepEqual(
    e.optimizers.map((o) => o.name),
    ['SGD', 'SGD', 'SGD', 'Adagrad', 'RMSprop', 'Adadelta', 'Adam'],
  );
});
