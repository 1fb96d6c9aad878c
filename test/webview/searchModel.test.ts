import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axisPosition, searchAxes, trialPositions, trialQuality } from '../../webview/lab/searchModel';
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

test('positions: log axes by decade, categories evenly, parameters of another optimizer have none', () => {
  const axes = searchAxes(searchRecord, state);
  assert.ok(Math.abs(axisPosition(axes[1]!, 0.01)! - 0.5) < 1e-12);
  assert.equal(axisPosition(axes[0]!, 'Adam'), 1);
  assert.equal(axisPosition(axes[0]!, 'RMSprop'), null);
  const adam = trialPositions(axes, state.trials[1]!);
  assert.equal(adam[2], null, 'Adam has no momentum');
  assert.equal(adam[3], 0, 'the best (lowest) objective sits at the bottom of its axis');
});

test('quality is 1 for the best finished trial and 0 for the worst; unfinished trials have none', () => {
  assert.equal(trialQuality(state, state.trials[1]!), 1);
  assert.equal(trialQuality(state, state.trials[0]!), 0);
  assert.equal(trialQuality(state, state.trials[2]!), null);
  const maximized = { ...state, objective: { ...state.objective, mode: 'max' as const } };
  assert.equal(trialQuality(maximized, state.trials[0]!), 1);
});
