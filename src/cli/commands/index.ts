import type { CliCommand } from '../command';

/** Every sub-command, in the order `--help` lists them. Add one line per command. */
export const commands: CliCommand[] = [];
