// The search space of an exported sweep: the experiment's search section (or, without one, its
// optimizer configurations with a decade of lr around each), the grid points in the engine's
// order, and Optuna's suggest call of each parameter.
import type { ExportRun } from './loadRun';
import { pyFloat, pyStr, pyValue } from '../pyCode/pyLiteral';
import { gridOrder, gridValues } from '../search/grid';
import { dimensions } from '../search/space';
import { configLabels } from '../experiment/labels';
import { OPTIMIZER_PARAM, type ResolvedSearch, type SearchParam } from '../../protocol/search';
import type { OptimizerConfig } from '../../protocol/optimizers';

/** A parameter of the sweep: its Optuna name, what it sets, and its distribution. */
export interface SweepParam {
  /** Optuna's name: conditional parameters are prefixed with their optimizer (`SGD/momentum`). */
  name: string;
  /** What it sets: an optimizer keyword (`betas.0`), `batch_size`, `l2`, or the optimizer choice. */
  sets: string;
  p: SearchParam;
}

/** The sweep's search space, with what the script's comments say about it. */
export interface Space {
  /** Top-level parameters, then per optimizer its conditional ones. */
  top: SweepParam[];
  conditional: Record<string, SweepParam[]>;
  /** Base configuration of each optimizer class (what a trial starts from). */
  base: Record<string, OptimizerConfig>;
  /** The single optimizer searched when the space has no optimizer choice. */
  fixed: string | null;
  strategy: 'grid' | 'random' | 'tpe';
  seed: number;
  trials: number;
  wallTime: number | null;
  pruning: ResolvedSearch['pruning'];
  tpe: ResolvedSearch['tpe'];
  /** Comment lines: where the space came from and what is not reproduced. */
  notes: string[];
  /** Grid strategy: the points the engine runs, in its order, as Optuna parameter names; else null. */
  grid: Record<string, unknown>[] | null;
}

/** The experiment's search space, or (no search section) one built from its optimizer list. */
export function spaceOf(r: ExportRun): Space {
  const search = (r.experiment as { search?: ResolvedSearch }).search;
  if (search) {
    const top = Object.entries(search.parameters).map(([k, p]) => ({ name: k, sets: k, p }));
    const conditional: Record<string, SweepParam[]> = {};
    for (const [opt, params] of Object.entries(search.conditional)) {
      conditional[opt] = Object.entries(params).map(([k, p]) => ({ name: `${opt}/${k}`, sets: k, p }));
    }
    const base: Record<string, OptimizerConfig> = {};
    for (const [k, v] of Object.entries(search.base)) if (v) base[k] = v;
    const choice = search.parameters[OPTIMIZER_PARAM];
    const notes = [
      `# The search space is the experiment's "search" section (${search.strategy}, ${search.budget.trials} trials).`,
    ];
    if (search.cv_folds !== null) {
      notes.push(
        `# The experiment scored trials by ${search.cv_folds}-fold cross-validation; this sweep scores the run's validation split.`,
      );
    }
    return {
      top,
      conditional,
      base,
      fixed: choice ? null : (r.experiment.optimizers[0]?.name ?? r.spec.optimizer.name),
      strategy: search.strategy,
      seed: search.seed,
      trials: search.budget.trials,
      wallTime: search.budget.wall_time_s,
      pruning: search.pruning,
      tpe: search.tpe,
      notes,
      grid: search.strategy === 'grid' ? gridPoints(search) : null,
    };
  }
  // No search section: a categorical over the experiment's configurations, and the lr of each
  // searched log-uniformly over a decade either side of its configured value.
  const labels = configLabels(r.experiment.optimizers);
  const configs = r.experiment.optimizers;
  const base: Record<string, OptimizerConfig> = {};
  const conditional: Record<string, SweepParam[]> = {};
  configs.forEach((c, i) => {
    base[String(i)] = c;
    conditional[String(i)] = [
      { name: `${i}/lr`, sets: 'lr', p: { type: 'loguniform', low: c.lr / 10, high: c.lr * 10 } },
    ];
  });
  return {
    top: [{ name: 'config', sets: 'config', p: { type: 'choice', values: configs.map((_, i) => i) } }],
    conditional,
    base,
    fixed: null,
    strategy: 'tpe',
    seed: 0,
    trials: Math.max(20, 10 * configs.length),
    wallTime: null,
    pruning: null,
    tpe: { startup_trials: 10, ei_candidates: 24 },
    grid: null,
    notes: [
      '# The experiment has no "search" section: this sweep searches over its optimizer configurations',
      '# ("config", an index into CONFIGS) and, for each, the lr log-uniformly from lr/10 to 10·lr.',
      ...labels.map((l, i) => `#   config ${i}: ${pyStr(l)}`),
    ],
  };
}

/**
 * The grid points the engine runs (its seeded order, cut to the trial budget), keyed by the sweep's
 * parameter names: conditional parameters as `<optimizer>/<name>`. The sweeps queue these points
 * instead of leaving the grid to Optuna's BruteForceSampler, which HyperbandPruner cannot host
 * (Optuna 3.1: `_BracketStudy` has no `enqueue_trial`) and which can repeat a point when several
 * workers share a study.
 */
function gridPoints(search: ResolvedSearch): Record<string, unknown>[] {
  const dims = dimensions(search);
  return gridOrder(dims, search.seed)
    .slice(0, search.budget.trials)
    .map((point) => {
      const out: Record<string, unknown> = {};
      for (const d of dims) {
        if (!(d.name in point) || (d.condition !== null && point[OPTIMIZER_PARAM] !== d.condition)) continue;
        out[d.condition ? `${d.condition}/${d.name}` : d.name] = point[d.name];
      }
      return out;
    });
}

/** `trial.suggest_*(...)` for one parameter (grid strategy: a categorical over its grid points). */
export function suggestCall(sp: SweepParam, grid: boolean): string {
  const p = sp.p;
  const name = pyStr(sp.name);
  if (grid || p.type === 'choice') {
    const values = grid ? gridValues(p) : (p as { values: unknown[] }).values;
    return `trial.suggest_categorical(${name}, ${pyValue(values)})`;
  }
  if (p.type === 'int') {
    return `trial.suggest_int(${name}, ${p.low}, ${p.high}, step=${p.step}, log=${p.log ? 'True' : 'False'})`;
  }
  return `trial.suggest_float(${name}, ${pyFloat(p.low)}, ${pyFloat(p.high)}, log=${p.type === 'loguniform' ? 'True' : 'False'})`;
}
