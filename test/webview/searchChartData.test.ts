import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axisTicks, parallelHint, scatterPoints, searchSummary } from '../../webview/lab/searchChartData';
import { searchAxes } from '../../webview/lab/searchModel';
import { sampleSearch } from './labData';
import type { SearchState } from '../../src/protocol/search';

const { record, state } = sampleSearch();
const axes = searchAxes(record, state);
const axis = (name: string) => axes.find((a) => a.name === name)!;

test('the summary counts the trials, the pruned ones, and names the best with its objective', () => {
  assert.equal(
    searchSummary(record, state),
    'tpe search, 3 trials (2 finished, 1 pruned); best trial #1: Adam, lr 0.1, val_loss (best) 0.1',
  );
  assert.equal(
    searchSummary(record, { ...state, best: null }),
    'tpe search, 3 trials (2 finished, 1 pruned)',
  );
});

test('a category axis is labelled by its candidates; a numeric one at its ends and middle; n/a at the foot', () => {
  assert.deepEqual(
    axisTicks(axis('optimizer')).map(([t]) => t),
    ['SGD', 'Adam'],
  );
  const lr = axisTicks(axis('lr'));
  assert.deepEqual(
    lr.map(([t]) => t),
    ['1.00e-4', '0.01', '1'],
    'the middle of a log axis is the geometric mean',
  );
  assert.deepEqual(
    lr.map(([, p]) => p),
    [0, 0.5, 1],
  );
  const momentum = axisTicks(axis('momentum'));
  assert.deepEqual(momentum[0], ['n/a', 0], 'Adam trials have no momentum');
});

test('the scatter has every trial with the parameter and a value, categories at their index', () => {
  const byLr = scatterPoints(axes, state, axis('lr'));
  assert.deepEqual(
    byLr.map((p) => [p.x, p.y, p.best, p.pruned]),
    [
      [0.01, 0.4, false, false],
      [0.1, 0.1, true, false],
    ],
    'the pruned trial reported no intermediate value, so it has nothing to show',
  );
  const withLast: SearchState = {
    ...state,
    trials: state.trials.map((t) =>
      t.status === 'pruned'
        ? {
            ...t,
            intermediate: [[0, 0.9] as [number, number], [1, 0.7] as [number, number]],
            pruned_at_epoch: 2,
          }
        : t,
    ),
  };
  const pruned = scatterPoints(axes, withLast, axis('lr')).find((p) => p.pruned);
  assert.deepEqual(pruned && [pruned.x, pruned.y, pruned.epoch], [1e-4, 0.7, 2]);
  const byOptimizer = scatterPoints(axes, state, axis('optimizer'));
  assert.deepEqual(
    byOptimizer.map((p) => p.x),
    byLr.map((p) => (p.text.includes('SGD') ? 0 : 1)),
  );
  const byMomentum = scatterPoints(axes, state, axis('momentum'));
  assert.deepEqual(
    byMomentum.map((p) => p.x),
    [0.5],
    'only the SGD trial has a momentum',
  );
  assert.match(byLr[1]!.text, /^#1 Adam, lr 0\.1$/);
});

test('the brushing hint counts the trials in range only while brushing', () => {
  assert.match(parallelHint(2, 5, true), /^2 of 5 trials in the brushed ranges\. One line per trial/);
  assert.match(parallelHint(5, 5, false), /^One line per trial/);
});
