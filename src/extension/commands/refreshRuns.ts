// refreshRunsCommand: Refresh (runs tree title).
import type { HostCommand } from './services';

/** Refresh (runs tree title): re-reads every record. */
export const refreshRunsCommand: HostCommand = {
  id: 'optimizerLab.refreshRuns',
  restricted: null,
  run(s) {
    s.runsTree.refresh();
  },
};
