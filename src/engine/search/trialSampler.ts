// The search's sampler: where trial i goes (the grid's next point, a random draw, or TPE with a
// constant liar for trials still running), drawn so a trial's point does not depend on timing.
import type { ResolvedSearch, SearchState, TrialState } from '../../protocol/search';
import { Rng } from '../random';
import { gridOrder } from './grid';
import { isFinished } from './searchState';
import { dimensions, paramsKey, sampleRandom, type Dimension, type TrialParams } from './space';
import { suggestTpe, type TpeObservation } from './tpe';

/** A per-trial random stream of the search seed, so trial i's draws do not depend on timing. */
function trialRng(seed: number, index: number): Rng {
  return new Rng((Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
}

/** TPE's view of trial j when suggesting trial i: finished results up to i − window, pending after. */
function observation(t: TrialState, visible: boolean, mode: 'min' | 'max'): TpeObservation | null {
  const sign = mode === 'min' ? 1 : -1;
  if (!visible) return { index: t.index, params: t.params, state: 'running' };
  if (t.status === 'done' && t.value !== null) {
    return { index: t.index, params: t.params, state: 'complete', loss: sign * t.value };
  }
  if (t.status === 'diverged') return { index: t.index, params: t.params, state: 'complete', loss: Infinity };
  if (t.status === 'pruned' && t.rungs.length > 0) {
    const [epoch, value] = t.rungs[t.rungs.length - 1]!;
    return {
      index: t.index,
      params: t.params,
      state: 'pruned',
      lastEpoch: epoch,
      loss: value === null ? Infinity : sign * value,
    };
  }
  return null; // failed trials tell nothing about the objective (Optuna ignores them too)
}

/**
 * Suggests the points of new trials of a search. A point some trial of the state already has (kept
 * trials of a resumed search, earlier suggestions) is never suggested again.
 */
export class TrialSampler {
  private readonly dims: Dimension[];
  /** The grid's points in their seeded order, or null for random and TPE. */
  readonly grid: TrialParams[] | null;

  constructor(
    private readonly s: ResolvedSearch,
    private readonly mode: 'min' | 'max',
  ) {
    this.dims = dimensions(s);
    this.grid = s.strategy === 'grid' ? gridOrder(this.dims, s.seed) : null;
  }

  /** The point of new trial i, or null when the space has no new point left. */
  suggest(i: number, state: SearchState): TrialParams | null {
    if (this.grid) return this.grid[i] ?? null;
    const s = this.s;
    const seen = new Set(state.trials.map((t) => paramsKey(t.params)));
    const rng = trialRng(s.seed, i);
    for (let attempt = 0; attempt < 100; attempt++) {
      let params: TrialParams;
      if (s.strategy === 'tpe' && attempt < 10) {
        const obs = state.trials
          .slice(0, i)
          .map((t) => observation(t, t.index <= i - state.window, this.mode))
          .filter((x): x is TpeObservation => x !== null);
        params = suggestTpe(
          this.dims,
          obs,
          { startupTrials: s.tpe.startup_trials, eiCandidates: s.tpe.ei_candidates },
          rng,
        );
      } else {
        // A repeated point (a small discrete space) is redrawn from the prior.
        params = sampleRandom(this.dims, rng);
      }
      if (!seen.has(paramsKey(params))) return params;
    }
    return null;
  }

  /** TPE waits until trials 0..i−window are finished, so suggestion i does not depend on timing. */
  ready(i: number, state: SearchState): boolean {
    return (
      this.s.strategy !== 'tpe' || state.trials.slice(0, Math.max(0, i - state.window + 1)).every(isFinished)
    );
  }
}
