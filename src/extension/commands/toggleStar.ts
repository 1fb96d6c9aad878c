// toggleStarCommand: Star / Unstar (runs tree).
import { isRunsNode, type HostCommand } from './services';

/** Star / Unstar (runs tree): marks a run; the lab's results table shows the same stars. */
export const toggleStarCommand: HostCommand = {
  id: 'optimizerLab.toggleStar',
  restricted: null,
  run(s, arg) {
    if (isRunsNode(arg) && arg.runId) s.stars.toggle(arg.recordDir, arg.runId);
  },
};
