// openRecordCommand: Open in Lab (runs tree).
import { isRunsNode, type HostCommand } from './services';

/** Open in Lab (runs tree): the record of the clicked item. */
export const openRecordCommand: HostCommand = {
  id: 'optimizerLab.openRecord',
  restricted: null,
  run(s, arg) {
    if (isRunsNode(arg)) s.panels.showLab([arg.recordDir]);
  },
};
