// The chosen data file in a few words and a table, from the engine's inspect summary the host
// sends (the one Preview Data and `optimizer-lab inspect` show): rows, columns, types, missing.
import type { ColumnInfo } from '../../src/protocol/runPanel';

/** One row of the summary table. */
export interface SummaryRow {
  name: string;
  /** numeric, categorical (with its levels), boolean, empty ... */
  type: string;
  missing: number;
  isTarget: boolean;
}

export interface FileSummary {
  /** e.g. "150 rows · 5 columns (4 numeric, 1 categorical) · 3 missing values in 2 columns". */
  headline: string;
  rows: SummaryRow[];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The headline and table rows of a file's summary; `target` marks the chosen target column. */
export function fileSummary(rows: number, columns: readonly ColumnInfo[], target: string): FileSummary {
  const kinds = new Map<string, number>();
  for (const c of columns) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
  const kindText = [...kinds].map(([k, n]) => `${n} ${k}`).join(', ');
  const withMissing = columns.filter((c) => c.missing > 0);
  const missingTotal = withMissing.reduce((s, c) => s + c.missing, 0);
  const missingText = withMissing.length
    ? `${plural(missingTotal, 'missing value')} in ${plural(withMissing.length, 'column')}`
    : 'no missing values';
  return {
    headline: `${plural(rows, 'row')} · ${plural(columns.length, 'column')}${kindText ? ` (${kindText})` : ''} · ${missingText}`,
    rows: columns.map((c) => ({
      name: c.name,
      type: c.kind === 'categorical' ? `categorical, ${c.distinct} levels` : c.kind,
      missing: c.missing,
      isTarget: c.name === target,
    })),
  };
}
