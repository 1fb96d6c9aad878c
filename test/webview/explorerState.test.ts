import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  defaultState,
  longestPath,
  moveCursor,
  pathsOf,
  restoreState,
  runReadiness,
  SAVED_POINTS,
  startOf,
  stepsValue,
} from '../../webview/surfaces/explorerState';
import { conditionNumber, hessianFacts, pathLine } from '../../webview/surfaces/hessianFacts';
import { plotFrame, pointerWorld } from '../../webview/surfaces/plotFrame';
import type { HessianReportMessage, SurfaceInfo } from '../../src/protocol/surfaceExplorer';

const rosenbrock: SurfaceInfo = {
  name: 'rosenbrock',
  formula: '(1-x)^2 + 100(y-x^2)^2',
  bounds: [
    [-2, 2],
    [-1, 3],
  ],
  start: [-1.5, 2],
  minima: [{ point: [1, 1], value: 0, kind: 'global' }],
  saddles: [],
  maxima: [],
  unboundedBelow: false,
};

test('an unreadable saved state starts afresh; a readable one keeps its choices over the current rows', () => {
  assert.deepEqual(restoreState(null), defaultState());
  assert.deepEqual(restoreState({ surface: 'nowhere' }), defaultState());
  const saved = { ...defaultState(), steps: '42', surface: 'beale' as const };
  saved.rows = saved.rows
    .filter((r) => r.name !== 'RMSprop')
    .map((r) => (r.name === 'Adam' ? { ...r, lr: '0.3', enabled: false } : r));
  const back = restoreState(JSON.parse(JSON.stringify(saved)));
  assert.equal(back.steps, '42');
  assert.equal(back.surface, 'beale');
  assert.deepEqual(
    back.rows.map((r) => r.name),
    defaultState().rows.map((r) => r.name),
    'a row the save lacks comes back with its default',
  );
  const adam = back.rows.find((r) => r.name === 'Adam')!;
  assert.equal(adam.lr, '0.3');
  assert.equal(adam.enabled, false);
});

test('steps are a whole number from 1 to 20000', () => {
  assert.equal(stepsValue('500'), 500);
  for (const bad of ['0', '20001', '2.5', 'ten', '-3']) assert.equal(stepsValue(bad), null, bad);
  assert.equal(stepsValue('20000'), 20000);
});

test('a run may start only with an optimizer, valid rows and steps, known surfaces and no run pending', () => {
  const s = defaultState();
  assert.deepEqual(runReadiness(s, true, false), { ok: true, stepsInvalid: false, hint: '' });
  assert.equal(runReadiness(s, false, false).ok, false, 'no surfaces yet');
  assert.equal(runReadiness(s, true, true).ok, false, 'a run pending');
  const none = { ...s, rows: s.rows.map((r) => ({ ...r, enabled: false })) };
  assert.deepEqual(runReadiness(none, true, false), {
    ok: false,
    stepsInvalid: false,
    hint: 'Choose at least one optimizer.',
  });
  const badSteps = { ...s, steps: 'x' };
  assert.deepEqual(runReadiness(badSteps, true, false), {
    ok: false,
    stepsInvalid: true,
    hint: 'steps: a whole number from 1 to 20000.',
  });
  const badLr = { ...s, rows: s.rows.map((r) => (r.enabled ? { ...r, lr: 'fast' } : r)) };
  assert.deepEqual(runReadiness(badLr, true, false), { ok: false, stepsInvalid: false, hint: '' });
});

test('kept paths stop at the first non-finite point and are thinned for saving, end kept', () => {
  const long = Array.from({ length: 2 * 5001 }, (_, i) => i / 2);
  const [a, b] = pathsOf([
    { runId: 'a', configIndex: 0, label: 'SGD', status: 'done', points: long, finalLoss: 0.5, message: null },
    {
      runId: 'b',
      configIndex: 1,
      label: 'Adam',
      status: 'diverged',
      points: [0, 0, 1, 1, null, 2, 3, 3],
      finalLoss: null,
      message: 'loss is NaN',
    },
  ]);
  assert.equal(a!.points.length, SAVED_POINTS);
  assert.deepEqual(a!.points.at(-1), [long.at(-2), long.at(-1)]);
  assert.deepEqual(b!.points, [
    [0, 0],
    [1, 1],
  ]);
  assert.equal(longestPath([a!, b!]), SAVED_POINTS);
  assert.equal(longestPath([]), 0);
  assert.equal(pathLine(b!), 'Adam: diverged, 1 steps, final loss — at (1, 1)');
});

test('a run starts where the surface was last clicked, else at its classic start', () => {
  const s = defaultState();
  assert.deepEqual(startOf(s, rosenbrock), [-1.5, 2]);
  s.starts['rosenbrock'] = [0.5, 0.5];
  assert.deepEqual(startOf(s, rosenbrock), [0.5, 0.5]);
});

test('arrow keys move the cursor a fiftieth of the plot and stop at its edges; other keys do not move it', () => {
  assert.deepEqual(moveCursor([0, 0], 'ArrowRight', rosenbrock.bounds), [0.08, 0]);
  assert.deepEqual(moveCursor([0, 0], 'ArrowDown', rosenbrock.bounds), [0, -0.08]);
  assert.deepEqual(moveCursor([2, 3], 'ArrowUp', rosenbrock.bounds), [2, 3]);
  assert.deepEqual(moveCursor([-1.99, 0], 'ArrowLeft', rosenbrock.bounds), [-2, 0]);
  assert.equal(moveCursor([0, 0], 'Enter', rosenbrock.bounds), null);
});

test('the plot frame maps world to pixels with y up, and a pointer back to the world', () => {
  const f = plotFrame(rosenbrock.bounds, 400, 200);
  assert.deepEqual(f.toPx([-2, -1]), [0, 200]);
  assert.deepEqual(f.toPx([2, 3]), [400, 0]);
  assert.deepEqual(f.toWorld(200, 100), [0, 1]);
  // A canvas of 400×200 pixels shown at 200×100 CSS pixels, 10 px from the page's corner.
  assert.deepEqual(pointerWorld(f, { left: 10, top: 10, width: 200, height: 100 }, 110, 60), [0, 1]);
});

test('the inspector names the shape, and the condition number is ∞ at a zero curvature', () => {
  const r: HessianReportMessage = {
    point: [1, 1],
    value: 0,
    gradient: [0, 0],
    gradientNorm: 0,
    hessian: [
      [802, -400],
      [-400, 200],
    ],
    eigenvalues: [0.39936, 1001.6],
    eigenvectors: [
      [0.447, 0.894],
      [-0.894, 0.447],
    ],
    classification: 'minimum',
    stationary: true,
  };
  const facts = hessianFacts(r);
  assert.equal(facts.heading, 'minimum (stationary point)');
  assert.match(facts.description, /local minimum/);
  assert.deepEqual(
    facts.rows.find(([k]) => k === 'condition number'),
    ['condition number', '2508'],
  );
  assert.equal(conditionNumber([0, 3]), '∞');
  assert.equal(conditionNumber([-2, 1e6]), '5.000e+5');
});
