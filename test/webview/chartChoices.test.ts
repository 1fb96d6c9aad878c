// How the lab's charts are drawn: dash patterns per configuration, the table's filter and selection
// deciding which curves show and which stand out, and the first view's log-y and smoothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configDash, DASH_PATTERNS, emphasisOf, lineLook } from '../../webview/lab/chartStyle';
import { initialView, roughness } from '../../webview/lab/chartDefaults';
import { chartRuns, runsShown, selectedRuns } from '../../webview/lab/chartFilter';
import type { ResultRow } from '../../webview/lab/resultsModel';

test('neighbouring configurations differ in dash pattern; (colour, pattern) pairs repeat late', () => {
  assert.deepEqual(configDash(0), []);
  for (let p = 0; p < 40; p++) assert.notDeepEqual(configDash(p), configDash(p + 1));
  const palette = 29; // VS Code's six chart colours and the 23 of seriesPalette
  const pairs = new Set<string>();
  for (let p = 0; p < 2 * palette; p++) pairs.add(`${p % palette}|${configDash(p).join(',')}`);
  assert.equal(pairs.size, 2 * palette);
  assert.equal(new Set(DASH_PATTERNS.map((d) => d.join(','))).size, DASH_PATTERNS.length);
});

test('the selection stands out and the rest fades; validation lines are thinner than training', () => {
  assert.equal(emphasisOf(['a'], null), 'normal');
  assert.equal(emphasisOf(['a', 'b'], new Set(['b'])), 'selected');
  assert.equal(emphasisOf(['a'], new Set(['b'])), 'faded');
  assert.ok(lineLook('normal', true).width < lineLook('normal', false).width);
  assert.ok(lineLook('selected', false).width > lineLook('normal', false).width);
  assert.ok(lineLook('faded', false).alpha < 0.5);
});

const row = (key: string, configKey: string, label: string, seed: number): ResultRow =>
  ({
    key,
    configKey,
    label,
    seed,
    status: 'done',
    experiment: 'e',
    starred: false,
    message: null,
  }) as unknown as ResultRow;

test("the table's filter decides the charts' runs; the selection names a configuration's runs", () => {
  const rows = [
    row('r1', 'c1', 'SGD(lr=0.1)', 0),
    row('r2', 'c1', 'SGD(lr=0.1)', 1),
    row('r3', 'c2', 'Adam()', 0),
  ];
  assert.equal(chartRuns(rows, '  '), null);
  assert.deepEqual([...chartRuns(rows, 'adam')!], ['r3']);
  assert.deepEqual([...chartRuns(rows, 'sgd seed:1')!], ['r2']);
  assert.deepEqual([...chartRuns(rows, 'nothing')!], []);
  assert.deepEqual([...selectedRuns(rows, 'c1')!], ['r1', 'r2']);
  assert.equal(selectedRuns(rows, null), null);
  assert.equal(selectedRuns(rows, 'gone'), null);
  const runs = [{ key: 'r1' }, { key: 'r2' }];
  assert.deepEqual(runsShown(runs, null), runs);
  assert.deepEqual(runsShown(runs, new Set(['r2'])), [{ key: 'r2' }]);
});

test('roughness: 1 for a monotone curve, large for noise, on the drawn scale', () => {
  assert.equal(roughness([5, 4, 3, 2, 1], false), 1);
  assert.ok(roughness([1, 3, 1, 3, 1, 3, 1, 3], false)! > 5);
  assert.equal(roughness([1, 1, 1], false), null, 'flat');
  assert.equal(roughness([1, null, 2], false), null, 'too few values');
  // A steady exponential decay is monotone on a log axis too.
  assert.ok(Math.abs(roughness([100, 10, 1, 0.1, 0.01], true)! - 1) < 1e-12);
});

test('the first view: log y past two decades, smoothing only for noisy curves', () => {
  const smooth = Array.from({ length: 50 }, (_, i) => 2 * 0.9 ** i + 0.1);
  const decades = Array.from({ length: 50 }, (_, i) => 100 * 0.7 ** i);
  // Noise as large as the trend: a mini-batch gradient norm.
  const noisy = Array.from({ length: 200 }, (_, i) => 1 + ((i * 7919) % 13) / 13);
  assert.deepEqual(initialView([smooth], [], 0.6), { logY: false, smoothing: 0 });
  assert.deepEqual(initialView([decades], [], 0.6), { logY: true, smoothing: 0 });
  assert.deepEqual(initialView([smooth], [noisy, noisy], 0.6), { logY: false, smoothing: 0.6 });
  // Noisy gradient norms ask for smoothing even when many calm loss curves outnumber them.
  assert.deepEqual(initialView([smooth, smooth, smooth, smooth], [noisy], 0.6), {
    logY: false,
    smoothing: 0.6,
  });
  assert.deepEqual(initialView([noisy, noisy], [], 0.6).smoothing, 0.6);
  // The setting is the weight used; 0 keeps every curve raw.
  assert.deepEqual(initialView([smooth], [noisy, noisy], 0), { logY: false, smoothing: 0 });
  assert.deepEqual(initialView([], [], 0.6), { logY: false, smoothing: 0 });
});
