/** The training section a search trial runs with: the file's, with the trial's batch size and data_parallel values. */
import type { ResolvedDataExperiment } from '../../protocol/experiment';
import { withSearchedDataParallel } from '../../protocol/dataParallel';
import type { TrialState } from '../../protocol/search';

/**
 * The experiment's training section under a trial: its batch size when searched, and the searched
 * `data_parallel.*` values set on the file's (single) data_parallel setting. The search driver and
 * the export both expand a trial's runs through this, so they agree on what the trial trained.
 */
export function trialTraining(
  training: ResolvedDataExperiment['training'],
  trial: Pick<TrialState, 'batch_size' | 'data_parallel'>,
): ResolvedDataExperiment['training'] {
  const dp = training.data_parallel;
  return {
    ...training,
    batch_size: trial.batch_size !== undefined ? trial.batch_size : training.batch_size,
    ...(dp && trial.data_parallel
      ? { data_parallel: dp.map((d) => withSearchedDataParallel(d, trial.data_parallel!)) }
      : {}),
  };
}
