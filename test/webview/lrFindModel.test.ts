// The lab's loss-against-learning-rate chart of a Find Learning Rate record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lrFindViewSchema } from '../../src/protocol/lrFindView';
import { lrFindSeries } from '../../webview/lab/lrFindModel';

const view = lrFindViewSchema.parse({
  optimizerIndex: 1,
  method: 'sweep',
  suggestedLr: 0.1,
  curve: { lrs: [1e-4, 1e-3, 1e-2, 1e-1, 1], smoothed: [2, 1.9, 1.5, 0.8, null] },
  suggestions: { valley: 0.01, steep: 0.001, minimum: null },
  sweep: {
    points: [
      { lr: 0.01, objective: 1.2, status: 'done' },
      { lr: 0.1, objective: 0.5, status: 'done' },
      { lr: 1, objective: null, status: 'diverged' },
    ],
    lr: 0.1,
    edgeOfStability: 1,
  },
});

test('the range test curve leaves out non-finite points; diverged sweep rates sit at the top', () => {
  const s = lrFindSeries(view);
  assert.deepEqual(
    s.curve.map((p) => p.x),
    [1e-4, 1e-3, 1e-2, 1e-1],
  );
  assert.deepEqual(s.sweep, [
    { x: 0.01, y: 1.2 },
    { x: 0.1, y: 0.5 },
  ]);
  assert.deepEqual(s.diverged, [{ x: 1, y: 1.2 }]);
});

test('the sweep pick comes first, at its own loss; the range-test rules sit on the curve', () => {
  assert.deepEqual(lrFindSeries(view).marks, [
    { name: 'sweep', lr: 0.1, y: 0.5 },
    { name: 'valley', lr: 0.01, y: 1.5 },
    { name: 'steep', lr: 0.001, y: 1.9 },
  ]);
});

test('an older lr-find.json (range test only) still draws', () => {
  const old = lrFindViewSchema.parse({
    curve: { lrs: [1e-3, 1e-2], smoothed: [1, 0.5] },
    suggestions: { valley: 0.01, steep: null, minimum: null },
  });
  assert.equal(old.method, 'range');
  assert.deepEqual(
    lrFindSeries(old).marks.map((m) => m.name),
    ['valley'],
  );
});
