// runSearchCommand: Run Search.
import type { HostCommand } from './services';
import { experimentUri } from './experimentUri';

/** Run Search: the experiment's `search` section (grid, random or TPE trials with pruning). */
export const runSearchCommand: HostCommand = {
  id: 'optimizerLab.runSearch',
  restricted: 'run searches',
  async run(s, arg) {
    const uri = await experimentUri(arg, 'search its hyperparameters');
    if (uri) await s.runner.runSearch(uri);
  },
};
