// The search section after resolution: every default filled, the trial budget known.
import type { OptimizerConfig, OptimizerName } from './optimizers';
import type { SearchParam, SearchStrategy } from './searchSection';

/** The search section with every default filled; `trials` is the number the search will run. */
export interface ResolvedSearch {
  strategy: SearchStrategy;
  seed: number;
  parameters: Record<string, SearchParam>;
  conditional: Record<string, Record<string, SearchParam>>;
  budget: { trials: number; wall_time_s: number | null };
  pruning: { type: 'asha' | 'hyperband'; min_epochs: number; reduction_factor: number } | null;
  cv_folds: number | null;
  tpe: { startup_trials: number; ei_candidates: number };
  /** Optimizer configuration each trial starts from, keyed by class name (file entry or torch defaults). */
  base: Partial<Record<OptimizerName, OptimizerConfig>>;
}
