import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeRecord } from '../../../src/engine/runs/records';
import { unpackCurves } from '../../../src/engine/report/labCurves';
import {
  LabController,
  labSettings,
  NO_RECORDS,
  type LabPorts,
} from '../../../src/extension/controllers/labController';
import { LabCurveStore, OVERVIEW_BUCKETS } from '../../../src/extension/controllers/labDetail';
import type { LabHostMessage } from '../../../src/protocol/lab';
import type { RunProgress } from '../../../src/protocol/runs';
import { WEBVIEW_PROTOCOL_VERSION } from '../../../src/protocol/webviewChannel';
import { sampleRecord } from '../../engine/report/sampleRecord';

const ready = { type: 'ready', payload: { protocol: WEBVIEW_PROTOCOL_VERSION } };

/** A record folder on disk with its curves files, as a finished experiment leaves it. */
async function recordDir(root: string, name: string, createdAt: string): Promise<string> {
  const { record, curves } = sampleRecord([{ label: 'SGD', start: 1, decay: 0.9, floor: 0.1 }], {
    name,
    seeds: 2,
    epochs: 4,
  });
  const dir = join(root, name);
  await mkdir(join(dir, 'curves'), { recursive: true });
  await writeRecord(dir, { ...record, createdAt });
  for (const r of record.runs) await writeFile(join(dir, r.curves!), JSON.stringify(curves.get(r.id)));
  return dir;
}

function harness(o: { dirs?: string[]; trusted?: boolean; saveTo?: string | null } = {}) {
  const posted: LabHostMessage[] = [];
  const log: string[] = [];
  const shown: string[] = [];
  const written: [string, Uint8Array][] = [];
  const cancelled: [string, string | undefined][] = [];
  let title = '';
  const starred = new Set<string>();
  const active = new Map<
    string,
    { record: ReturnType<typeof sampleRecord>['record']; progress: Map<string, RunProgress[]> }
  >();
  const ports: LabPorts = {
    post: (m) => posted.push(m),
    log: { info: (t) => log.push(`info ${t}`), warn: (t) => log.push(`warn ${t}`) },
    setTitle: (t) => (title = t),
    stars: {
      all: () => [...starred],
      toggle: (d, r) =>
        void (starred.has(`${d}\n${r}`) ? starred.delete(`${d}\n${r}`) : starred.add(`${d}\n${r}`)),
    },
    live: { active, cancel: (d, r) => void cancelled.push([d, r]) },
    findRecordDirs: async () => o.dirs ?? [],
    settings: () => ({ smoothing: 2, pointCap: 3.4 }),
    trusted: () => o.trusted ?? true,
    saveDialog: async (d) => {
      shown.push(`${d.title} ${d.defaultPath}`);
      return o.saveTo === undefined ? '/out/file' : o.saveTo;
    },
    writeFile: async (p, b) => void written.push([p, b]),
    showWarning: (t) => shown.push(`warning ${t}`),
    showError: (t) => shown.push(`error ${t}`),
    writeLearningRate: async () => {},
    applyRemedy: async () => {},
  };
  return { ports, posted, log, shown, written, cancelled, active, starred, title: () => title };
}

test('settings are clamped to what the webview accepts', () => {
  assert.deepEqual(labSettings({ smoothing: 2, pointCap: 3.4 }), { smoothing: 0.999, pointCap: 16 });
  assert.deepEqual(labSettings({ smoothing: -1, pointCap: 2000.4 }), { smoothing: 0, pointCap: 2000 });
});

test('nothing is posted before ready; then the init carries the records, their curves, stars and settings', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'lab-controller-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const dir = await recordDir(root, 'one', '2026-01-01T00:00:00.000Z');
  const h = harness();
  const c = new LabController({ recordDirs: [dir], follow: false }, h.ports);
  await c.show([dir]);
  assert.equal(h.posted.length, 0);
  h.starred.add(`${dir}\nrun-0`);
  await c.handle(ready);
  assert.equal(h.posted.length, 1);
  const init = h.posted[0]!;
  assert.equal(init.type, 'init');
  if (init.type !== 'init') return;
  assert.deepEqual(init.payload.settings, { smoothing: 0.999, pointCap: 16 });
  assert.equal(init.payload.follow, false);
  assert.equal(init.payload.empty, null);
  assert.deepEqual(init.payload.stars, [`${dir}\nrun-0`]);
  const [lab] = init.payload.records;
  assert.equal(lab!.recordDir, dir);
  assert.equal(lab!.live, false);
  assert.deepEqual(Object.keys(lab!.curves).sort(), lab!.record.runs.map((r) => r.id).sort());
  const curves = unpackCurves(lab!.curves[lab!.record.runs[0]!.id]!);
  assert.equal(curves.epochTrain.length, 5, 'before training and four epochs');
  assert.match(h.title(), /one/);
});

test('a following tab shows the newest record, then switches to each experiment that starts', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'lab-controller-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const old = await recordDir(root, 'old', '2026-01-01T00:00:00.000Z');
  const next = await recordDir(root, 'next', '2026-01-02T00:00:00.000Z');
  const h = harness({ dirs: [old] });
  const c = new LabController({ recordDirs: [], follow: true }, h.ports);
  await c.handle(ready);
  assert.deepEqual(c.recordDirs, [old]);
  await c.experimentStarted(next);
  assert.deepEqual(c.recordDirs, [next]);
  assert.equal(h.posted.length, 2);
  const fixed = new LabController({ recordDirs: [old], follow: false }, harness().ports);
  await fixed.experimentStarted(next);
  assert.deepEqual(fixed.recordDirs, [old], 'a tab on chosen records stays on them');
});

test('a live experiment is shown from its progress, and only its own events are forwarded', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'lab-controller-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const { record } = sampleRecord([{ label: 'Adam', start: 1, decay: 0.9, floor: 0.1 }], { seeds: 1 });
  const liveDir = join(root, 'live');
  const h = harness();
  const run = { ...record.runs[0]!, curves: null, status: 'running' as const };
  const progress: RunProgress = {
    steps: [
      { step: 0, lr: 0.1, gradNorm: 2 },
      { step: 1, lr: 0.1, gradNorm: 1.5 },
    ],
    epochs: [{ epoch: 0, step: 2, trainLoss: 0.7, validation: null, elapsedMs: 5 }],
  } as unknown as RunProgress;
  h.active.set(liveDir, { record: { ...record, runs: [run] }, progress: new Map([[run.id, [progress]]]) });
  const c = new LabController({ recordDirs: [], follow: true }, h.ports);
  await c.handle(ready);
  const init = h.posted[0]!;
  assert.ok(init.type === 'init');
  const lab = init.payload.records[0]!;
  assert.equal(lab.live, true);
  assert.deepEqual(unpackCurves(lab.curves[run.id]!).stepGradNorm, [2, 1.5]);
  c.progress(liveDir, run.id, progress);
  c.progress(join(root, 'other'), run.id, progress);
  assert.deepEqual(
    h.posted.map((m) => m.type),
    ['init', 'progress'],
  );
});

test('unreadable records say why; with nothing at all the tab says how to start', async () => {
  const h = harness();
  const c = new LabController({ recordDirs: ['/nowhere/gone'], follow: false }, h.ports);
  await c.handle(ready);
  const init = h.posted[0]!;
  assert.ok(init.type === 'init');
  assert.match(init.payload.empty!, /^gone: /);
  assert.ok(h.log.some((l) => l.startsWith('warn lab panel: gone: ')));
  const none = harness();
  await new LabController({ recordDirs: [], follow: true }, none.ports).handle(ready);
  const empty = none.posted[0]!;
  assert.ok(empty.type === 'init');
  assert.equal(empty.payload.empty, NO_RECORDS);
});

test('invalid messages are logged and dropped; stars and cancels go to their owners', async () => {
  const h = harness();
  const c = new LabController({ recordDirs: [], follow: false }, h.ports);
  await c.handle({ type: 'toggleStar', payload: { recordDir: '/r' } });
  await c.handle({ type: 'rm -rf', payload: {} });
  assert.deepEqual(
    h.log.map((l) => l.slice(0, 24)),
    ['warn lab panel: dropped ', 'warn lab panel: dropped '],
  );
  await c.handle({ type: 'toggleStar', payload: { recordDir: '/r', runId: 'run-1' } });
  assert.deepEqual([...h.starred], ['/r\nrun-1']);
  await c.handle({ type: 'cancel', payload: { recordDir: '/r', runId: null } });
  assert.deepEqual(h.cancelled, [['/r', undefined]]);
});

test('exporting writes nothing in an untrusted workspace, and where the user picks otherwise', async () => {
  const csv = { type: 'exportCsv', payload: { requestId: 'e1', suggestedName: 'r.csv', csv: 'a,b\n1,2\n' } };
  const untrusted = harness({ trusted: false });
  const u = new LabController({ recordDirs: ['/rec'], follow: false }, untrusted.ports);
  await u.handle(ready);
  await u.handle(csv);
  assert.deepEqual(untrusted.posted.at(-1), {
    type: 'exportCsvResult',
    payload: { requestId: 'e1', saved: null },
  });
  assert.equal(untrusted.written.length, 0);
  assert.match(untrusted.shown[0]!, /^warning Optimizer Lab: trust the workspace to export results/);
  const h = harness();
  const c = new LabController({ recordDirs: ['/rec'], follow: false }, h.ports);
  await c.handle(ready);
  await c.handle(csv);
  assert.deepEqual(h.shown, ['Export results as CSV /rec/r.csv']);
  assert.equal(h.written[0]![0], '/out/file');
  assert.equal(new TextDecoder().decode(h.written[0]![1]), 'a,b\n1,2\n');
  assert.deepEqual(h.posted.at(-1), {
    type: 'exportCsvResult',
    payload: { requestId: 'e1', saved: '/out/file' },
  });
  const cancelled = harness({ saveTo: null });
  const k = new LabController({ recordDirs: [], follow: false }, cancelled.ports);
  await k.handle(ready);
  await k.handle(csv);
  assert.deepEqual(cancelled.shown, ['Export results as CSV null']);
  assert.deepEqual(cancelled.posted.at(-1), {
    type: 'exportCsvResult',
    payload: { requestId: 'e1', saved: null },
  });
});

test('a chart image is saved only when it really is a PNG', async () => {
  const png = await readFile(resolve('media/icon.png'));
  const h = harness();
  const c = new LabController({ recordDirs: [], follow: false }, h.ports);
  await c.handle(ready);
  const notPng = Buffer.from('GIF89a not a png').toString('base64');
  await c.handle({
    type: 'saveImage',
    payload: { requestId: 's1', suggestedName: 'x.png', dataUrl: `data:image/png;base64,${notPng}` },
  });
  assert.deepEqual(h.posted.at(-1), { type: 'saveImageResult', payload: { requestId: 's1', saved: null } });
  assert.ok(h.log.includes('warn a chart image that is not a PNG was dropped'));
  assert.equal(h.written.length, 0);
  await c.handle({
    type: 'saveImage',
    payload: {
      requestId: 's2',
      suggestedName: 'x.png',
      dataUrl: `data:image/png;base64,${png.toString('base64')}`,
    },
  });
  assert.deepEqual(h.posted.at(-1), {
    type: 'saveImageResult',
    payload: { requestId: 's2', saved: '/out/file' },
  });
  assert.deepEqual(Buffer.from(h.written[0]![1]), png);
});

test('a chart SVG is saved only when it is a plain SVG document', async () => {
  const h = harness();
  const c = new LabController({ recordDirs: [], follow: false }, h.ports);
  await c.handle(ready);
  const svg = (body: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">${body}</svg>\n`;
  await c.handle({
    type: 'saveSvg',
    payload: { requestId: 'v1', suggestedName: 'x.svg', svg: svg('<script>alert(1)</script>') },
  });
  assert.deepEqual(h.posted.at(-1), { type: 'saveImageResult', payload: { requestId: 'v1', saved: null } });
  assert.ok(h.log.includes('warn a chart image that is not a plain SVG was dropped'));
  assert.equal(h.written.length, 0);
  await c.handle({
    type: 'saveSvg',
    payload: { requestId: 'v2', suggestedName: 'x.svg', svg: svg('<polyline points="0,0 5,5"/>') },
  });
  assert.deepEqual(h.posted.at(-1), {
    type: 'saveImageResult',
    payload: { requestId: 'v2', saved: '/out/file' },
  });
  assert.match(new TextDecoder().decode(h.written[0]![1]), /<polyline points="0,0 5,5"\/>/);
});

test('an experiment that ends while the init is read: the tab gets the init first, then the end (never stuck running)', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'lab-controller-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const dir = await recordDir(root, 'racing', '2026-01-02T00:00:00.000Z');
  const { record } = sampleRecord([{ label: 'SGD', start: 1, decay: 0.9, floor: 0.1 }], {
    seeds: 2,
    epochs: 4,
  });
  const h = harness();
  h.active.set(dir, { record: { ...record, status: 'running' }, progress: new Map() });
  const c = new LabController({ recordDirs: [dir], follow: false }, h.ports);
  // The webview is ready and the init is being read, live; meanwhile the experiment finishes.
  const initRead = c.handle(ready);
  h.active.delete(dir);
  const ended = c.finished(dir, record);
  await Promise.all([initRead, ended]);
  assert.deepEqual(
    h.posted.map((m) => m.type),
    ['init', 'finish'],
  );
  const init = h.posted[0]!;
  assert.ok(
    init.type === 'init' && init.payload.records[0]!.live,
    'the init was read while the run was live',
  );
});

test('two inits read at once: only the later one is posted', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'lab-controller-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const first = await recordDir(root, 'first', '2026-01-01T00:00:00.000Z');
  const second = await recordDir(root, 'second', '2026-01-02T00:00:00.000Z');
  const h = harness({ dirs: [second, first] });
  const c = new LabController({ recordDirs: [first], follow: false }, h.ports);
  await c.handle(ready);
  h.posted.length = 0;
  await Promise.all([c.show([first]), c.show([second])]);
  assert.deepEqual(
    h.posted.map((m) => (m.type === 'init' ? m.payload.records.map((r) => r.record.name) : m.type)),
    [['second']],
  );
});

test('the init carries per-step curves cut to the overview; requestRange is answered from the full curves, whole once few steps', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'lab-controller-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const { record, curves } = sampleRecord([{ label: 'SGD', start: 1, decay: 0.9, floor: 0.1 }], {
    seeds: 2,
    epochs: 50,
    stepsPerEpoch: 100,
  });
  const dir = join(root, 'long');
  await mkdir(join(dir, 'curves'), { recursive: true });
  await writeRecord(dir, record);
  for (const r of record.runs) await writeFile(join(dir, r.curves!), JSON.stringify(curves.get(r.id)));
  const h = harness();
  const c = new LabController({ recordDirs: [dir], follow: false }, h.ports);
  await c.handle(ready);
  const init = h.posted[0]!;
  assert.ok(init.type === 'init');
  const id = record.runs[0]!.id;
  const full = curves.get(id)!;
  const overview = init.payload.records[0]!.curves[id]!;
  assert.equal(overview.epochTrain.length, 51, 'epochs are sent whole');
  assert.ok(
    overview.stepAt && overview.stepLr.length <= 2 * OVERVIEW_BUCKETS,
    `${overview.stepLr.length} points`,
  );
  assert.equal(overview.stepAt[overview.stepAt.length - 1], 4_999);
  await c.handle({
    type: 'requestRange',
    payload: { requestId: 'z1', range: { lo: 2_000, hi: 2_099 }, buckets: 400 },
  });
  const answer = h.posted[1]!;
  assert.ok(answer.type === 'rangeCurves');
  assert.equal(answer.payload.requestId, 'z1');
  const detail = answer.payload.records[0]!.curves[id]!;
  assert.deepEqual(
    [...detail.stepAt!],
    Array.from({ length: 102 }, (_, i) => 1_999 + i),
  );
  assert.deepEqual([...detail.stepGradNorm], full.stepGradNorm.slice(1_999, 2_101), 'every step, exact');
  await c.handle({ type: 'requestRange', payload: { requestId: 'z2', range: null, buckets: 400 } });
  const back = h.posted[2]!;
  assert.ok(back.type === 'rangeCurves');
  assert.deepEqual([...back.payload.records[0]!.curves[id]!.stepAt!], [...overview.stepAt]);
  // Out of bounds: dropped with a warning, nothing posted.
  await c.handle({
    type: 'requestRange',
    payload: { requestId: 'z3', range: { lo: 9, hi: 3 }, buckets: 400 },
  });
  await c.handle({ type: 'requestRange', payload: { requestId: 'z4', range: null, buckets: 3 } });
  assert.equal(h.posted.length, 3);
  assert.equal(h.log.filter((l) => l.includes('dropped invalid "requestRange"')).length, 2);
});

test('a live run is cut from every progress batch the run manager holds', () => {
  const batches: RunProgress[] = [0, 1, 2].map((b) => ({
    steps: Array.from({ length: 1_000 }, (_, i) => ({
      step: b * 1_000 + i,
      lr: 0.1,
      gradNorm: b * 1_000 + i,
    })),
    epochs: [],
  })) as unknown as RunProgress[];
  const live = new Map([['run-0', batches.slice(0, 1)]]);
  const store = new LabCurveStore(() => live);
  const { record } = sampleRecord([{ label: 'Adam', start: 1, decay: 0.9, floor: 0.1 }], { seeds: 1 });
  store.keep([{ recordDir: '/live', record, curves: {}, live: true, search: null }]);
  // Batches that arrive after the init are in the run manager's list, and so in the answer.
  live.set('run-0', batches);
  const [cut] = store.cut({ range: { lo: 2_500, hi: 2_599 }, buckets: 100 });
  const run = cut!.curves['run-0']!;
  assert.equal(run.stepAt![0], 2_499);
  assert.deepEqual([...run.stepGradNorm], [...run.stepAt!]);
});
