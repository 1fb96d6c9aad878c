import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/engine/errors';
import type { ExperimentOutcome } from '../../../src/engine/runs/runExperiment';
import { SURFACE_NAMES } from '../../../src/engine/surfaces';
import {
  SurfaceExplorerController,
  type SurfaceExplorerPorts,
} from '../../../src/extension/controllers/surfaceExplorerController';
import type { SurfacesHostMessage } from '../../../src/protocol/surfaceExplorer';
import { WEBVIEW_PROTOCOL_VERSION } from '../../../src/protocol/webviewChannel';
import type { RunRecord } from '../../../src/protocol/record';

const ready = { type: 'ready', payload: { protocol: WEBVIEW_PROTOCOL_VERSION } };

function harness(run?: SurfaceExplorerPorts['runExperiment']) {
  const posted: SurfacesHostMessage[] = [];
  const warnings: string[] = [];
  const errors: string[] = [];
  const pruned: string[] = [];
  const c = new SurfaceExplorerController({
    post: (m) => posted.push(m),
    log: { warn: (t) => warnings.push(t), error: (t) => errors.push(t) },
    storageDir: '/storage',
    runExperiment: run ?? (() => Promise.reject(new Error('no runs in this test'))),
    prune: async (root) => void pruned.push(root),
  });
  return { c, posted, warnings, errors, pruned };
}

test('nothing is posted before ready; ready gets every engine surface', async () => {
  const h = harness();
  await h.c.handle({ type: 'grid', payload: { requestId: 'g0', name: 'rosenbrock', size: 16 } });
  assert.equal(h.posted.length, 0);
  await h.c.handle(ready);
  assert.equal(h.posted.length, 1);
  const init = h.posted[0]!;
  assert.equal(init.type, 'init');
  assert.deepEqual(init.type === 'init' && init.payload.surfaces.map((s) => s.name), [...SURFACE_NAMES]);
});

test('an invalid message is logged and dropped, never answered', async () => {
  const h = harness();
  await h.c.handle(ready);
  await h.c.handle({ type: 'grid', payload: { requestId: 'g1', name: 'rosenbrock', size: 100000 } });
  await h.c.handle({ type: 'explode', payload: {} });
  await h.c.handle('not even an object');
  assert.equal(h.posted.length, 1, 'only init');
  assert.equal(h.warnings.length, 3);
  for (const w of h.warnings) assert.match(w, /^surface explorer: dropped /);
});

test('a grid request is answered with its requestId, the size asked, and non-finite values as null', async () => {
  const h = harness();
  await h.c.handle(ready);
  await h.c.handle({ type: 'grid', payload: { requestId: 'g2', name: 'rosenbrock', size: 16 } });
  const m = h.posted[1]!;
  assert.equal(m.type, 'grid');
  if (m.type !== 'grid') return;
  assert.equal(m.payload.requestId, 'g2');
  assert.equal(m.payload.grid.values.length, 16 * 16);
  assert.ok(m.payload.grid.values.every((v) => v === null || Number.isFinite(v)));
});

test('inspecting Rosenbrock at its minimum reports a stationary minimum', async () => {
  const h = harness();
  await h.c.handle(ready);
  await h.c.handle({ type: 'inspect', payload: { requestId: 'i1', name: 'rosenbrock', point: [1, 1] } });
  const m = h.posted[1]!;
  assert.equal(m.type, 'hessian');
  if (m.type !== 'hessian') return;
  assert.equal(m.payload.requestId, 'i1');
  assert.equal(m.payload.report.classification, 'minimum');
  assert.equal(m.payload.report.stationary, true);
});

const runMessage = {
  type: 'run',
  payload: {
    requestId: 'r1',
    name: 'rosenbrock',
    start: [-1.5, 2],
    steps: 3,
    optimizers: [{ name: 'SGD', lr: 0.001 }],
  },
};

test('a run resolves the experiment like a file, runs it under storage, answers its trajectories and prunes', async () => {
  let seen: Parameters<SurfaceExplorerPorts['runExperiment']>[0] | null = null;
  const h = harness(async (o) => {
    seen = o;
    const record = {
      runs: [
        { id: 'run-0', configIndex: 0, label: 'SGD', status: 'done', final_train_loss: 1.5, message: null },
      ],
    } as unknown as RunRecord;
    return {
      recordDir: '/storage/surface-runs/x',
      record,
      curves: new Map([['run-0', { trajectory: [-1.5, 2, -1.4, 1.9] }]]),
    } as unknown as ExperimentOutcome;
  });
  await h.c.handle(ready);
  await h.c.handle(runMessage);
  assert.ok(seen);
  const o = seen as Parameters<SurfaceExplorerPorts['runExperiment']>[0];
  assert.equal(o.recordsRoot, '/storage/surface-runs');
  assert.equal(o.experiment.name, 'explore-rosenbrock');
  assert.equal(o.experiment.training.steps, 3);
  const m = h.posted[1]!;
  assert.deepEqual(m, {
    type: 'trajectories',
    payload: {
      requestId: 'r1',
      recordDir: '/storage/surface-runs/x',
      trajectories: [
        {
          runId: 'run-0',
          configIndex: 0,
          label: 'SGD',
          status: 'done',
          points: [-1.5, 2, -1.4, 1.9],
          finalLoss: 1.5,
          message: null,
        },
      ],
    },
  });
  assert.deepEqual(h.pruned, ['/storage/surface-runs']);
});

test('a failed run answers an error with the requestId: a user mistake in words, anything else logged', async () => {
  const user = harness(() => Promise.reject(new ConfigError('workers: expected a whole number')));
  await user.c.handle(ready);
  await user.c.handle(runMessage);
  assert.deepEqual(user.posted[1], {
    type: 'error',
    payload: { requestId: 'r1', message: 'workers: expected a whole number' },
  });
  assert.deepEqual(user.errors, []);
  const bug = harness(() => Promise.reject(new TypeError('x is undefined')));
  await bug.c.handle(ready);
  await bug.c.handle(runMessage);
  assert.deepEqual(bug.posted[1], {
    type: 'error',
    payload: { requestId: 'r1', message: 'internal error: x is undefined' },
  });
  assert.equal(bug.errors.length, 1);
});

test('closing the tab aborts a run in progress and posts nothing more', async () => {
  let signal: AbortSignal | undefined;
  let finish: () => void = () => {};
  const h = harness(
    (o) =>
      new Promise((resolve) => {
        signal = o.signal;
        finish = () =>
          resolve({
            recordDir: '/x',
            record: { runs: [] },
            curves: new Map(),
          } as unknown as ExperimentOutcome);
      }),
  );
  await h.c.handle(ready);
  const pending = h.c.handle(runMessage);
  await new Promise((r) => setImmediate(r));
  h.c.close();
  assert.equal(signal?.aborted, true);
  finish();
  await pending;
  assert.equal(h.posted.length, 1, 'only init');
});
