// When a process started, as the kernel counts it: with its pid, it names one process for good.
import { readFileSync } from 'node:fs';

/**
 * The start time of process `pid` in clock ticks since boot (field 22 of `/proc/PID/stat`), or
 * null where there is no /proc (macOS, Windows) or no such process. A pid is reused once its
 * process is gone; the pair (pid, start) is not, so a record's writer is told from a newer
 * process that happens to have its pid.
 */
export function processStartOf(pid: number): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces or ")": fields are counted
  // after its last ")", where field 3 is the first.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const start = fields[22 - 3];
  return start !== undefined && /^\d+$/.test(start) ? start : null;
}
