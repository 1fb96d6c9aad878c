// cancelCommand: Cancel.
import { isRunsNode, type HostCommand } from './services';

/** Cancel: everything running, or the experiment of the runs-tree item it was invoked on. */
export const cancelCommand: HostCommand = {
  id: 'optimizerLab.cancel',
  restricted: null,
  run(s, arg) {
    if (isRunsNode(arg)) s.runner.cancel(arg.recordDir, arg.runId ?? undefined);
    else s.runner.cancel();
  },
};
