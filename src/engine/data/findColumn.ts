import { closest, distance } from 'fastest-levenshtein';
import { DataError } from '../errors';
import type { Table } from './table';

/**
 * The index of the column called `name`. When there is none, a DataError lists the columns the
 * file has and, for a near miss (a typo, a different case), suggests the closest name.
 * `role` says what the name was given as (`target column`, `feature`).
 */
export function findColumn(table: Table, name: string, role: string): number {
  const names = table.columns.map((c) => c.name);
  const index = names.indexOf(name);
  if (index >= 0) return index;
  throw new DataError(missingColumnMessage(name, names, role), { file: table.file });
}

/** `no target column "Bmi" in the file (did you mean "bmi"?); its columns are ...`. */
export function missingColumnMessage(name: string, names: string[], role: string): string {
  return `no ${role} "${name}" in the file${suggestion(name, names)}; its columns are ${names.map((n) => `"${n}"`).join(', ')}`;
}

/** ` (did you mean "bmi"?)` for a close name, else nothing. */
function suggestion(name: string, names: string[]): string {
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
