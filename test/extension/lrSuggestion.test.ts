// Find Learning Rate's buttons and the edit that writes the chosen rate into the experiment file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExperimentText } from '../../src/engine/experiment/loadExperiment';
import { lrChoices, withLr } from '../../src/extension/lrSuggestion';

test('suggestions become buttons, valley first, rounded to three digits; missing rules are left out', () => {
  assert.deepEqual(lrChoices({ valley: 0.012345678, steep: 0.0031622, minimum: 0.1 }), [
    { title: 'Use valley lr 0.0123', lr: 0.0123 },
    { title: 'Use steep lr 0.00316', lr: 0.00316 },
    { title: 'Use minimum/10 lr 0.1', lr: 0.1 },
  ]);
  assert.deepEqual(lrChoices({ valley: null, steep: 2.5e-5, minimum: null }), [
    { title: 'Use steep lr 2.5e-5', lr: 0.000025 },
  ]);
  assert.deepEqual(lrChoices({ valley: null, steep: null, minimum: null }), []);
  assert.deepEqual(
    lrChoices({ valley: 0.01, steep: null, minimum: null }, 0.316228).map((c) => c.title),
    ['Use sweep lr 0.316', 'Use valley lr 0.01'],
  );
});

const TEXT = `{
  "data": { "path": "iris.csv", "target": "species" },
  "model": { "type": "softmax" },
  "optimizers": [
    { "name": "SGD", "lr": 0.1 },
    { "name": "Adam" }
  ]
}
`;

test('the chosen rate replaces or adds the lr of that optimizer only', () => {
  const first = parseExperimentText(withLr(TEXT, 0, 0.0123), 'a.optlab.json', '/tmp');
  assert.deepEqual(
    first.optimizers.map((o) => o.lr),
    [0.0123, 0.001],
  );
  const second = withLr(TEXT, 1, 0.5);
  assert.match(second, /"data": \{ "path": "iris.csv", "target": "species" \}/);
  assert.deepEqual(
    parseExperimentText(second, 'a.optlab.json', '/tmp').optimizers.map((o) => o.lr),
    [0.1, 0.5],
  );
});
