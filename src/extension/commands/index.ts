// hostCommands: Every command the extension registers (their titles and menus are in package.json).
import { cancelCommand } from './cancel';
import { compareRunsCommand } from './compareRuns';
import { deleteRecordCommand } from './deleteRecord';
import { exploreSurfacesCommand } from './exploreSurfaces';
import { exportBestCommand } from './exportBest';
import { openOptunaStudyCommand } from './openOptunaStudy';
import { findLearningRateCommand } from './findLearningRate';
import { newExperimentFromDataFileCommand } from './newExperimentFromDataFile';
import { openLabCommand } from './openLab';
import { openRecordCommand } from './openRecord';
import { previewDataCommand } from './previewData';
import { refreshRunsCommand } from './refreshRuns';
import { rerunWithEditsCommand } from './rerunWithEdits';
import { applyRemedyCommand } from './applyRemedy';
import { runExperimentCommand } from './runExperiment';
import { resumeSearchCommand } from './resumeSearch';
import { runSearchCommand } from './runSearch';
import type { HostCommand } from './services';
import { showRunHistoryCommand } from './showRunHistory';
import { toggleStarCommand } from './toggleStar';
import { validateExperimentCommand } from './validateExperiment';

/** Every command the extension registers (their titles and menus are in package.json). */
export const hostCommands: readonly HostCommand[] = [
  openLabCommand,
  newExperimentFromDataFileCommand,
  previewDataCommand,
  runExperimentCommand,
  runSearchCommand,
  resumeSearchCommand,
  findLearningRateCommand,
  cancelCommand,
  exportBestCommand,
  openOptunaStudyCommand,
  validateExperimentCommand,
  showRunHistoryCommand,
  compareRunsCommand,
  exploreSurfacesCommand,
  openRecordCommand,
  rerunWithEditsCommand,
  applyRemedyCommand,
  toggleStarCommand,
  deleteRecordCommand,
  refreshRunsCommand,
];
