// showRunHistoryCommand: Show Run History.
import { pickRecords } from './recordPicker';
import type { HostCommand } from './services';

/** Show Run History: pick a past record and open it in the lab panel. */
export const showRunHistoryCommand: HostCommand = {
  id: 'optimizerLab.showRunHistory',
  restricted: null,
  async run(s) {
    const dirs = await pickRecords(s.runsTree, 'Optimizer Lab: run history', false);
    if (dirs) s.panels.showLab(dirs);
  },
};
