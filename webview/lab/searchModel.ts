// SearchAxis: One axis of the parallel-coordinates view (also NA_BAND, searchParameters, finishedTrials,
// searchAxes, …).
import {
  searchParamSchema,
  type ChoiceValue,
  type SearchState,
  type TrialState,
} from '../../src/protocol/search';
import type { RunRecord } from '../../src/protocol/record';
import { maxOf, minOf } from '../../src/engine/extremes';

/** One axis of the parallel-coordinates view: a searched parameter, or the objective last. */
export interface SearchAxis {
  name: string;
  kind: 'linear' | 'log' | 'category';
  /** Numeric axes: the range drawn (the search space, widened to the values seen). */
  min: number;
  max: number;
  /** Category axes: the candidates in file order (as JSON text, so null and "null" differ). */
  categories: string[];
  /**
   * Some trial lacks this parameter (a conditional one, such as SGD's momentum when Adam was
   * drawn): the axis keeps a "n/a" level at its foot, below a gap, so every line reaches the objective.
   */
  na: boolean;
}

/** Share of an axis's height given to its "n/a" level (at the bottom, 0) and the gap above it. */
export const NA_BAND = 0.14;

interface ParamSpec {
  type: 'uniform' | 'loguniform' | 'int' | 'choice';
  low?: number;
  high?: number;
  log?: boolean;
  values?: ChoiceValue[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The searched parameters of a record's resolved search section, shared and per optimizer, in file order. */
export function searchParameters(record: RunRecord): [string, ParamSpec][] {
  const search = record.experiment['search'];
  if (!isObject(search)) return [];
  const out = new Map<string, ParamSpec>();
  const add = (section: unknown) => {
    if (!isObject(section)) return;
    for (const [name, spec] of Object.entries(section)) {
      if (out.has(name)) continue;
      // A parameter the record spells wrongly is left out rather than trusted.
      const parsed = searchParamSchema.safeParse(spec);
      if (parsed.success) out.set(name, parsed.data);
    }
  };
  add(search['parameters']);
  if (isObject(search['conditional']))
    for (const section of Object.values(search['conditional'])) add(section);
  return [...out];
}

/** Trials that ended with a value; the others (pruned, failed, running) are drawn faint, without one. */
export function finishedTrials(state: SearchState): TrialState[] {
  return state.trials.filter((t) => t.status === 'done' && t.value !== null);
}

/**
 * The axes of a search: each parameter on the scale it was searched on (log for loguniform and
 * log ints, categories for choices), then the objective, on a log scale when its finite values
 * are positive and span more than two decades.
 */
export function searchAxes(record: RunRecord, state: SearchState): SearchAxis[] {
  const axes: SearchAxis[] = searchParameters(record).map(([name, spec]) => {
    const na = state.trials.some((t) => t.params[name] === undefined);
    if (spec.type === 'choice') {
      return {
        name,
        kind: 'category',
        min: 0,
        max: Math.max(0, (spec.values ?? []).length - 1),
        categories: (spec.values ?? []).map((v) => JSON.stringify(v)),
        na,
      };
    }
    const seen = state.trials
      .map((t) => t.params[name])
      .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    const log = spec.type === 'loguniform' || (spec.type === 'int' && spec.log === true);
    return {
      name,
      kind: log ? 'log' : 'linear',
      min: Math.min(spec.low ?? Infinity, minOf(seen) ?? Infinity),
      max: Math.max(spec.high ?? -Infinity, maxOf(seen) ?? -Infinity),
      categories: [],
      na,
    };
  });
  const values = finishedTrials(state).map((t) => t.value!);
  const lo = minOf(values) ?? 0;
  const hi = maxOf(values) ?? 1;
  axes.push({
    name: `${state.objective.metric} (${state.objective.use})`,
    kind: lo > 0 && hi / lo > 100 ? 'log' : 'linear',
    min: lo,
    max: hi === lo ? lo + 1 : hi,
    categories: [],
    na: false,
  });
  return axes;
}

/**
 * Where `value` sits on `axis`, 0 at the bottom and 1 at the top; a missing value sits on the
 * "n/a" level (0) of an axis that has one; null when the value has no place on the axis.
 */
export function axisPosition(axis: SearchAxis, value: ChoiceValue | undefined): number | null {
  if (value === undefined) return axis.na ? 0 : null;
  const p = rawPosition(axis, value);
  return p === null || !axis.na ? p : NA_BAND + (1 - NA_BAND) * p;
}

function rawPosition(axis: SearchAxis, value: ChoiceValue): number | null {
  if (axis.kind === 'category') {
    const i = axis.categories.indexOf(JSON.stringify(value));
    if (i < 0) return null;
    return axis.categories.length === 1 ? 0.5 : i / (axis.categories.length - 1);
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  if (axis.kind === 'log') {
    if (value <= 0 || axis.min <= 0) return null;
    const span = Math.log(axis.max) - Math.log(axis.min);
    return span > 0 ? (Math.log(value) - Math.log(axis.min)) / span : 0.5;
  }
  const span = axis.max - axis.min;
  return span > 0 ? (value - axis.min) / span : 0.5;
}

/** A trial's point on every axis (the objective last); null where it has none (no objective yet). */
export function trialPositions(axes: readonly SearchAxis[], t: TrialState): (number | null)[] {
  return axes.map((a, i) =>
    i === axes.length - 1
      ? t.value === null
        ? null
        : axisPosition(a, t.value)
      : axisPosition(a, t.params[a.name]),
  );
}

/**
 * Colour weight of a trial: 1 for the best finished trial down to 0 for the worst, in the
 * objective's direction, so the good region of the space stands out.
 */
export function trialQuality(state: SearchState, t: TrialState): number | null {
  const values = finishedTrials(state).map((x) => x.value!);
  if (t.value === null || values.length === 0) return null;
  const lo = minOf(values)!;
  const hi = maxOf(values)!;
  if (hi === lo) return 1;
  const q = (t.value - lo) / (hi - lo);
  return state.objective.mode === 'min' ? 1 - q : q;
}
