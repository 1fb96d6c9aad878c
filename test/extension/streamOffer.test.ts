import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withStreamEnabled } from '../../src/extension/streamOffer';
import { parseExperimentText } from '../../src/engine/experiment/loadExperiment';

test('the streaming offer sets data.stream and keeps the other sections as written', () => {
  const text =
    '{\n  "data": { "path": "big.csv", "target": "y" },\n  "training": { "batch_size": 32 },\n  "optimizers": [{ "name": "SGD", "lr": 0.1 }]\n}\n';
  const out = withStreamEnabled(text);
  assert.match(out, /"target": "y",\n {4}"stream": true\n/);
  assert.ok(out.endsWith('"optimizers": [{ "name": "SGD", "lr": 0.1 }]\n}\n'));
  const e = parseExperimentText(out, 'x.optlab.json', '/tmp');
  assert.equal(e.kind === 'data' && e.data?.stream, true);
  assert.equal(withStreamEnabled(out), out);
});
