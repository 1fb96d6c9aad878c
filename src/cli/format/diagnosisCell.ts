// diagnosisCell: The short diagnosis column of the run table.
import type { RunSummary } from '../../protocol/record';

/**
 * The short diagnosis column of the run table: the doctor's kinds across a configuration's runs,
 * with how many runs had each when there are several ("plateau 2/3"); "—" when none.
 */
export function diagnosisCell(runs: readonly RunSummary[]): string {
  const counts = new Map<string, number>();
  for (const r of runs)
    for (const k of new Set((r.diagnoses ?? []).map((d) => d.kind))) counts.set(k, (counts.get(k) ?? 0) + 1);
  if (counts.size === 0) return '—';
  return [...counts].map(([k, n]) => (runs.length > 1 ? `${k} ${n}/${runs.length}` : k)).join(', ');
}
