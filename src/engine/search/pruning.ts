// Pruning over epochs: ASHA (as Optuna's SuccessiveHalvingPruner) and Hyperband (several ASHA brackets).
import { Rng } from '../random';

/**
 * Asynchronous successive halving (ASHA, Li et al. 2018, as Optuna's SuccessiveHalvingPruner) and
 * Hyperband (several ASHA brackets, as Optuna's HyperbandPruner) over epochs. A trial reaching a
 * rung epoch is compared with every value recorded at that rung so far, its own included; it goes
 * on only if it is in the best 1/η of them. The first trials at a rung (fewer than η) go on only
 * if they are the best there, since a trial cannot be paused and promoted later.
 */

export interface PrunerConfig {
  type: 'asha' | 'hyperband';
  minEpochs: number;
  reductionFactor: number;
  /** The full length of a trial; no rung at or beyond it. */
  maxEpochs: number;
  mode: 'min' | 'max';
}

/** Number of Hyperband brackets: one per possible minimum early-stopping rate. */
export function bracketCount(c: PrunerConfig): number {
  if (c.type === 'asha') return 1;
  const ratio = c.maxEpochs / c.minEpochs;
  return ratio <= 1 ? 1 : Math.floor(Math.log(ratio) / Math.log(c.reductionFactor) + 1e-9) + 1;
}

/** Rung epochs of a bracket: minEpochs · η^(bracket + k), below maxEpochs. */
export function rungEpochs(c: PrunerConfig, bracket: number): number[] {
  const out: number[] = [];
  for (let k = 0; ; k++) {
    const e = c.minEpochs * c.reductionFactor ** (bracket + k);
    if (e >= c.maxEpochs) return out;
    out.push(e);
  }
}

/**
 * The bracket of a trial, drawn from the search seed and the trial index with Hyperband's
 * allocation: bracket s gets weight ceil(n · η^(n−1−s) / (n − s)), so the aggressive brackets get
 * the most trials. Always 0 for plain ASHA.
 */
export function bracketOf(c: PrunerConfig, seed: number, trial: number): number {
  const n = bracketCount(c);
  if (n === 1) return 0;
  const budgets = Array.from({ length: n }, (_, s) =>
    Math.ceil((n * c.reductionFactor ** (n - 1 - s)) / (n - s)),
  );
  const total = budgets.reduce((a, b) => a + b, 0);
  let u = new Rng((seed * 0x9e3779b1) ^ (trial + 0x632be5ab)).int(total);
  for (let s = 0; s < n; s++) {
    if (u < budgets[s]!) return s;
    u -= budgets[s]!;
  }
  return n - 1;
}

/** Whether `value` is promotable among the values at its rung (which include it), per Optuna. */
export function promotable(
  value: number,
  competing: readonly number[],
  eta: number,
  mode: 'min' | 'max',
): boolean {
  if (!Number.isFinite(value)) return false;
  // A non-finite value (a diverged trial) ranks last in either direction.
  const worst = mode === 'min' ? Infinity : -Infinity;
  const sorted = competing.map((v) => (Number.isFinite(v) ? v : worst)).sort((a, b) => a - b);
  let k = Math.floor(competing.length / eta) - 1;
  if (k < 0) k = 0;
  if (mode === 'max') return value >= sorted[sorted.length - 1 - k]!;
  return value <= sorted[k]!;
}

/** The pruner's memory: values recorded at each rung of each bracket, in arrival order. */
export class Pruner {
  private readonly rungs = new Map<string, number[]>();

  constructor(readonly config: PrunerConfig) {}

  /** Replays a decision already taken (resume), so later trials compete with it. */
  remember(bracket: number, epoch: number, value: number): void {
    const key = `${bracket}:${epoch}`;
    const list = this.rungs.get(key) ?? [];
    list.push(value);
    this.rungs.set(key, list);
  }

  /** Whether `epoch` is a rung of `bracket`, where a decision is taken. */
  isRung(bracket: number, epoch: number): boolean {
    return rungEpochs(this.config, bracket).includes(epoch);
  }

  /**
   * A trial of `bracket` reports its value after `epoch` epochs: records it when the epoch is a
   * rung and says whether the trial goes on. Epochs between rungs always continue.
   */
  report(bracket: number, epoch: number, value: number): 'continue' | 'prune' {
    if (!rungEpochs(this.config, bracket).includes(epoch)) return 'continue';
    this.remember(bracket, epoch, value);
    const competing = this.rungs.get(`${bracket}:${epoch}`)!;
    return promotable(value, competing, this.config.reductionFactor, this.config.mode) ? 'continue' : 'prune';
  }
}
