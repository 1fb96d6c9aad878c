// resolveSearch: Fills the defaults of a validated `search` section.
import type { OptimizerConfig, OptimizerName } from '../../protocol/optimizers';
import {
  DEFAULT_TRIALS,
  OPTIMIZER_PARAM,
  baseConfig,
  gridTrialCount,
  type ResolvedSearch,
  type SearchFileSection,
} from '../../protocol/search';

/**
 * Fills the defaults of a validated `search` section: the trial budget (a grid's own size when not
 * given), pruning, cross-validation, TPE settings, and the configuration each optimizer class
 * starts from (the file's entry of that class, else torch's defaults).
 */
export function resolveSearch(s: SearchFileSection, optimizers: readonly OptimizerConfig[]): ResolvedSearch {
  const conditional = s.conditional ?? {};
  const choice = s.parameters[OPTIMIZER_PARAM];
  const names: OptimizerName[] =
    choice?.type === 'choice'
      ? (choice.values as OptimizerName[])
      : optimizers.slice(0, 1).map((o) => o.name);
  const base: ResolvedSearch['base'] = {};
  for (const n of names) base[n] = baseConfig(optimizers, n);
  const trials =
    s.budget?.trials ??
    (s.strategy === 'grid' ? gridTrialCount({ parameters: s.parameters, conditional }) : DEFAULT_TRIALS);
  return {
    strategy: s.strategy,
    seed: s.seed,
    parameters: s.parameters,
    conditional,
    budget: { trials, wall_time_s: s.budget?.wall_time_s ?? null },
    pruning: s.pruning ?? null,
    cv_folds: s.cv_folds ?? null,
    tpe: { startup_trials: s.tpe?.startup_trials ?? 10, ei_candidates: s.tpe?.ei_candidates ?? 24 },
    base,
  };
}
