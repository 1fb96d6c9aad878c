// commands: Every sub-command, in the order `--help` lists them.
import type { CliCommand } from '../command';
import { validateCommand } from './validate';
import { inspectCommand } from './inspect';
import { checkReferenceCommand } from './checkReference';
import { runCommand } from './run';
import { runsCommand } from './runs';
import { demoCommand } from './demo';
import { searchCommand } from './search';
import { lrFindCommand } from './lrFind';
import { exportCommand } from './export';
import { importStudyCommand } from './importStudy';
import { benchCommand } from './bench';

/** Every sub-command, in the order `--help` lists them. Add one line per command. */
export const commands: CliCommand[] = [
  runCommand,
  searchCommand,
  lrFindCommand,
  demoCommand,
  runsCommand,
  exportCommand,
  importStudyCommand,
  inspectCommand,
  validateCommand,
  checkReferenceCommand,
  benchCommand,
];
