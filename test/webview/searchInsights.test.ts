import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SearchState, TrialState } from '../../src/protocol/search';
import {
  formatValue,
  nearestLine,
  optimizationHistory,
  parameterImportance,
  passesBrushes,
  scatterValue,
  trialDescription,
} from '../../webview/lab/searchInsights';
import { searchAxes, trialPositions } from '../../webview/lab/searchModel';
import { sampleSearch } from './labData';

const { record, state } = sampleSearch();
const template = state.trials[0]!;

function trialOf(index: number, params: TrialState['params'], value: number | null): TrialState {
  return {
    ...template,
    index,
    params,
    label: `#${index}`,
    value,
    status: value === null ? 'pruned' : 'done',
  };
}

test('numbers are shown in three significant digits, tiny and huge ones in exponent form', () => {
  assert.equal(formatValue(0.012345678), '0.0123');
  assert.equal(formatValue(0.00001234), '1.23e-5');
  assert.equal(formatValue(12), '12');
  assert.equal(formatValue(123456.7), '1.23e+5');
  assert.equal(formatValue('Adam'), 'Adam');
  assert.equal(formatValue(undefined), 'n/a');
});

test('a trial reads as its parameters, formatted, without the ones it lacks', () => {
  const axes = searchAxes(record, state);
  assert.equal(trialDescription(axes, state.trials[0]!), 'SGD, lr 0.01, momentum 0.5');
  assert.equal(
    trialDescription(axes, { ...state.trials[1]!, params: { optimizer: 'Adam', lr: 0.0123456 } }),
    'Adam, lr 0.0123',
  );
});

test('the optimization history keeps the best value so far in the objective direction', () => {
  const s: SearchState = {
    ...state,
    trials: [
      trialOf(0, {}, 0.5),
      trialOf(1, {}, 0.7),
      trialOf(2, {}, null),
      trialOf(3, {}, 0.2),
      trialOf(4, {}, 0.4),
    ],
  };
  assert.deepEqual(
    optimizationHistory(s).map((p) => [p.trial, p.value, p.bestSoFar]),
    [
      [0, 0.5, 0.5],
      [1, 0.7, 0.5],
      [3, 0.2, 0.2],
      [4, 0.4, 0.2],
    ],
  );
  const max = { ...s, objective: { ...s.objective, mode: 'max' as const } };
  assert.deepEqual(
    optimizationHistory(max).map((p) => p.bestSoFar),
    [0.5, 0.7, 0.7, 0.7],
  );
});

test('a pruned trial shows in the scatter at its last reported value; a failed one does not', () => {
  const pruned = {
    ...trialOf(5, {}, null),
    intermediate: [
      [1, 0.9],
      [2, 0.8],
      [3, null],
    ] as [number, number | null][],
    pruned_at_epoch: 3,
  };
  assert.deepEqual(scatterValue(pruned), { y: 0.8, pruned: true, epoch: 3 });
  assert.deepEqual(scatterValue(trialOf(6, {}, 0.3)), { y: 0.3, pruned: false, epoch: null });
  assert.equal(scatterValue({ ...trialOf(7, {}, null), status: 'failed' }), null);
});

test('importance: the parameter that decides the objective ranks first, noise gets about nothing', () => {
  // lr decides the objective; momentum is random noise; the optimizer is drawn evenly.
  const trials: TrialState[] = [];
  let seed = 7;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < 60; i++) {
    const lr = 10 ** (-4 + 4 * rand());
    const sgd = i % 2 === 0;
    const params: TrialState['params'] = sgd
      ? { optimizer: 'SGD', lr, momentum: rand() * 0.99 }
      : { optimizer: 'Adam', lr };
    trials.push(trialOf(i, params, Math.abs(Math.log10(lr) + 2) + 0.05 * rand()));
  }
  const s = { ...state, trials };
  const ranked = parameterImportance(searchAxes(record, s), s);
  assert.equal(ranked[0]!.name, 'lr');
  assert.ok(ranked[0]!.share > 0.8, JSON.stringify(ranked));
  assert.ok(Math.abs(ranked.reduce((a, r) => a + r.share, 0) - 1) < 1e-12);
  const momentum = ranked.find((r) => r.name === 'momentum')!;
  assert.ok(momentum.share < 0.1, JSON.stringify(ranked));
  assert.ok(momentum.levels >= 3, 'momentum has bins and an n/a level');
});

test('importance of a constant objective is zero for every parameter', () => {
  const s = {
    ...state,
    trials: [0, 1, 2, 3].map((i) => trialOf(i, { optimizer: 'SGD', lr: 10 ** -i, momentum: 0.1 * i }, 0.5)),
  };
  assert.ok(
    parameterImportance(searchAxes(record, s), s).every((r) => r.share === 0 && r.epsilonSquared === 0),
  );
});

test('brushes keep the trials inside every brushed range, in either drag direction', () => {
  const axes = searchAxes(record, state);
  const adam = trialPositions(axes, state.trials[1]!);
  const sgd = trialPositions(axes, state.trials[0]!);
  const topOfOptimizer = new Map([[0, [1, 0.9] as const]]);
  assert.equal(passesBrushes(adam, topOfOptimizer), true);
  assert.equal(passesBrushes(sgd, topOfOptimizer), false);
  assert.equal(passesBrushes(sgd, new Map()), true);
  assert.equal(passesBrushes([0.5, null], new Map([[1, [0, 1] as const]])), false);
});

test('hover finds the nearest line within reach, across gaps', () => {
  const lines = [
    {
      id: 1,
      points: [
        [0, 0],
        [100, 0],
      ] as [number, number][],
    },
    { id: 2, points: [[0, 10], null, [100, 10]] as ([number, number] | null)[] },
    {
      id: 3,
      points: [
        [0, 20],
        [100, 20],
      ] as [number, number][],
    },
  ];
  assert.equal(nearestLine(lines, 50, 2, 5), 1);
  assert.equal(nearestLine(lines, 50, 18, 5), 3);
  assert.equal(nearestLine(lines, 50, 10, 3), null, 'line 2 has a gap there');
  assert.equal(nearestLine(lines, 50, 60, 5), null);
});
