// TpeObservation: What TPE knows of an earlier trial (also TpeOptions, splitObservations, suggestTpe).
import type { SearchParam } from '../../protocol/search';
import type { Rng } from '../random';
import { CategoricalParzen, NumericalParzen, defaultGamma, defaultWeights } from './parzen';
import { isActive, sampleRandom, type Dimension, type TrialParams } from './space';
import { appendAll } from '../extremes';

/**
 * What TPE knows of an earlier trial. `loss` is the objective turned into "lower is better" (a
 * maximized metric is negated; a trial that diverged has +Infinity). Pruned trials carry the last
 * rung they reached; running trials carry only their parameters (the constant liar: they count as
 * bad, so parallel workers are steered away from points already being tried).
 */
export type TpeObservation =
  | { index: number; params: TrialParams; state: 'complete'; loss: number }
  | { index: number; params: TrialParams; state: 'pruned'; lastEpoch: number; loss: number }
  | { index: number; params: TrialParams; state: 'running' };

export interface TpeOptions {
  startupTrials: number;
  eiCandidates: number;
}

const byLoss = (a: { loss: number; index: number }, b: { loss: number; index: number }) =>
  a.loss - b.loss || a.index - b.index;

/**
 * Splits observations into the good group ("below", the best gamma(n)) and the rest, as Optuna's
 * _split_trials: complete trials by loss first, then pruned ones by how far they got and their
 * value there; running trials are always in the bad group. Both groups keep trial order.
 */
export function splitObservations(obs: readonly TpeObservation[]): {
  below: TpeObservation[];
  above: TpeObservation[];
} {
  let nBelow = defaultGamma(obs.length);
  const complete = obs.filter((o) => o.state === 'complete').sort(byLoss);
  const pruned = obs
    .filter((o) => o.state === 'pruned')
    .sort((a, b) => b.lastEpoch - a.lastEpoch || byLoss(a, b));
  const below: TpeObservation[] = [];
  const above: TpeObservation[] = [];
  for (const group of [complete, pruned]) {
    const take = Math.min(nBelow, group.length);
    appendAll(below, group.slice(0, take));
    appendAll(above, group.slice(take));
    nBelow -= take;
  }
  appendAll(
    above,
    obs.filter((o) => o.state === 'running'),
  );
  const byIndex = (a: TpeObservation, b: TpeObservation) => a.index - b.index;
  return { below: below.sort(byIndex), above: above.sort(byIndex) };
}

/** A parameter in the space the estimators model: log scale for log parameters, a lattice for ints. */
function internal(p: Exclude<SearchParam, { type: 'choice' }>) {
  if (p.type === 'loguniform' || (p.type === 'int' && p.log)) {
    const lowI = p.type === 'int' ? Math.log(p.low - 0.5) : Math.log(p.low);
    const highI = p.type === 'int' ? Math.log(p.high + 0.5) : Math.log(p.high);
    return {
      low: lowI,
      high: highI,
      step: null,
      to: (v: number) => Math.log(v),
      from: (x: number) =>
        p.type === 'int'
          ? Math.min(p.high, Math.max(p.low, Math.round(Math.exp(x))))
          : Math.min(p.high, Math.max(p.low, Math.exp(x))),
    };
  }
  return {
    low: p.low,
    high: p.type === 'int' ? p.low + Math.floor((p.high - p.low) / p.step) * p.step : p.high,
    step: p.type === 'int' ? p.step : null,
    to: (v: number) => v,
    from: (x: number) => x,
  };
}

function has(o: TpeObservation, d: Dimension): boolean {
  return isActive(d, o.params) && o.params[d.name] !== undefined;
}

/**
 * Suggests the next point with the Tree-structured Parzen Estimator as Optuna's TPESampler does it
 * (independent sampling, prior weight 1, magic clip, default gamma and weights): random until
 * `startupTrials` trials exist, then, per dimension, `eiCandidates` draws from the good group's
 * estimator l(x), keeping the one that maximizes log l(x) − log g(x). Conditional dimensions are
 * modelled from the trials in which they were active.
 */
export function suggestTpe(
  dims: readonly Dimension[],
  obs: readonly TpeObservation[],
  o: TpeOptions,
  rng: Rng,
): TrialParams {
  if (obs.length < o.startupTrials) return sampleRandom(dims, rng);
  const { below, above } = splitObservations(obs);
  const params: TrialParams = {};
  for (const d of dims) {
    if (!isActive(d, params)) continue;
    const b = below.filter((t) => has(t, d));
    const a = above.filter((t) => has(t, d));
    const p = d.param;
    if (p.type === 'choice') {
      const idx = (t: TpeObservation) => p.values.indexOf(t.params[d.name]!);
      const l = new CategoricalParzen(b.map(idx), defaultWeights(b.length), p.values.length);
      const g = new CategoricalParzen(a.map(idx), defaultWeights(a.length), p.values.length);
      let best = -1;
      let bestScore = -Infinity;
      for (let k = 0; k < o.eiCandidates; k++) {
        const c = l.sample(rng);
        const score = l.logPdf(c) - g.logPdf(c);
        if (score > bestScore) [best, bestScore] = [c, score];
      }
      params[d.name] = p.values[best]!;
      continue;
    }
    const t = internal(p);
    const value = (x: TpeObservation) => t.to(x.params[d.name] as number);
    const logInt = p.type === 'int' && p.log;
    const l = new NumericalParzen(b.map(value), defaultWeights(b.length), t.low, t.high, t.step, 1, logInt);
    const g = new NumericalParzen(a.map(value), defaultWeights(a.length), t.low, t.high, t.step, 1, logInt);
    let best = NaN;
    let bestScore = -Infinity;
    for (let k = 0; k < o.eiCandidates; k++) {
      const x = l.sample(rng);
      const score = l.logPdf(x) - g.logPdf(x);
      if (score > bestScore) [best, bestScore] = [x, score];
    }
    params[d.name] = t.from(best);
  }
  return params;
}
