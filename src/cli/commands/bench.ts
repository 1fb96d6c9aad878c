// `optimizer-lab bench`: runs the repository's benchmark (bench/main.ts, docs/bench.md) as a child
// process. The bench depends on the engine and the CLI's formatting, never the reverse, so the
// CLI starts it rather than importing it; it needs a checkout of the repository with its tsx.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EXIT, type CliCommand } from '../command';

/** The checkout that holds bench/main.ts: the first folder above this module (src/cli/commands or dist/) that has it. */
function benchCheckout(): string | null {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'bench', 'main.ts'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

export const benchCommand: CliCommand = {
  name: 'bench',
  summary: 'Measure the engine against PyTorch, numpy and pandas on this machine',
  usage: 'bench [--quick] [--json]',
  help: `Runs the benchmark of docs/bench.md from the repository root: training steps per second
(an MLP on 100k synthetic rows, logistic regression on breast cancer, a softmax MLP on iris),
a many-run comparison on the worker pool, CSV loading, and the time to the first progress event,
each beside its baseline measured in the same run through /usr/bin/python3 (python3-torch,
python3-numpy, python3-pandas; engine figures alone if they are missing). Writes
bench/results.json and prints the table.

Options:
  --quick   A reduced set, under a minute on an idle machine.
  --json    Print bench/results.json's content instead of the table.`,
  options: { quick: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: [0, 0],
  async run(_args, values, io) {
    const root = benchCheckout();
    if (root === null) {
      io.stderr(
        'the bench runs from a checkout of the Optimizer Lab repository (bench/main.ts is not here)\n',
      );
      return EXIT.user;
    }
    const flags = [
      ...(values['quick'] === true ? ['--quick'] : []),
      ...(values['json'] === true ? ['--json'] : []),
    ];
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench', 'main.ts'), ...flags], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => io.stdout(d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => io.stderr(d.toString('utf8')));
    const stop = (): boolean => child.kill('SIGTERM');
    io.signal.addEventListener('abort', stop);
    const code = await new Promise<number | null>((resolve) => {
      child.on('error', (e) => {
        io.stderr(`cannot start the bench: ${e.message}\n`);
        resolve(null);
      });
      child.on('close', (c) => resolve(c));
    });
    io.signal.removeEventListener('abort', stop);
    if (io.signal.aborted) return EXIT.interrupted;
    return code === 0 ? EXIT.ok : EXIT.internal;
  },
};
