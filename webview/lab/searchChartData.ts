// What the search section shows, decided without the DOM: its summary line, the ticks of a
// parallel-coordinates axis, the points of the objective scatter, and the brushing hint.
import type { RunRecord } from '../../src/protocol/record';
import type { SearchState } from '../../src/protocol/search';
import { formatValue, scatterValue, trialDescription } from './searchInsights';
import { axisPosition, finishedTrials, searchAxes, type SearchAxis } from './searchModel';

const short = (v: number) => formatValue(v);

/** `random search, 12 trials (10 finished, 2 pruned); best trial #4: Adam, lr 0.01, loss 0.123`. */
export function searchSummary(record: RunRecord, state: SearchState): string {
  const axes = searchAxes(record, state);
  const done = finishedTrials(state);
  const pruned = state.trials.filter((t) => t.status === 'pruned').length;
  const best = state.best === null ? null : state.trials.find((t) => t.index === state.best);
  const objective = axes[axes.length - 1]!;
  return (
    `${state.strategy} search, ${state.trials.length} trials (${done.length} finished` +
    `${pruned > 0 ? `, ${pruned} pruned` : ''})` +
    (best && best.value !== null
      ? `; best trial #${best.index}: ${trialDescription(axes, best)}, ${objective.name} ${short(best.value)}`
      : '')
  );
}

/** Labels along an axis: the categories, or the ends and middle of a numeric range; "n/a" at the foot when it has one. */
export function axisTicks(a: SearchAxis): [string, number][] {
  const na: [string, number][] = a.na ? [['n/a', 0]] : [];
  if (a.kind === 'category')
    return [
      ...na,
      ...a.categories.map((c, i): [string, number] => [
        String(JSON.parse(c)),
        axisPosition(a, JSON.parse(c)) ?? i,
      ]),
    ];
  const mid = a.kind === 'log' ? Math.sqrt(a.min * a.max) : (a.min + a.max) / 2;
  return [...na, ...[a.min, mid, a.max].map((v): [string, number] => [short(v), axisPosition(a, v) ?? 0])];
}

/** One trial in the objective scatter. */
export interface ScatterPoint {
  /** The parameter's value, or a category's index. */
  x: number;
  y: number;
  best: boolean;
  pruned: boolean;
  epoch: number | null;
  text: string;
}

/**
 * The trials that have the parameter of `axis` and a value to show (finished, or pruned at their
 * last value), against that parameter; categories at their index.
 */
export function scatterPoints(
  axes: readonly SearchAxis[],
  state: SearchState,
  axis: SearchAxis,
): ScatterPoint[] {
  return state.trials.flatMap((t) => {
    const v = t.params[axis.name];
    const shown = scatterValue(t);
    const x =
      axis.kind === 'category'
        ? axis.categories.indexOf(JSON.stringify(v))
        : typeof v === 'number'
          ? v
          : null;
    if (x === null || x < 0 || shown === null) return [];
    const text = `#${t.index} ${trialDescription(axes, t)}`;
    return [{ x, y: shown.y, best: t.index === state.best, pruned: shown.pruned, epoch: shown.epoch, text }];
  });
}

/** The hint under the parallel coordinates, with the count in the brushed ranges while brushing. */
export function parallelHint(selected: number, total: number, brushing: boolean): string {
  return (
    (brushing ? `${selected} of ${total} trials in the brushed ranges. ` : '') +
    'One line per trial; darker and thicker is better, the best in the second colour; dashed lines were pruned or did not finish; "n/a": the trial has no such parameter. Drag along an axis to filter, click it to clear; hover a line for its trial.'
  );
}
