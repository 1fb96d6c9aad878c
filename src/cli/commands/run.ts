// `optimizer-lab run`: Run an experiment: every optimizer configuration × seed, ranked, recorded, reported.
import { ConfigError } from '../../engine/errors';
import type { CliCommand } from '../command';
import { runFromCli } from '../runExperimentCli';
import { PYTHON_HELP, pythonOption } from '../pythonOption';

/** Parses `--workers N`: a whole number ≥ 1. */
export function parseWorkers(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new ConfigError(`--workers must be a whole number >= 1, got "${String(v)}"`);
  return n;
}

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'Run an experiment: every optimizer configuration × seed, ranked, recorded, reported',
  usage: 'run <experiment.optlab.json> [--out DIR] [--workers N] [--python PATH] [--json]',
  help: `Runs every optimizer configuration of an experiment for every seed on a pool of worker
threads, shows progress on stderr (a bar on a terminal, one line per run otherwise), prints the
configurations ranked by the experiment's objective, and writes:

  <DIR>/<time>_<name>/record.json    the resolved experiment, environment, one summary per run
  <DIR>/<time>_<name>/curves/*.json  every run's curves at full resolution, initial/final params
  <DIR>/<time>_<name>/report.html    a self-contained report (charts, ranked table), no network

Ctrl-C cancels: running runs stop at their next step and keep their partial curves (status
"cancelled"), finished runs are kept, and the exit code is 130. SIGTERM and SIGHUP do the same and
exit 143 and 129; the record's "message" says which signal stopped it.

Options:
  --out DIR      Records folder (default: .optimizer-lab beside the experiment file).
  --workers N    Worker threads (default: CPU cores - 1, at least 1).
${PYTHON_HELP}
  --json         Print {"record", "report", "best": {"configuration", "run"},
                 "configurations": [{"index", "label", "runs", "statuses", "mean", "std",
                 "ci95", "rank", "tied_with_leader", "test_metric", "representative_run"}],
                 "runs": [{"id", "config", "seed", "status", "steps", "final_train_loss",
                 "final_val_loss", "best_val_loss", "metric", "rank",
                 "diagnoses": [{"kind", "at", "evidence", "remedy", "lrFactor"}]}]}.
                 Best = the median seed of the configuration with the best mean objective
                 (docs/records.md); diagnoses: docs/doctor.md.

Exit codes: 0 done (whatever each run's status), 1 invalid experiment or data (including a model
or run count over the engine's limits), 2 internal error (the record then says "failed"),
130/129/143 stopped by SIGINT/SIGHUP/SIGTERM. With --json, errors are {"error": {...}} on stdout.`,
  options: {
    out: { type: 'string' },
    workers: { type: 'string' },
    python: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: [1, 1],
  async run([file], values, io) {
    const workers = parseWorkers(values['workers']);
    const python = pythonOption(values);
    const r = await runFromCli(
      file!,
      {
        json: Boolean(values['json']),
        ...(typeof values['out'] === 'string' ? { out: values['out'] } : {}),
        ...(workers !== undefined ? { workers } : {}),
        ...(python !== undefined ? { python } : {}),
      },
      io,
    );
    return r.code;
  },
};
