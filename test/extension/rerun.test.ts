// Re-run with edited hyperparameters, without VS Code: the edit is validated with the schema's own
// messages and written into a copy of the experiment that keeps the original's layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExperimentText } from '../../src/engine/experiment/loadExperiment';
import { configText, parseConfigEdit, rerunExperimentText, rerunFileName } from '../../src/extension/rerun';

test('an edited configuration is checked with torch names, defaults and messages', () => {
  const ok = parseConfigEdit('{"name":"Adam","lr":0.02}');
  assert.ok(ok.ok);
  assert.deepEqual(ok.config, {
    name: 'Adam',
    lr: 0.02,
    weight_decay: 0,
    betas: [0.9, 0.999],
    eps: 1e-8,
    amsgrad: false,
    maximize: false,
  });
  const bad = parseConfigEdit('{"name":"Adam","lr":-1}');
  assert.ok(!bad.ok);
  assert.match(bad.message, /^lr: .*Invalid learning rate: -1/);
  const typo = parseConfigEdit('{"name":"Adam","lr":0.1,"beta":[0.9,0.99]}');
  assert.ok(!typo.ok);
  assert.match(typo.message, /beta/);
  const broken = parseConfigEdit('{"name":"Adam",');
  assert.ok(!broken.ok);
  assert.match(broken.message, /^not valid JSON/);
  assert.equal(configText({ name: 'SGD', lr: 0.1 }), '{"name":"SGD","lr":0.1}');
});

const ORIGINAL = `{
  "description": "kept as written",
  "name": "iris",
  "data": { "path": "iris.csv", "target": "species" },
  "model": { "type": "softmax" },
  "optimizers": [
    { "name": "SGD", "lr": 0.1 },
    { "name": "Adam", "lr": 0.01 }
  ]
}
`;

test('the re-run copy runs only the edited configuration under a new name and keeps the rest', () => {
  const edit = parseConfigEdit('{"name":"SGD","lr":0.3,"momentum":0.9}');
  assert.ok(edit.ok);
  const text = rerunExperimentText(ORIGINAL, 'iris (re-run)', edit.config);
  assert.match(text, /"description": "kept as written"/);
  assert.match(text, /"data": \{ "path": "iris.csv", "target": "species" \}/);
  const resolved = parseExperimentText(text, 'iris-rerun.optlab.json', '/tmp');
  assert.equal(resolved.name, 'iris (re-run)');
  assert.equal(resolved.optimizers.length, 1);
  assert.equal(resolved.optimizers[0]!.name, 'SGD');
  assert.equal((resolved.optimizers[0] as { lr: number }).lr, 0.3);
});

test('a name is added when the original had none', () => {
  const edit = parseConfigEdit('{"name":"Adam"}');
  assert.ok(edit.ok);
  const text = rerunExperimentText(ORIGINAL.replace('  "name": "iris",\n', ''), 'x (re-run)', edit.config);
  assert.equal(parseExperimentText(text, 'a.optlab.json', '/tmp').name, 'x (re-run)');
});

test('re-run file names sit beside the original and never overwrite', () => {
  assert.equal(
    rerunFileName('/w/iris.optlab.json', () => false),
    'iris-rerun.optlab.json',
  );
  const taken = new Set(['iris-rerun.optlab.json']);
  assert.equal(
    rerunFileName('/w/iris.optlab.json', (n) => taken.has(n)),
    'iris-rerun-2.optlab.json',
  );
});
