// findColumn: The index of the column called `name` (also missingColumnMessage).
import { closest, distance } from 'fastest-levenshtein';
import { isDataFilePath } from '../../protocol/dataFormats';
import { DataError } from '../errors';
import type { Table } from './table';

/**
 * The columns as a message may show them. The header is the file's content, so it is quoted only
 * for a file named as a data file (not `/etc/passwd` read with `"format": "csv"`), at most 20 names
 * of at most 40 characters, control characters made visible.
 */
function columnList(file: string, names: string[]): string {
  const count = `${names.length} column${names.length === 1 ? '' : 's'}`;
  if (!isDataFilePath(file)) return `it has ${count}`;
  const shown = names.slice(0, 20).map((n) => JSON.stringify(n.length > 40 ? `${n.slice(0, 40)}…` : n));
  return `its columns are ${shown.join(', ')}${names.length > 20 ? `, … (${count})` : ''}`;
}

/**
 * The index of the column called `name`. When there is none, a DataError lists the columns the
 * file has and, for a near miss (a typo, a different case), suggests the closest name.
 * `role` says what the name was given as (`target column`, `feature`).
 */
export function findColumn(table: Table, name: string, role: string): number {
  const names = table.columns.map((c) => c.name);
  const index = names.indexOf(name);
  if (index >= 0) return index;
  throw new DataError(missingColumnMessage(name, names, role, table.file), { file: table.file });
}

/**
 * `no target column "Bmi" in the file (did you mean "bmi"?); its columns are ...`, the columns
 * quoted only for a file named as a data file (`file`; without it, only their count).
 */
export function missingColumnMessage(name: string, names: string[], role: string, file?: string): string {
  return `no ${role} "${name}" in the file${suggestion(name, names)}; ${columnList(file ?? '', names)}`;
}

/** ` (did you mean "bmi"?)` for a close name, else nothing. */
function suggestion(name: string, allNames: string[]): string {
  // A suggestion quotes a column name too: only short, printable ones.
  // eslint-disable-next-line no-control-regex
  const names = allNames.filter((n) => n.length <= 40 && !/[\u0000-\u001f\u007f-\u009f]/.test(n));
  if (names.length === 0) return '';
  const lower = name.toLowerCase();
  const sameCase = names.find((n) => n.toLowerCase() === lower);
  if (sameCase !== undefined) return ` (did you mean "${sameCase}"?)`;
  const best = closest(
    lower,
    names.map((n) => n.toLowerCase()),
  );
  const original = names.find((n) => n.toLowerCase() === best)!;
  // A third of the name (at least 1, at most 3 edits) keeps suggestions to plausible typos.
  const allowed = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  return distance(lower, best) <= allowed ? ` (did you mean "${original}"?)` : '';
}
