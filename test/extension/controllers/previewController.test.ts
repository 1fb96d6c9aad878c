import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { PreviewController } from '../../../src/extension/controllers/previewController';
import type { PreviewHostMessage } from '../../../src/protocol/preview';
import { WEBVIEW_PROTOCOL_VERSION } from '../../../src/protocol/webviewChannel';

const ready = { type: 'ready', payload: { protocol: WEBVIEW_PROTOCOL_VERSION } };

function harness() {
  const posted: PreviewHostMessage[] = [];
  const log: string[] = [];
  const targets: string[] = [];
  const c = new PreviewController({
    post: (m) => posted.push(m),
    log: { warn: (t) => log.push(`warn ${t}`), error: (t) => log.push(`error ${t}`) },
    newExperiment: async (t) => void targets.push(t),
  });
  return { c, posted, log, targets };
}

test('the summary goes out once both the file is read and the webview is ready, in either order', async () => {
  const file = resolve('test/fixtures/data/mixed.csv');
  const early = harness();
  await early.c.load(file, 'mixed.csv', 1 << 20);
  assert.equal(early.posted.length, 0);
  await early.c.handle(ready);
  const late = harness();
  await late.c.handle(ready);
  await late.c.load(file, 'mixed.csv', 1 << 20);
  for (const h of [early, late]) {
    assert.equal(h.posted.length, 1);
    const m = h.posted[0]!;
    assert.ok(m.type === 'summary' && m.payload.summary !== null && m.payload.error === null);
  }
});

test('a file the loader refuses is reported as its located problem, not logged as a crash', async () => {
  const h = harness();
  await h.c.handle(ready);
  await h.c.load(resolve('test/fixtures/data/mixed.csv'), 'mixed.csv', 10);
  const m = h.posted[0]!;
  assert.ok(m.type === 'summary');
  assert.equal(m.payload.summary, null);
  assert.match(m.payload.error!, /mixed\.csv/);
  assert.deepEqual(h.log, []);
});

test('a chosen target is answered with its balance; New Experiment carries the target; junk is dropped', async () => {
  const h = harness();
  await h.c.handle(ready);
  await h.c.load(resolve('test/fixtures/data/mixed.csv'), 'mixed.csv', 1 << 20);
  const summary = h.posted[0]!;
  assert.ok(summary.type === 'summary' && summary.payload.summary);
  const column = summary.payload.summary.columns[0]!.name;
  await h.c.handle({ type: 'chooseTarget', payload: { requestId: 't1', name: column } });
  const answer = h.posted[1]!;
  assert.ok(answer.type === 'target');
  assert.equal(answer.payload.requestId, 't1');
  await h.c.handle({ type: 'newExperiment', payload: { target: column } });
  assert.deepEqual(h.targets, [column]);
  await h.c.handle({ type: 'newExperiment', payload: {} });
  assert.equal(h.log.length, 1);
  assert.match(h.log[0]!, /^warn preview: dropped /);
  h.c.close();
  await h.c.handle({ type: 'chooseTarget', payload: { requestId: 't2', name: column } });
  assert.equal(h.posted.length, 2, 'nothing after the tab closed');
});
