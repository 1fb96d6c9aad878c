// The results table drives the charts: the runs its filter keeps are the runs the charts draw,
// and the configuration selected in it is drawn over the others.
import { filterRows, type ResultRow } from './resultsModel';

/** The keys of the runs the charts draw under the table's filter; null when nothing is filtered. */
export function chartRuns(rows: readonly ResultRow[], filter: string): Set<string> | null {
  if (filter.trim() === '') return null;
  return new Set(filterRows(rows, filter).map((r) => r.key));
}

/** The runs of the selected configuration (by the table's configuration key), null when none is. */
export function selectedRuns(rows: readonly ResultRow[], configKey: string | null): Set<string> | null {
  if (configKey === null) return null;
  const keys = rows.filter((r) => r.configKey === configKey).map((r) => r.key);
  return keys.length ? new Set(keys) : null;
}

/** A configuration's runs that the charts draw (all of them when nothing is filtered). */
export function runsShown<R extends { key: string }>(
  runs: readonly R[],
  shown: ReadonlySet<string> | null,
): R[] {
  return shown === null ? runs.slice() : runs.filter((r) => shown.has(r.key));
}
