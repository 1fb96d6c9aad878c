// `optimizer-lab validate`: Check an experiment file and show every problem with its line and column.
import { EXIT, type CliCommand } from '../command';
import { ExperimentError } from '../../engine/errors';
import { loadExperiment } from '../../engine/experiment/loadExperiment';
import type { ResolvedExperiment } from '../../protocol/experiment';
import { checkDataColumns } from '../checkDataColumns';
import { errorJson } from '../errorJson';

/** Runs an experiment expands to: one per configuration and seed (and surface restart). */
function runCount(e: ResolvedExperiment): number {
  const starts = e.kind === 'surface' ? e.surface.restarts + 1 : 1;
  const settings = e.kind === 'data' ? (e.training.data_parallel?.length ?? 1) : 1;
  return e.optimizers.length * settings * e.training.seeds.length * starts;
}

function summary(e: ResolvedExperiment): string {
  if (e.search) {
    const s = e.search;
    const names = Object.keys(s.parameters).concat(
      Object.entries(s.conditional).flatMap(([opt, ps]) => Object.keys(ps).map((k) => `${opt}.${k}`)),
    );
    const budget = `${s.budget.trials} trial${s.budget.trials === 1 ? '' : 's'}${s.budget.wall_time_s !== null ? ` or ${s.budget.wall_time_s} s` : ''}`;
    const folds = s.cv_folds !== null ? ` × ${s.cv_folds} folds` : '';
    return `OK ${e.name}: ${s.strategy} search over ${names.join(', ')}, at most ${budget}${folds} (run it with \`optimizer-lab search\`)\n`;
  }
  const configs = e.optimizers.length * (e.kind === 'data' ? (e.training.data_parallel?.length ?? 1) : 1);
  const seeds = e.training.seeds.length;
  const problem =
    e.kind === 'surface'
      ? `surface ${e.surface.name}`
      : `${e.model.type} model on ${e.data ? e.data.path : `the data of ${e.model.type === 'pytorch' ? e.model.data : 'its'}()`}`;
  return (
    `OK ${e.name}: ${configs} optimizer configuration${configs === 1 ? '' : 's'} × ` +
    `${seeds} seed${seeds === 1 ? '' : 's'} = ${runCount(e)} run${runCount(e) === 1 ? '' : 's'} (${problem})\n`
  );
}

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'Check an experiment file and show every problem with its line and column',
  usage: 'validate <experiment> [--json]',
  help: `Checks an experiment file (*.optlab.json): JSON syntax, every key and value against the schema,
the rules across sections (exactly one of data and surface, model and loss that fit together), that
the data file exists, and that its target and feature columns are in the file (a header read for
CSV/TSV and Parquet). Every problem is reported, one per line, as

  file:line:col: path: message

Options:
  --json  Print {"valid": true, "experiment": <resolved, with every default>} or
          {"valid": false, "errors": [{"path", "message", "line", "column"}], "error": {...}}
          on stdout.

Exit codes: 0 valid, 1 invalid (or unreadable).`,
  options: { json: { type: 'boolean' } },
  positionals: [1, 1],
  async run([file], values, io) {
    try {
      const experiment = loadExperiment(file!, io.cwd);
      await checkDataColumns(experiment, file!, io.cwd);
      io.stdout(
        values['json'] ? `${JSON.stringify({ valid: true, experiment }, null, 2)}\n` : summary(experiment),
      );
      return EXIT.ok;
    } catch (e) {
      if (!(e instanceof ExperimentError) || !values['json']) throw e;
      const errors = e.issues.map((i) => ({
        path: i.path,
        message: i.message,
        line: i.line ?? null,
        column: i.column ?? null,
      }));
      // `error` is what every --json command prints on failure; `errors` lists them all.
      io.stdout(`${JSON.stringify({ valid: false, errors, ...errorJson(e) }, null, 2)}\n`);
      return EXIT.user;
    }
  },
};
