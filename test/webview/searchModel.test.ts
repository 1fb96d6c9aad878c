import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SearchState, TrialState } from '../../src/protocol/search';
import { axisPosition, searchAxes, trialPositions, trialQuality } from '../../webview/lab/searchModel';
import { sampleLabRecord, TWO_CONFIGS } from './labData';

function trial(
  index: number,
  params: TrialState['params'],
  value: number | null,
  status: TrialState['status'] = 'done',
): TrialState {
  return {
    index,
    params,
    label: `#${index}`,
    config: null,
    status,
    value,
    std: null,
    values: [value],
    runIds: [`t${index}-s0`],
    bracket: null,
    intermediate: [],
    rungs: [],
    pruned_at_epoch: null,
    message: null,
    elapsed_ms: 1,
  };
}

const { record } = sampleLabRecord(TWO_CONFIGS);
const searchRecord = {
  ...record,
  experiment: {
    ...record.experiment,
    search: {
      parameters: {
        optimizer: { type: 'choice', values: ['SGD', 'Adam'] },
        lr: { type: 'loguniform', low: 1e-4, high: 1 },
      },
      conditional: { SGD: { momentum: { type: 'uniform', low: 0, high: 0.99 } } },
    },
  },
};
const state: SearchState = {
  format: 'optimizer-lab-search',
  version: 1,
  status: 'done',
  stop_reason: 'budget',
  strategy: 'tpe',
  seed: 0,
  window: 1,
  budget: { trials: 3, wall_time_s: null },
  grid_trials: null,
  objective: { metric: 'val_loss', mode: 'min', use: 'best' },
  cv_folds: null,
  fingerprint: '{}',
  elapsed_ms: 3,
  best: 1,
  trials: [
    trial(0, { optimizer: 'SGD', lr: 0.01, momentum: 0.5 }, 0.4),
    trial(1, { optimizer: 'Adam', lr: 0.1 }, 0.1),
    trial(2, { optimizer: 'Adam', lr: 1e-4 }, null, 'pruned'),
  ],
};

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
