import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  axisPosition,
  NA_BAND,
  searchAxes,
  trialPositions,
  trialQuality,
} from '../../webview/lab/searchModel';
import { sampleSearch } from './labData';

const { record: searchRecord, state } = sampleSearch();

test('axes follow the search space: choices as categories, loguniform on a log scale, the objective last', () => {
  const axes = searchAxes(searchRecord, state);
  assert.deepEqual(
    axes.map((a) => [a.name, a.kind]),
    [
      ['optimizer', 'category'],
      ['lr', 'log'],
      ['momentum', 'linear'],
      ['val_loss (best)', 'linear'],
    ],
  );
  assert.equal(axes[1]!.min, 1e-4);
  assert.equal(axes[1]!.max, 1);
});

test('positions: log axes by decade, categories evenly, a conditional parameter on its own n/a level', () => {
  const axes = searchAxes(searchRecord, state);
  assert.ok(Math.abs(axisPosition(axes[1]!, 0.01)! - 0.5) < 1e-12);
  assert.equal(axisPosition(axes[0]!, 'Adam'), 1);
  assert.equal(axisPosition(axes[0]!, 'RMSprop'), null);
  assert.deepEqual(
    axes.map((a) => a.na),
    [false, false, true, false],
    'only momentum is missing from some trials',
  );
  const adam = trialPositions(axes, state.trials[1]!);
  assert.equal(adam[2], 0, 'Adam has no momentum: the n/a level at the foot of the axis');
  assert.equal(adam[3], 0, 'the best (lowest) objective sits at the bottom of its axis');
  assert.ok(
    adam.every((p) => p !== null),
    'the best trial reaches the objective axis',
  );
  const sgd = trialPositions(axes, state.trials[0]!);
  assert.ok(sgd[2]! >= NA_BAND && sgd[2]! <= 1, 'a momentum value sits above the n/a band');
  assert.equal(axisPosition(axes[2]!, 0), NA_BAND);
});

test('quality is 1 for the best finished trial and 0 for the worst; unfinished trials have none', () => {
  assert.equal(trialQuality(state, state.trials[1]!), 1);
  assert.equal(trialQuality(state, state.trials[0]!), 0);
  assert.equal(trialQuality(state, state.trials[2]!), null);
  const maximized = { ...state, objective: { ...state.objective, mode: 'max' as const } };
  assert.equal(trialQuality(maximized, state.trials[0]!), 1);
});
