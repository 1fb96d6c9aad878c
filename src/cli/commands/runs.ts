// `optimizer-lab runs`: List, show or delete experiment records.
import { resolve, join } from 'node:path';
import { formatMeanStd, formatNumber } from '../../engine/format';
import { pythonRuntimeText } from '../../engine/report/pythonRuntime';
import { bestOf } from '../../engine/verdict/recordVerdict';
import { EXIT, type CliCommand } from '../command';
import { ConfigError } from '../../engine/errors';
import {
  deleteRecord,
  findRecord,
  listRecords,
  readRecord,
  runningElsewhere,
  statusText,
  RECORDS_FOLDER,
} from '../../engine/runs/records';
import { textTable } from '../format/textTable';
import { rankedTable } from '../runExperimentCli';

export const runsCommand: CliCommand = {
  name: 'runs',
  summary: 'List, show or delete experiment records',
  usage: 'runs list|show|rm [ID...] [--dir DIR] [--json]',
  help: `Manages the records that 'run' writes.

  runs list          every record, newest first, with its status and best configuration
                     ("interrupted": left running by a process that is gone, e.g. kill -9;
                     "running on HOST (cannot check)": written on another machine, whose
                     process cannot be checked from here);
                     folders that are not readable records (half-written, corrupt) are reported
                     on stderr and skipped
  runs show ID       one record: its ranked table and every run (ID may be a unique prefix or the
                     record folder's path)
  runs rm ID...      delete records

Options:
  --dir DIR   Records folder (default: ./${RECORDS_FOLDER}).
  --json      Machine-readable output (list: an array of records; show: the record).

Exit codes: 0 ok, 1 unknown record or sub-command.`,
  options: { dir: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [1, Infinity],
  async run([sub, ...ids], values, io) {
    const root = resolve(io.cwd, typeof values['dir'] === 'string' ? values['dir'] : RECORDS_FOLDER);
    const json = Boolean(values['json']);
    if (sub === 'list') {
      const entries = await listRecords(root);
      for (const e of entries) if (!e.ok) io.stderr(`skipped ${e.dir}: ${e.error}\n`);
      const ok = entries.filter((e) => e.ok);
      if (json) {
        io.stdout(`${JSON.stringify(ok.map((e) => ({ dir: e.dir, ...summaryOf(e.record) })))}\n`);
        return EXIT.ok;
      }
      if (ok.length === 0) {
        io.stdout(`no records in ${root}\n`);
        return EXIT.ok;
      }
      const rows = ok.map((e) => {
        const s = summaryOf(e.record);
        const c = s.bestConfiguration;
        return [
          e.record.id,
          statusText(e.record),
          String(s.runs),
          s.best ?? '—',
          c ? formatMeanStd(c.mean, c.std) : '—',
        ];
      });
      // The best configuration's score over its seeds, the number it was ranked by.
      io.stdout(textTable(['record', 'status', 'runs', 'best run', 'objective (mean ± std)'], rows));
      return EXIT.ok;
    }
    if (sub === 'show') {
      if (ids.length !== 1) throw new ConfigError('runs show takes one record ID');
      const dir = await findRecord(root, ids[0]!);
      const entry = await readRecord(dir);
      if (!entry.ok) throw new ConfigError(`${dir}: ${entry.error}`);
      const r = entry.record;
      if (json) {
        io.stdout(`${JSON.stringify({ dir, ...r })}\n`);
        return EXIT.ok;
      }
      io.stdout(
        `${r.name} (${statusText(r)}), ${r.createdAt}\nrecord: ${dir}\nreport: ${join(dir, 'report.html')}\n` +
          (r.environment.python ? `python: ${pythonRuntimeText(r.environment.python)}\n` : '') +
          '\n',
      );
      io.stdout(rankedTable(r));
      io.stdout('\n');
      io.stdout(
        textTable(
          ['run', 'configuration', 'seed', 'status', 'steps', 'train loss', 'val loss', 'objective', 'rank'],
          r.runs.map((x) => [
            x.id,
            x.label,
            String(x.seed),
            x.status,
            String(x.steps),
            formatNumber(x.final_train_loss),
            formatNumber(x.final_val_loss),
            formatNumber(x.objective),
            x.rank === null ? '—' : String(x.rank),
          ]),
        ),
      );
      return EXIT.ok;
    }
    if (sub === 'rm') {
      if (ids.length === 0) throw new ConfigError('runs rm takes at least one record ID');
      for (const id of ids) {
        const dir = await findRecord(root, id);
        await deleteRecord(root, dir);
        io.stdout(`deleted ${dir}\n`);
      }
      return EXIT.ok;
    }
    throw new ConfigError(`unknown sub-command "${sub}"; expected list, show or rm`);
  },
};

function summaryOf(r: import('../../protocol/record').RunRecord) {
  const b = bestOf(r);
  const best = b?.run;
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    // A running record written on another machine, whose writer cannot be checked from here.
    ...(runningElsewhere(r) !== null ? { runningOn: runningElsewhere(r) } : {}),
    createdAt: r.createdAt,
    runs: r.runs.length,
    best: best ? `${best.id} ${best.label}` : null,
    bestObjective: best?.objective ?? null,
    bestConfiguration: b
      ? {
          index: b.configuration.index,
          label: b.configuration.label,
          mean: b.configuration.mean,
          std: b.configuration.std,
          ci95: b.configuration.ci95,
        }
      : null,
  };
}
