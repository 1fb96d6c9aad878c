import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contours } from 'd3-contour';
import { contourInput, logLevels, symlogLevels } from '../../webview/surfaces/contourLevels';
import { getSurface } from '../../src/engine/surfaces/registry';
import { sampleGrid } from '../../src/engine/surfaces/grid';

test('levels are log-spaced above the minimum: equal ratios of (level − min), from a small floor to the max', () => {
  const values = [-1, 0, 3, 99, null, Number.NaN];
  const levels = logLevels(values, 5, 1e-4);
  assert.equal(levels.length, 5);
  const range = 100;
  assert.ok(Math.abs(levels[0]! - (-1 + range * 1e-4)) < 1e-12);
  assert.ok(Math.abs(levels[4]! - 99) < 1e-9);
  const ratios = levels.slice(1).map((l, i) => (l + 1) / (levels[i]! + 1));
  for (const r of ratios) assert.ok(Math.abs(r - ratios[0]!) < 1e-9, `ratios ${ratios}`);
});

test('a flat or empty grid has no levels; a level count under 2 is refused', () => {
  assert.deepEqual(logLevels([2, 2, 2], 10), []);
  assert.deepEqual(logLevels([null, Number.NaN], 10), []);
  assert.throws(() => logLevels([1, 2], 1), /≥ 2/);
});

test('on Rosenbrock the valley floor gets contours: most levels lie below a tenth of the range', () => {
  const s = getSurface('rosenbrock');
  const g = sampleGrid(s, 80, 80);
  const levels = logLevels(g.values, 24);
  const min = Math.min(...g.values);
  const max = Math.max(...g.values);
  const low = levels.filter((l) => l - min < 0.1 * (max - min)).length;
  assert.ok(low >= 18, `${low} of 24 levels in the lowest tenth`);
  const polys = contours().size([80, 80]).thresholds(levels)(contourInput(g.values, levels));
  assert.equal(polys.length, 24);
  assert.ok(
    polys.every((p) => p.coordinates.length > 0),
    'every level draws something',
  );
});

test('non-finite samples become a value above every level, so contours close around them', () => {
  const levels = [1, 2, 4];
  const input = contourInput([0, null, Number.POSITIVE_INFINITY, 3], levels);
  assert.equal(input[0], 0);
  assert.equal(input[3], 3);
  assert.ok(input[1]! > 4 && input[2]! > 4);
});

test('an unbounded-below surface gets symlog levels: 0, and log-spaced |f| on both sides', () => {
  const s = getSurface('monkey_saddle');
  const g = sampleGrid(s, 80, 80);
  const levels = symlogLevels(g.values, 24);
  assert.ok(levels.includes(0));
  assert.ok(levels.length >= 20 && levels.length <= 24, `${levels.length} levels`);
  const sorted = [...levels].sort((a, b) => a - b);
  assert.deepEqual(levels, sorted, 'ascending, as d3-contour wants them');
  const near = levels.filter((l) => Math.abs(l) < 0.01 * Math.max(...g.values.map(Math.abs))).length;
  assert.ok(near >= 6, `${near} levels within 1 % of the range around the saddle's f = 0`);
  const negative = levels.filter((l) => l < 0);
  const ratios = negative.slice(1).map((l, i) => negative[i]! / l);
  for (const r of ratios) assert.ok(Math.abs(r - ratios[0]!) < 1e-9, 'geometric on the negative side');
  assert.deepEqual(
    symlogLevels([1, 2, 3], 5),
    logLevels([1, 2, 3], 5),
    'no sign change: log above the minimum',
  );
});
