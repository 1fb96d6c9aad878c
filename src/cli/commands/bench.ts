import { EXIT, type CliCommand } from '../command';
import { benchReport, runBench } from '../../../bench/run';

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
    const results = await runBench({ quick: values['quick'] === true, log: (l) => io.stderr(`${l}\n`) });
    io.stdout(
      values['json'] === true
        ? `${JSON.stringify(results, null, 2)}\n`
        : `${benchReport(results)}\nwrote bench/results.json\n`,
    );
    return EXIT.ok;
  },
};
