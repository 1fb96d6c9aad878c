// newExperimentFromDataFileCommand: New Experiment from Data File (palette, or the explorer context menu on
// a data file).
import * as vscode from 'vscode';
import { newExperimentFromDataFile } from '../newExperiment';
import type { HostCommand } from './services';

/** New Experiment from Data File (palette, or the explorer context menu on a data file). */
export const newExperimentFromDataFileCommand: HostCommand = {
  id: 'optimizerLab.newExperimentFromDataFile',
  restricted: 'read data files or write experiment files',
  async run(s, arg) {
    await newExperimentFromDataFile(s.log, arg instanceof vscode.Uri ? arg : undefined);
  },
};
