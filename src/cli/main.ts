// runCli: Runs the CLI with `argv` (without node and script) and returns the exit code.
import { parseArgs } from 'node:util';
import { EXIT, type CliCommand, type CliIO, type OptionValues } from './command';
import { commands } from './commands/index';
import { isUserError, ConfigError, DataError, ExperimentError } from '../engine/errors';
import { terminalText } from './format/terminalText';
import { errorJson } from './errorJson';

import { ENGINE_VERSION as VERSION } from '../engine/version';

function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: optimizer-lab <command> [options]',
    '',
    'Compare torch.optim optimizers and hyperparameters on your data, headless.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'optimizer-lab <command> --help' for a command's options.",
    '',
    'Exit codes: 0 ok, 1 user error (bad file, invalid experiment, failed check), 2 internal error,',
    '130 interrupted (Ctrl-C).',
    '',
  ].join('\n');
}

function commandHelp(c: CliCommand): string {
  return `Usage: optimizer-lab ${c.usage}\n\n${c.help.trimEnd()}\n`;
}

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code. Whatever it
 * prints passes a filter that makes control characters visible (names and messages come from
 * files); with `--json`, errors are `{"error": {...}}` on stdout, like every other answer.
 */
export async function runCli(argv: string[], rawIo: CliIO): Promise<number> {
  const io: CliIO = {
    ...rawIo,
    stdout: (t) => rawIo.stdout(terminalText(t)),
    stderr: (t) => rawIo.stderr(terminalText(t)),
    rawStderr: rawIo.rawStderr ?? rawIo.stderr,
  };
  const [name, ...rest] = argv;
  const json = rest.includes('--json');
  const fail = (code: number, e: unknown, text: string): number => {
    if (json) io.stdout(`${JSON.stringify(errorJson(e))}\n`);
    else io.stderr(text);
    return code;
  };
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    io.stdout(target ? commandHelp(target) : mainHelp());
    return EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    return fail(
      EXIT.user,
      new ConfigError(`unknown command '${name}'`),
      `optimizer-lab: unknown command '${name}'\n\n${mainHelp()}`,
    );
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    const usage = new ConfigError(`${(e as Error).message}; usage: optimizer-lab ${command.usage}`);
    return fail(
      EXIT.user,
      usage,
      `optimizer-lab ${name}: ${(e as Error).message}\nUsage: optimizer-lab ${command.usage}\n`,
    );
  }
  if (parsed.values['help']) {
    io.stdout(commandHelp(command));
    return EXIT.ok;
  }
  const [min, max] = command.positionals;
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    const usage = new ConfigError(`wrong number of arguments; usage: optimizer-lab ${command.usage}`);
    return fail(
      EXIT.user,
      usage,
      `optimizer-lab ${name}: wrong number of arguments\nUsage: optimizer-lab ${command.usage}\n`,
    );
  }
  try {
    return await command.run(parsed.positionals, parsed.values as OptionValues, io);
  } catch (e) {
    if (e instanceof DataError || e instanceof ExperimentError) return fail(EXIT.user, e, `${e.format()}\n`);
    if (isUserError(e)) return fail(EXIT.user, e, `optimizer-lab ${name}: ${e.message}\n`);
    if (json) io.stderr(`optimizer-lab ${name}: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return fail(
      EXIT.internal,
      e,
      `optimizer-lab ${name}: internal error: ${(e as Error)?.stack ?? String(e)}\n`,
    );
  }
}
