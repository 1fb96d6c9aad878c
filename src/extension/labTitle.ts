// The title of a lab tab: which record, and when it ran, so two tabs of one experiment differ.
import type { RunRecord } from '../protocol/record';

/** `HH:MM` of an ISO time in the local zone, with the date when it is not today. */
function started(iso: string, now: Date): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.toDateString() === now.toDateString()
    ? time
    : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

/**
 * `Lab: iris 14:03` for one record (two runs of one experiment get two titles), `Lab: compare iris,
 * wine` for several, `Optimizer Lab` for none.
 */
export function labTitle(
  records: readonly Pick<RunRecord, 'name' | 'createdAt'>[],
  now = new Date(),
): string {
  if (records.length === 0) return 'Optimizer Lab';
  if (records.length === 1) return `Lab: ${records[0]!.name} ${started(records[0]!.createdAt, now)}`;
  const names = [...new Set(records.map((r) => r.name))];
  const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ` +${names.length - 3}` : '');
  return `Lab: compare ${shown}`;
}
