// gridValues: The grid points of one parameter (also enumerateGrid, gridOrder).
import type { ChoiceValue, SearchParam } from '../../protocol/search';
import { Rng } from '../random';
import { intValues, isActive, type Dimension, type TrialParams } from './space';

/** The grid points of one parameter: linear or log spacing for reals, the lattice of an int, the choices. */
export function gridValues(p: SearchParam): ChoiceValue[] {
  switch (p.type) {
    case 'choice':
      return [...p.values];
    case 'int':
      return intValues(p);
    case 'uniform':
    case 'loguniform': {
      const n = p.grid;
      if (n === undefined) throw new Error(`a ${p.type} parameter needs "grid" on a grid search`);
      const log = p.type === 'loguniform';
      const lo = log ? Math.log(p.low) : p.low;
      const hi = log ? Math.log(p.high) : p.high;
      return Array.from({ length: n }, (_, i) => {
        // The ends are exact, not the result of a rounded step.
        if (i === 0) return p.low;
        if (i === n - 1) return p.high;
        const v = lo + ((hi - lo) * i) / (n - 1);
        return log ? Math.exp(v) : v;
      });
    }
  }
}

/** Every point of the grid, in nested-loop order; conditional dimensions only under their optimizer. */
export function enumerateGrid(dims: readonly Dimension[]): TrialParams[] {
  const out: TrialParams[] = [];
  const walk = (i: number, params: TrialParams): void => {
    if (i === dims.length) {
      out.push({ ...params });
      return;
    }
    const d = dims[i]!;
    if (!isActive(d, params)) return walk(i + 1, params);
    for (const v of gridValues(d.param)) {
      params[d.name] = v;
      walk(i + 1, params);
    }
    delete params[d.name];
  };
  walk(0, {});
  return out;
}

/**
 * The order a grid search runs its points: shuffled by the search seed (as Optuna's GridSampler), so
 * a search cut short by its wall-time budget has still covered the grid evenly.
 */
export function gridOrder(dims: readonly Dimension[], seed: number): TrialParams[] {
  const points = enumerateGrid(dims);
  const order = new Rng(seed).permutation(points.length);
  return Array.from(order, (i) => points[i]!);
}
