// compareRunsCommand: Compare Runs.
import { pickRecords } from './recordPicker';
import { isRunsNode, type HostCommand } from './services';

/** Compare Runs: several records in one lab panel (the tree's selection, or picked). */
export const compareRunsCommand: HostCommand = {
  id: 'optimizerLab.compareRuns',
  restricted: null,
  async run(s, arg, selection) {
    const selected = Array.isArray(selection) ? selection.filter(isRunsNode) : isRunsNode(arg) ? [arg] : [];
    const fromTree = [...new Set(selected.map((n) => n.recordDir))];
    const dirs =
      fromTree.length > 1
        ? fromTree
        : await pickRecords(s.runsTree, 'Optimizer Lab: choose records to compare', true);
    if (dirs) s.panels.showLab(dirs);
  },
};
