// runExperimentCommand: Run Experiment.
import type { HostCommand } from './services';
import { experimentUri } from './experimentUri';

/** Run Experiment: every configuration × seed of an `*.optlab.json` on the worker pool. */
export const runExperimentCommand: HostCommand = {
  id: 'optimizerLab.runExperiment',
  restricted: 'run experiments',
  async run(s, arg) {
    const uri = await experimentUri(arg, 'run it');
    if (uri) await s.runner.run(uri);
  },
};
