import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labHostMessageSchema, labWebviewMessageSchema } from '../../src/protocol/lab';
import { runPanelWebviewMessageSchema } from '../../src/protocol/runPanel';
import { surfacesWebviewMessageSchema } from '../../src/protocol/surfaceExplorer';
import { receive, WEBVIEW_PROTOCOL_VERSION } from '../../src/protocol/webviewChannel';
import { sampleLabRecord, TWO_CONFIGS } from './labData';

test('the ready handshake must carry this protocol version', () => {
  const ok = receive(labWebviewMessageSchema, {
    type: 'ready',
    payload: { protocol: WEBVIEW_PROTOCOL_VERSION },
  });
  assert.ok(ok.ok);
  const old = receive(labWebviewMessageSchema, { type: 'ready', payload: { protocol: 0 } });
  assert.ok(!old.ok);
  assert.match(old.reason, /invalid "ready" message: payload\.protocol/);
});

test('unknown types, extra fields and wrong shapes are dropped with a located reason', () => {
  const unknown = receive(labWebviewMessageSchema, { type: 'deleteEverything', payload: {} });
  assert.ok(!unknown.ok && /invalid "deleteEverything" message/.test(unknown.reason));
  const extra = receive(labWebviewMessageSchema, {
    type: 'toggleStar',
    payload: { recordDir: '/r', runId: 'c0-s0', also: 1 },
  });
  assert.ok(!extra.ok);
  const notObject = receive(labWebviewMessageSchema, 'ready');
  assert.ok(!notObject.ok && /invalid "string" message/.test(notObject.reason));
});

test('a CSV export needs a plain .csv file name: no path can be smuggled in', () => {
  const csv = (suggestedName: string) =>
    receive(labWebviewMessageSchema, {
      type: 'exportCsv',
      payload: { requestId: 'r1', suggestedName, csv: 'a\r\n' },
    });
  assert.ok(csv('results.csv').ok);
  assert.ok(!csv('../../etc/passwd.csv').ok);
  assert.ok(!csv('results.sh').ok);
});

test('the host init message with a real record validates, and a corrupt record does not', () => {
  const record = sampleLabRecord(TWO_CONFIGS);
  const init = {
    type: 'init',
    payload: {
      settings: { smoothing: 0.6, pointCap: 2000 },
      records: [record],
      stars: [],
      follow: true,
      empty: null,
    },
  };
  // What crosses to the webview is a structured clone: the curves stay Float64Arrays.
  assert.ok(receive(labHostMessageSchema, structuredClone(init)).ok);
  assert.ok(
    !receive(labHostMessageSchema, JSON.parse(JSON.stringify(init))).ok,
    'curves are typed arrays, not JSON',
  );
  const bad = structuredClone(init);
  (bad.payload.records[0]!.record.runs[0] as { status: string }).status = 'exploded';
  const r = receive(labHostMessageSchema, bad);
  assert.ok(!r.ok && /records\.0\.record\.runs\.0\.status/.test(r.reason));
});

test('explorer runs are validated with the torch optimizer schemas and bounded in size', () => {
  const run = (optimizers: unknown[], steps = 500, start: unknown = [0, 1]) =>
    receive(surfacesWebviewMessageSchema, {
      type: 'run',
      payload: { requestId: 'r', name: 'rosenbrock', start, steps, optimizers },
    });
  assert.ok(run([{ name: 'Adam', lr: 0.05 }]).ok);
  assert.ok(!run([{ name: 'Adam', lr: -1 }]).ok);
  assert.ok(!run([{ name: 'Adam' }], 10_000_000).ok);
  assert.ok(!run([{ name: 'Adam' }], 500, [Number.NaN, 0]).ok);
  assert.ok(
    !receive(surfacesWebviewMessageSchema, {
      type: 'grid',
      payload: { requestId: 'r', name: 'nope', size: 100 },
    }).ok,
  );
});

test('the run panel may only name an experiment with a safe file name', () => {
  const run = (name: string) =>
    receive(runPanelWebviewMessageSchema, {
      type: 'run',
      payload: { requestId: 'r', dataPath: '/w/iris.csv', name, experiment: {} },
    });
  assert.ok(run('iris-lab').ok);
  assert.ok(!run('../evil').ok);
  assert.ok(!run('a/b').ok);
});

test('a detail request names whole steps lo ≤ hi (or null, the overview) and a bucket count within bounds', () => {
  const ask = (payload: unknown) => receive(labWebviewMessageSchema, { type: 'requestRange', payload });
  assert.ok(ask({ requestId: 'r1', range: { lo: 10, hi: 20 }, buckets: 540 }).ok);
  assert.ok(ask({ requestId: 'r1', range: null, buckets: 16 }).ok);
  assert.ok(!ask({ requestId: 'r1', range: { lo: 20, hi: 10 }, buckets: 540 }).ok, 'hi below lo');
  assert.ok(!ask({ requestId: 'r1', range: { lo: -1, hi: 10 }, buckets: 540 }).ok, 'a negative step');
  assert.ok(!ask({ requestId: 'r1', range: { lo: 0.5, hi: 10 }, buckets: 540 }).ok, 'not a whole step');
  assert.ok(!ask({ requestId: 'r1', range: null, buckets: 8 }).ok, 'too few buckets');
  assert.ok(!ask({ requestId: 'r1', range: null, buckets: 100_000 }).ok, 'too many buckets');
  assert.ok(!ask({ range: null, buckets: 100 }).ok, 'no request id');
  assert.ok(!ask({ requestId: 'r1', range: null, buckets: 100, all: true }).ok, 'an extra field');
});

test('a range answer carries typed arrays only: number arrays and a stepAt of another kind are dropped', () => {
  const curves = sampleLabRecord(TWO_CONFIGS).curves;
  const answer = (c: unknown) =>
    receive(labHostMessageSchema, {
      type: 'rangeCurves',
      payload: { requestId: 'r2', records: [{ recordDir: '/r', curves: c }] },
    });
  const [id, one] = Object.entries(curves)[0]!;
  assert.ok(answer({ [id]: { ...one, stepAt: new Float64Array([0, 1]) } }).ok);
  assert.ok(!answer({ [id]: { ...one, stepAt: [0, 1] } }).ok);
  assert.ok(!answer({ [id]: { ...one, stepLr: Array.from(one.stepLr) } }).ok);
});
