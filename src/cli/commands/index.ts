import type { CliCommand } from '../command';
import { validateCommand } from './validate';
import { inspectCommand } from './inspect';
import { checkReferenceCommand } from './checkReference';

/** Every sub-command, in the order `--help` lists them. Add one line per command. */
export const commands: CliCommand[] = [inspectCommand, validateCommand, checkReferenceCommand];
