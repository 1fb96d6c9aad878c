import { parseArgs } from 'node:util';
import { EXIT, type CliCommand, type CliIO, type OptionValues } from './command';
import { commands } from './commands/index';
import { isUserError, DataError, ExperimentError } from '../engine/errors';

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

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
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
    io.stderr(`optimizer-lab: unknown command '${name}'\n\n${mainHelp()}`);
    return EXIT.user;
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
    io.stderr(`optimizer-lab ${name}: ${(e as Error).message}\nUsage: optimizer-lab ${command.usage}\n`);
    return EXIT.user;
  }
  if (parsed.values['help']) {
    io.stdout(commandHelp(command));
    return EXIT.ok;
  }
  const [min, max] = command.positionals;
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    io.stderr(`optimizer-lab ${name}: wrong number of arguments\nUsage: optimizer-lab ${command.usage}\n`);
    return EXIT.user;
  }
  try {
    return await command.run(parsed.positionals, parsed.values as OptionValues, io);
  } catch (e) {
    if (e instanceof DataError || e instanceof ExperimentError) {
      io.stderr(`${e.format()}\n`);
      return EXIT.user;
    }
    if (isUserError(e)) {
      io.stderr(`optimizer-lab ${name}: ${e.message}\n`);
      return EXIT.user;
    }
    io.stderr(`optimizer-lab ${name}: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return EXIT.internal;
  }
}
