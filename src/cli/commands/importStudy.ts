// `optimizer-lab import-study`: Read an Optuna study (journal file or trials CSV) into a search record.
import { resolve } from 'node:path';
import { EXIT, type CliCommand } from '../command';
import { ConfigError } from '../../engine/errors';
import { findRecord, RECORDS_FOLDER } from '../../engine/runs/records';
import { importStudy, readStudyFile } from '../../engine/search/importStudy';

/** `optimizer-lab import-study`: an Optuna study's trials as a search record the lab can show. */
export const importStudyCommand: CliCommand = {
  name: 'import-study',
  summary: 'Read an Optuna study (journal file or trials CSV) into a search record',
  usage: 'import-study <journal|trials.csv> --record RECORD [--study NAME] [--dir DIR] [--json]',
  help: `Reads the trials of an Optuna study, typically the --to optuna export run on many machines,
and writes them as a search record under the records folder, viewed like any search (trials,
objective, per-epoch intermediate values).

  <file>          An Optuna journal file (JournalFileStorage, what --storage journal:PATH writes),
                  or a CSV of study.trials_dataframe().to_csv(...) (no per-epoch values).

Options:
  --record RECORD The record the sweep was exported from (a folder, or an id or unique prefix
                  under --dir): the imported record takes its experiment, data and objective.
  --study NAME    The study to read when the journal holds several.
  --dir DIR       Records folder (default: ./${RECORDS_FOLDER}).
  --json          Print {"record": DIR} instead of a line of text.

Exit codes: 0 ok, 1 unreadable or invalid file, unknown study or record, 2 internal error.`,
  options: {
    record: { type: 'string' },
    study: { type: 'string' },
    dir: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: [1, 1],
  async run([file], values, io) {
    const root = resolve(io.cwd, typeof values['dir'] === 'string' ? values['dir'] : RECORDS_FOLDER);
    if (typeof values['record'] !== 'string')
      throw new ConfigError('--record is required: the record the sweep was exported from');
    const sourceRecordDir = await findRecord(root, values['record']);
    const path = resolve(io.cwd, file!);
    const study = await readStudyFile(
      path,
      typeof values['study'] === 'string' ? values['study'] : undefined,
    );
    const dir = await importStudy({ study, sourceRecordDir, recordsRoot: root, file: path });
    if (values['json']) io.stdout(`${JSON.stringify({ record: dir })}\n`);
    else io.stdout(`wrote ${dir} (${study.trials.length} trials of the Optuna study "${study.name}")\n`);
    return EXIT.ok;
  },
};
