// `optimizer-lab demo`: Run the bundled demo: SGD, momentum, Nesterov, Adagrad, RMSprop, Adadelta, Adam.
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { EXIT, type CliCommand } from '../command';
import { runFromCli } from '../runExperimentCli';
import { parseWorkers } from './run';

/** The bundled demo: the same seven optimizers on a real data set and on the Rosenbrock valley. */
const DEMO_FILES = ['samples/demo.optlab.json', 'samples/demo-rosenbrock.optlab.json'];

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Run the bundled demo: SGD, momentum, Nesterov, Adagrad, RMSprop, Adadelta, Adam',
  usage: 'demo [--out DIR] [--workers N]',
  help: `Runs samples/demo.optlab.json (a linear model on the diabetes data) and
samples/demo-rosenbrock.optlab.json (the Rosenbrock valley) with SGD, SGD with momentum, Nesterov,
Adagrad, RMSprop, Adadelta and Adam, prints both ranked tables and where the reports are.
Run it from the repository root (npm run demo).

Options:
  --out DIR      Records folder (default: samples/.optimizer-lab).
  --workers N    Worker threads (default: CPU cores - 1, at least 1).`,
  options: { out: { type: 'string' }, workers: { type: 'string' } },
  positionals: [0, 0],
  async run(_args, values, io) {
    const workers = parseWorkers(values['workers']);
    const files = DEMO_FILES.map((f) => join(io.cwd, f));
    const missing = files.filter((f) => !existsSync(f));
    if (missing.length > 0) {
      io.stderr(`optimizer-lab demo: ${missing.join(', ')} not found; run it from the repository root\n`);
      return EXIT.user;
    }
    const reports: string[] = [];
    for (const file of files) {
      const r = await runFromCli(
        file,
        {
          json: false,
          ...(typeof values['out'] === 'string' ? { out: values['out'] } : {}),
          ...(workers !== undefined ? { workers } : {}),
        },
        io,
      );
      reports.push(r.reportPath);
      io.stdout('\n');
      if (r.code !== EXIT.ok) return r.code;
    }
    io.stdout(`Open the reports in a browser:\n${reports.map((p) => `  ${p}`).join('\n')}\n`);
    return EXIT.ok;
  },
};
