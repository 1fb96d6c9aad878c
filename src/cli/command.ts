// Exit codes, documented in the README (also SIGNAL_EXIT, CliIO, OptionValues, CliCommand).
import type { ParseArgsConfig } from 'node:util';

/** Exit codes, documented in the README: 0 ok, 1 user error, 2 internal error, 130 interrupted. */
export const EXIT = { ok: 0, user: 1, internal: 2, interrupted: 130 } as const;

/** Exit codes after a stop signal, the shell's 128 + signal number: Ctrl-C, hang-up, terminate. */
export const SIGNAL_EXIT = { SIGINT: 130, SIGHUP: 129, SIGTERM: 143 } as const;

/** Where a command writes; the real process streams, or buffers in tests. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal (progress bars), false for pipes and tests. */
  isTTY: boolean;
  cwd: string;
  /** Aborted on Ctrl-C; long commands cancel cleanly and exit 130. */
  signal: AbortSignal;
  /**
   * stderr without the control-character filter, for the progress bar's own cursor codes only
   * (runCli filters stdout and stderr; the bar filters the names it draws itself).
   */
  rawStderr?: (text: string) => void;
}

export type OptionValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** One sub-command of `optimizer-lab`. Each lives in its own file under src/cli/commands/. */
export interface CliCommand {
  name: string;
  /** One line for `optimizer-lab --help`. */
  summary: string;
  /** Synopsis, e.g. `inspect <datafile> [--target COL] [--json]`. */
  usage: string;
  /** Longer help text: what it does, its options, its exit codes. */
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Minimum and maximum number of positional arguments. */
  positionals: [min: number, max: number];
  run(positionals: string[], values: OptionValues, io: CliIO): Promise<number>;
}
