import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logTickLabel, visibleYRange } from '../../webview/lab/chartZoom';

const data = [
  {
    data: [
      { x: 0, y: 10 },
      { x: 1, y: 2 },
      { x: 2, y: 1.2 },
      { x: 3, y: 1.1 },
      { x: 4, y: null },
    ],
  },
  {
    data: [
      { x: 2.5, y: 1.0 },
      { x: 9, y: -5 },
    ],
  },
];

test('the y range fits the points inside the x range, with a margin', () => {
  const [lo, hi] = visibleYRange(data, 2, 3, false)!;
  assert.ok(Math.abs(lo - (1.0 - 0.01)) < 1e-12 && Math.abs(hi - (1.2 + 0.01)) < 1e-12, `${lo} ${hi}`);
  assert.equal(visibleYRange(data, 5, 8, false), null);
});

test('on a log axis only positive values count and the margin is in decades', () => {
  const [lo, hi] = visibleYRange(data, 0, 10, true)!;
  assert.ok(Math.abs(lo - 10 ** -0.05) < 1e-12 && Math.abs(hi - 10 ** 1.05) < 1e-9, `${lo} ${hi}`);
});

test('log ticks are labelled sparsely enough not to run together', () => {
  const f = (v: number) => String(v);
  const labels = (min: number, max: number) =>
    [1, 2, 3, 5, 7, 10, 20, 50, 100, 500, 600, 700, 1000]
      .filter((v) => v >= min && v <= max)
      .map((v) => logTickLabel(v, min, max, f))
      .filter(Boolean);
  assert.deepEqual(labels(1, 1e5), ['1', '10', '100', '1000']);
  assert.deepEqual(labels(1, 100), ['1', '2', '5', '10', '20', '50', '100']);
  assert.deepEqual(labels(500, 1000), ['500', '600', '700', '1000']);
});
