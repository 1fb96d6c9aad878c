// The data file of an experiment, for the commands that read one: an experiment whose model
// supplies its own data (model.data, docs/own-model.md) has none, and those commands say so.
import type { ResolvedDataExperiment } from '../../protocol/experiment';
import { ConfigError } from '../errors';

/** A data experiment that reads a data file (its `data` section is there). */
export type FileDataExperiment = ResolvedDataExperiment & {
  data: NonNullable<ResolvedDataExperiment['data']>;
};

/** True when the experiment reads a data file rather than its model's data function. */
export function hasDataFile(e: ResolvedDataExperiment): e is FileDataExperiment {
  return e.data !== null;
}

/**
 * The experiment narrowed to one with a data file, or a ConfigError naming what `what` (a command
 * or a feature) needs, for an experiment whose model's data function supplies the data.
 */
export function withDataFile(e: ResolvedDataExperiment, what: string): FileDataExperiment {
  if (hasDataFile(e)) return e;
  const fn = e.model.type === 'pytorch' ? e.model.data : undefined;
  throw new ConfigError(
    `${what} reads a data file; this experiment's data comes from the model's data function${fn ? ` "${fn}"` : ''} (model.data), which only \`optimizer-lab run\` (Run Experiment) trains on for now`,
  );
}
