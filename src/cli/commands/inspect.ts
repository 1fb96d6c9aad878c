// `optimizer-lab inspect`: Show the rows, columns, types and missing values of a data file.
import { isAbsolute, resolve } from 'node:path';
import { EXIT, type CliCommand } from '../command';
import { DataError } from '../../engine/errors';
import { loadTable } from '../../engine/data/loadTable';
import { summarizeTable, type TableSummary } from '../../engine/data/inspect';
import { dataFormats, type DataFormat } from '../../protocol/data';
import { errorJson } from '../errorJson';

/** `optimizer-lab inspect <datafile>`: what the engine sees in a data file, before any run. */
export const inspectCommand: CliCommand = {
  name: 'inspect',
  summary: 'Show the rows, columns, types and missing values of a data file',
  usage: 'inspect <datafile> [--target COL] [--format F] [--json]',
  help: [
    'Reads a data file (CSV, TSV, JSON, JSONL or Parquet) the way an experiment would and prints',
    'its row count, the delimiter of a CSV file (detected: comma, semicolon, tab or pipe) and, per',
    'column, the type (numeric, categorical, boolean, empty, unusable), the number of missing',
    'values, the spread or levels and a histogram of numeric values. Problems (text among numbers,',
    'binary or nested columns, a target that cannot be used) are listed with their locations: an',
    'experiment stops at them only if it uses the column.',
    '',
    'Options:',
    '  --target COL   also show the task inferred for column COL (regression, binary, multiclass)',
    '                 and its classes',
    `  --format F     read the file as F (${dataFormats.join(', ')}) instead of by its extension`,
    '  --json         print the summary as JSON; a file that cannot be read at all prints',
    '                 {"error": {file, line, column, message}}',
    '',
    'Exit codes: 0 the file was read (problems are listed), 1 it cannot be read at all or has no',
    'column COL (the message says where: file:line:col).',
  ].join('\n'),
  options: {
    target: { type: 'string' },
    format: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: [1, 1],
  async run(positionals, values, io) {
    const given = positionals[0]!;
    const json = values['json'] === true;
    const target = typeof values['target'] === 'string' ? values['target'] : undefined;
    const format = values['format'];
    try {
      if (format !== undefined && !dataFormats.includes(format as DataFormat)) {
        throw new DataError(`unknown format "${String(format)}"; use one of ${dataFormats.join(', ')}`, {
          file: given,
        });
      }
      const path = isAbsolute(given) ? given : resolve(io.cwd, given);
      const table = await loadTable(path, { displayName: given, format: format as DataFormat | undefined });
      let summary: TableSummary & { targetProblem?: string };
      try {
        summary = summarizeTable(table, target);
      } catch (e) {
        // A target that cannot be used is one more problem of the file, not a failure to read it;
        // a target column that does not exist is a wrong argument.
        if (
          !(e instanceof DataError) ||
          target === undefined ||
          !table.columns.some((c) => c.name === target)
        )
          throw e;
        summary = { ...summarizeTable(table), targetProblem: e.format() };
      }
      io.stdout(json ? `${JSON.stringify(summary, null, 2)}\n` : renderSummary(summary));
      return EXIT.ok;
    } catch (e) {
      if (!(e instanceof DataError)) throw e;
      if (json) io.stdout(`${JSON.stringify(errorJson(e), null, 2)}\n`);
      else io.stderr(`${e.format()}\n`);
      return EXIT.user;
    }
  },
};

function renderSummary(s: TableSummary & { targetProblem?: string }): string {
  const separated = s.delimiter ? ` (${s.delimiter}-separated)` : '';
  const lines = [`${s.file}: ${s.format}${separated}, ${s.rows} rows, ${s.columns.length} columns`, ''];
  const nameWidth = Math.max(6, ...s.columns.map((c) => c.name.length));
  lines.push(`${'column'.padEnd(nameWidth)}  ${'type'.padEnd(11)}  ${'missing'.padStart(7)}  details`);
  for (const c of s.columns) {
    const details =
      c.kind === 'categorical'
        ? `${c.distinct} levels: ${preview(c.levels ?? [])}`
        : c.kind === 'empty'
          ? 'no values'
          : c.kind === 'unusable'
            ? 'cannot be used (see problems)'
            : `${c.distinct} distinct, min ${round(c.min)}, max ${round(c.max)}, mean ${round(c.mean)}` +
              (c.unit ? ` (${c.unit})` : '') +
              (c.histogram && c.histogram.counts.length > 1 ? `  ${sparkline(c.histogram.counts)}` : '');
    lines.push(
      // An unusable column's values were never read, so it has no missing count to show.
      `${c.name.padEnd(nameWidth)}  ${c.kind.padEnd(11)}  ${(c.kind === 'unusable' ? '-' : String(c.missing)).padStart(7)}  ${details}`,
    );
  }
  const t = s.target;
  if (t) {
    lines.push('', `target "${t.name}": ${t.task}`);
    if (t.classes && t.classCounts) {
      const counts = t.classes.map((label, k) => `${JSON.stringify(label)} (${t.classCounts![k]})`);
      lines.push(`classes: ${counts.join(', ')}`);
    }
    if (t.missing > 0) lines.push(`${t.missing} rows have no target value`);
  }
  const problems = s.columns.filter((c) => c.problem);
  if (problems.length > 0 || s.targetProblem) {
    lines.push('', 'problems (an experiment stops at one only if it uses the column):');
    if (s.targetProblem && !problems.some((c) => c.problem!.message === s.targetProblem))
      lines.push(`  ${s.targetProblem}`);
    for (const c of problems) {
      const p = c.problem!;
      lines.push(`  ${p.message}${p.count > 1 ? ` (${p.count} cells, the first few:)` : ''}`);
      if (p.count > 1) for (const e of p.examples) lines.push(`    ${e.at}: ${JSON.stringify(e.found)}`);
      if (p.count > p.examples.length) lines.push(`    ... and ${p.count - p.examples.length} more`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Bin counts as a row of block characters, the tallest bin a full block. */
function sparkline(counts: number[]): string {
  const blocks = '▁▂▃▄▅▆▇█';
  const top = Math.max(...counts);
  return counts.map((n) => (n === 0 ? ' ' : blocks[Math.min(7, Math.floor((n / top) * 7.999))])).join('');
}

function preview(levels: string[]): string {
  const shown = levels.slice(0, 8).join(', ');
  return levels.length > 8 ? `${shown}, ...` : shown;
}

function round(v: number | null): string {
  return v === null ? '-' : String(Number(v.toPrecision(6)));
}
