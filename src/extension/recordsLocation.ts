// recordsRootFor: The folder that holds an experiment's record folders (also RecordSearch, recordSearches).
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { RECORDS_FOLDER } from '../engine/runs/records';

/**
 * The folder that holds an experiment's record folders: the `optimizerLab.recordsFolder` setting
 * when given (absolute, or relative to the workspace folder, else to the experiment's folder), and
 * by default `.optimizer-lab` beside the experiment file, as the CLI does.
 */
export function recordsRootFor(
  experimentFile: string,
  setting: string,
  workspaceFolder: string | null,
): string {
  const given = setting.trim();
  if (!given) return join(dirname(experimentFile), RECORDS_FOLDER);
  if (isAbsolute(given)) return given;
  return resolve(workspaceFolder ?? dirname(experimentFile), given);
}

/** Where the runs tree looks for record files: a base folder and a glob under it. */
export interface RecordSearch {
  base: string;
  pattern: string;
}

/**
 * The record files the runs tree lists and watches: each record folder's record.json and run
 * journal under an absolute records folder, under a relative one in every workspace folder, and
 * by default every `.optimizer-lab` folder anywhere in the workspace.
 */
export function recordSearches(setting: string, workspaceFolders: readonly string[]): RecordSearch[] {
  const given = setting.trim().replace(/\\/g, '/').replace(/\/+$/, '');
  // runs.jsonl grows as runs end (record.json is rewritten only when a record starts and ends).
  const files = '{record.json,runs.jsonl}';
  if (given && isAbsolute(given)) return [{ base: given, pattern: `*/${files}` }];
  const pattern = given ? `${given}/*/${files}` : `**/${RECORDS_FOLDER}/*/${files}`;
  return workspaceFolders.map((base) => ({ base, pattern }));
}
