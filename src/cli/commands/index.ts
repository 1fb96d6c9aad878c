import type { CliCommand } from '../command';
import { validateCommand } from './validate';
import { inspectCommand } from './inspect';
import { checkReferenceCommand } from './checkReference';
import { runCommand } from './run';
import { runsCommand } from './runs';
import { demoCommand } from './demo';

/** Every sub-command, in the order `--help` lists them. Add one line per command. */
export const commands: CliCommand[] = [
  runCommand,
  demoCommand,
  runsCommand,
  inspectCommand,
  validateCommand,
  checkReferenceCommand,
];
