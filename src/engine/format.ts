// How numbers, durations, statuses, intervals and ranks read in every view (CLI tables, the runs
// tree, the lab, the HTML report, training messages): one format, so a value reads the same everywhere.
/** A number for a table cell: four significant digits, exponent form when very large or small. */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(4)));
}

/** A duration in milliseconds in the unit that keeps it short: `85 ms`, `1.24 s`, `3 min 5 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toPrecision(3))} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** Run counts per status, most common first: `2 done`, or `3 (2 done, 1 diverged)`. */
export function formatStatuses(runs: number, statuses: Record<string, number>): string {
  const parts = Object.entries(statuses)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([s, n]) => `${n} ${s}`);
  return parts.length === 1 && statuses[Object.keys(statuses)[0]!] === runs
    ? parts[0]!
    : `${runs} (${parts.join(', ')})`;
}

/** A 95% interval as `[lo, hi]` in the table's number format; — without one. */
export function formatInterval(ci: readonly [number, number] | null | undefined): string {
  return ci ? `[${formatNumber(ci[0])}, ${formatNumber(ci[1])}]` : '—';
}

/** A configuration's score: `mean ± std`, or the mean alone when there is no spread (one seed). */
export function formatMeanStd(mean: number | null, std: number | null): string {
  if (mean === null) return '—';
  return std === null ? formatNumber(mean) : `${formatNumber(mean)} ± ${formatNumber(std)}`;
}

/** A rank with its tie mark: `1`, `2 ≈` when it cannot be told apart from the leader, — unranked. */
export function formatRank(rank: number | null, tiedWithLeader: boolean): string {
  if (rank === null) return '—';
  return tiedWithLeader && rank !== 1 ? `${rank} ≈` : String(rank);
}
