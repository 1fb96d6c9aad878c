// The defaults of a new experiment on a data file, shared by New Experiment from Data File and the
// Run panel, so the two write the same file for the same choices (epochs, seeds, split, scaling,
// missing values, batch size, objective, and schedule lengths that follow the epochs).
import type { TaskKind } from '../../protocol/data';
import { optimizerPresets, type OptimizerConfigInput } from '../../protocol/optimizers';

export const DEFAULT_EPOCHS = 100;
export const DEFAULT_SEEDS: readonly number[] = [0, 1, 2];
export const DEFAULT_VALIDATION = 0.2;
/** Files with at most this many rows train full batch; larger ones in minibatches of DEFAULT_BATCH_SIZE. */
export const FULL_BATCH_MAX_ROWS = 256;
export const DEFAULT_BATCH_SIZE = 32;

/** What a missing value does: stop with its location, drop its row, or fill with the training mean. */
export type MissingPolicy = 'error' | 'drop' | 'mean';

/** Full batch for small files (exact gradients, a clean comparison), minibatches of 32 above 256 rows. */
export function defaultBatchSize(rows: number | null): number | null {
  return rows !== null && rows > FULL_BATCH_MAX_ROWS ? DEFAULT_BATCH_SIZE : null;
}

/**
 * Rows with a missing value in a used column are dropped (a fresh file should run, and dropping
 * invents no values); a file without missing values keeps the schema's "error", which is not written.
 */
export function defaultMissing(anyMissing: boolean): MissingPolicy {
  return anyMissing ? 'drop' : 'error';
}

/** The split: a fifth held out for validation with a fixed seed, stratified for classification. */
export function defaultSplit(task: TaskKind | null): Record<string, unknown> {
  return { validation: DEFAULT_VALIDATION, seed: 0, ...(isClassification(task) ? { stratify: true } : {}) };
}

/** Features standardized; a regression target too, so losses are in target-std units. */
export function defaultPreprocessing(task: TaskKind | null, missing: MissingPolicy): Record<string, unknown> {
  return {
    standardize: true,
    ...(task === 'regression' ? { standardize_target: true } : {}),
    ...(missing !== 'error' ? { missing } : {}),
  };
}

/** How runs are ranked: validation accuracy (classification) or loss (regression), at its best epoch. */
export function defaultObjective(task: TaskKind | null): {
  metric: 'val_accuracy' | 'val_loss';
  use: 'best' | 'final';
} {
  return { metric: isClassification(task) ? 'val_accuracy' : 'val_loss', use: 'best' };
}

function isClassification(task: TaskKind | null): boolean {
  return task === 'binary' || task === 'multiclass';
}

/** The schedules offered when an experiment is drafted, with the keys a user sets for each. */
export const draftSchedules = {
  none: [],
  StepLR: ['step_size', 'gamma'],
  ExponentialLR: ['gamma'],
  CosineAnnealingLR: ['T_max', 'eta_min'],
} as const satisfies Record<string, readonly string[]>;
export type DraftSchedule = keyof typeof draftSchedules;

/**
 * A schedule's settings for a run of `epochs` epochs (stepped once per epoch), so the schedule
 * spans the run whatever its length: CosineAnnealingLR's T_max is the epochs (one half cosine down
 * to eta_min); StepLR divides the lr by 10 three times, every ⌈epochs / 4⌉ epochs (so it is 1e-3 of
 * the start in the last quarter); ExponentialLR's gamma takes the lr to 1% of the start at the end
 * (gamma = 0.01^(1/epochs), four significant digits). Epochs that are not a positive integer give
 * the settings for DEFAULT_EPOCHS.
 */
export function scheduleDefaults(name: DraftSchedule, epochs: number): Record<string, number> {
  const n = Number.isInteger(epochs) && epochs > 0 ? epochs : DEFAULT_EPOCHS;
  switch (name) {
    case 'none':
      return {};
    case 'StepLR':
      return { step_size: Math.max(1, Math.ceil(n / 4)), gamma: 0.1 };
    case 'ExponentialLR':
      return { gamma: Number((0.01 ** (1 / n)).toPrecision(4)) };
    case 'CosineAnnealingLR':
      return { T_max: n, eta_min: 0 };
  }
}

/** The optimizers a new experiment compares unless the user chooses others: the picked presets. */
export function defaultOptimizers(): OptimizerConfigInput[] {
  return Object.values(optimizerPresets)
    .flat()
    .filter((p) => p.picked)
    .map((p) => ({ ...p.config }));
}
