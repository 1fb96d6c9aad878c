// `optimizer-lab export`: Export a run as code: PyTorch, a reproduction script or notebook, Keras, optax,
// or an Optuna/Ray sweep.
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { EXIT, type CliCommand } from '../command';
import { ConfigError } from '../../engine/errors';
import { exportFromRecord } from '../../engine/export/index';
import { exportTargets, exportTargetTable, isExportTarget } from '../../protocol/exportTargets';
import { findRecord, RECORDS_FOLDER } from '../../engine/runs/records';
import { writeFileAtomic } from '../../engine/runs/atomicWrite';

/** The targets' help, from the table: the name in a column of 16, wrapped lines indented under it. */
function targetHelp(): string {
  return exportTargets
    .flatMap((t) => exportTargetTable[t].help.map((line, i) => `  ${(i === 0 ? t : '').padEnd(16)}${line}`))
    .join('\n');
}

export const exportCommand: CliCommand = {
  name: 'export',
  summary:
    'Export a run as code: PyTorch, a reproduction script or notebook, Keras, optax, or an Optuna/Ray sweep',
  usage:
    'export <record> [--run ID|--best] --to TARGET [--out FILE] [--dir DIR] [--storage URL] [--study NAME]',
  help: `Writes the configuration of one run of a record as code.

  <record> is a record folder, or its id (or a unique prefix) under the records folder.

Targets (--to):
${targetHelp()}

Options:
  --run ID     The run to export (e.g. c2-s0); --best (the default) takes the best-ranked run.
  --to TARGET  One of ${exportTargets.join(', ')}.
  --out FILE   Write the code to FILE (and any sidecar beside it) instead of stdout; required
               for the targets that write a sidecar.
  --dir DIR    Records folder (default: ./${RECORDS_FOLDER}).
  --storage URL  (optuna) The study's default storage: sqlite:///study.db, postgresql://…,
               mysql://…, or journal:PATH (a journal file on a shared disk). Every worker
               started with the same storage and study joins one study.
  --study NAME   (optuna) The default study name (default: the experiment's name).
  --runs IDS     (notebook) Comma-separated run ids to reproduce (default: every run).

Paths in the code (the data file, the record) are written relative to FILE's folder.

Exit codes: 0 ok, 1 unknown record or run, corrupt record, or a target that does not apply to the
run (a surface for pytorch-script, RAdam for keras), 2 internal error.`,
  options: {
    run: { type: 'string' },
    best: { type: 'boolean' },
    to: { type: 'string' },
    out: { type: 'string' },
    dir: { type: 'string' },
    storage: { type: 'string' },
    study: { type: 'string' },
    runs: { type: 'string' },
  },
  positionals: [1, 1],
  async run([record], values, io) {
    const target = values['to'];
    if (typeof target !== 'string')
      throw new ConfigError(`--to is required: one of ${exportTargets.join(', ')}`);
    if (!isExportTarget(target)) {
      throw new ConfigError(`unknown --to "${target}"; expected one of ${exportTargets.join(', ')}`);
    }
    const runId = typeof values['run'] === 'string' ? values['run'] : undefined;
    if (runId !== undefined && values['best']) throw new ConfigError('give --run ID or --best, not both');
    const out = typeof values['out'] === 'string' ? resolve(io.cwd, values['out']) : null;
    if (out === null && exportTargetTable[target].sidecar) {
      throw new ConfigError(`--to ${target} writes a sidecar file beside the script: give --out FILE`);
    }
    const root = resolve(io.cwd, typeof values['dir'] === 'string' ? values['dir'] : RECORDS_FOLDER);
    const dir = await findRecord(root, record!);
    const result = await exportFromRecord(dir, {
      target,
      ...(runId !== undefined ? { runId } : {}),
      out: out ?? undefined,
      storage: typeof values['storage'] === 'string' ? values['storage'] : undefined,
      study: typeof values['study'] === 'string' ? values['study'] : undefined,
      runs:
        typeof values['runs'] === 'string'
          ? values['runs']
              .split(',')
              .map((x) => x.trim())
              .filter((x) => x !== '')
          : undefined,
    });
    if (out === null) {
      io.stdout(result.text);
      return EXIT.ok;
    }
    await mkdir(dirname(out), { recursive: true });
    for (const s of result.sidecars) await writeFileAtomic(join(dirname(out), s.name), s.text);
    await writeFileAtomic(out, result.text);
    const extra = result.sidecars.map((s) => `, ${join(dirname(out), s.name)}`).join('');
    io.stderr(`wrote ${out}${extra}\n`);
    return EXIT.ok;
  },
};
