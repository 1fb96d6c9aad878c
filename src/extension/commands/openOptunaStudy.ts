// openOptunaStudyCommand: Open Optuna Study….
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import { isUserError } from '../../engine/errors';
import { importStudy, readStudyFile } from '../../engine/search/importStudy';
import { pickRecords } from './recordPicker';
import type { HostCommand } from './services';

/**
 * Open Optuna Study…: an Optuna journal file or trials CSV (the --to optuna export run elsewhere)
 * read into a search record beside the record it was exported from, then shown in the lab.
 */
export const openOptunaStudyCommand: HostCommand = {
  id: 'optimizerLab.openOptunaStudy',
  restricted: 'read Optuna studies and write records',
  async run(s) {
    const files = await vscode.window.showOpenDialog({
      title: 'Open an Optuna study: a journal file (--storage journal:PATH) or a trials CSV',
      canSelectMany: false,
      filters: { 'Optuna journal or trials CSV': ['log', 'jsonl', 'journal', 'csv'], 'All files': ['*'] },
    });
    const file = files?.[0];
    if (!file) return;
    const picked = await pickRecords(
      s.runsTree,
      'Optimizer Lab: the record the study was exported from',
      false,
    );
    if (!picked) return;
    const source = picked[0]!;
    try {
      const study = await readStudyFile(file.fsPath);
      const dir = await importStudy({
        study,
        sourceRecordDir: source,
        recordsRoot: dirname(source),
        file: file.fsPath,
      });
      s.log.info(`imported the Optuna study "${study.name}" from ${file.fsPath} as ${dir}`);
      s.runsTree.refresh();
      s.panels.showLab([dir]);
    } catch (e) {
      if (!isUserError(e)) throw e;
      s.log.warn(e.message);
      void vscode.window.showErrorMessage(`Optimizer Lab: ${e.message}`);
    }
  },
};
