// Which steps a zoomed chart shows: its x range (in steps, epochs or seconds) turned into the step
// range the lab asks the host to send in detail, and the request ids that tell a stale answer.
import type { LabCurves } from '../../src/engine/report/labCurves';
import type { XMode } from './series';

/** The step at `x` on a run's epoch-end anchors (x ascending), linear between them, clamped to their ends. */
function stepAtX(anchors: readonly [number, number][], x: number): number {
  const first = anchors[0]!;
  const last = anchors[anchors.length - 1]!;
  if (x <= first[0]) return first[1];
  if (x >= last[0]) return last[1];
  let k = 0;
  while (anchors[k + 1]![0] < x) k++;
  const [x0, s0] = anchors[k]!;
  const [x1, s1] = anchors[k + 1]!;
  return x1 === x0 ? s0 : s0 + ((x - x0) * (s1 - s0)) / (x1 - x0);
}

/** A run's (x, step) pairs at its epoch ends, in the epoch or time unit of the chart. */
function anchorsOf(c: LabCurves, mode: 'epoch' | 'time'): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < c.epochStep.length; i++) {
    const s = c.epochStep[i];
    const t = mode === 'epoch' ? i : c.epochMs[i];
    if (s === null || s === undefined || t === null || t === undefined) continue;
    out.push([mode === 'epoch' ? t : t / 1000, s]);
  }
  return out;
}

/**
 * The steps [lo, hi] that the x range `range` covers in any of `runs` (a union: runs reach a
 * given time at different steps), widened to whole steps. On the step axis that is the range
 * itself; on epochs and wall time it goes through each run's epoch ends, where the run records its
 * step count. Null when the axis is not made of steps (bytes, communication time: the runs drawn
 * there are sent whole) or no run can place it.
 */
export function stepRangeOf(
  runs: readonly LabCurves[],
  mode: XMode,
  range: [number, number],
): { lo: number; hi: number } | null {
  const [x0, x1] = range;
  if (!Number.isFinite(x0) || !Number.isFinite(x1) || x1 < x0) return null;
  if (mode === 'step') return { lo: Math.max(0, Math.floor(x0)), hi: Math.max(0, Math.ceil(x1)) };
  if (mode !== 'epoch' && mode !== 'time') return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of runs) {
    const anchors = anchorsOf(c, mode);
    if (anchors.length < 2) continue;
    lo = Math.min(lo, stepAtX(anchors, x0));
    hi = Math.max(hi, stepAtX(anchors, x1));
  }
  if (lo === Infinity) return null;
  return { lo: Math.max(0, Math.floor(lo)), hi: Math.max(0, Math.ceil(hi)) };
}

/**
 * The newest detail request: an answer is drawn only when it carries this id, so the answer to an
 * older zoom that arrives after a newer one (or after new records) is ignored.
 */
export class LatestRequest {
  private id: string | null = null;

  /** A new request supersedes every older one. */
  start(id: string): string {
    this.id = id;
    return id;
  }

  /** Forgets the pending request (new records: no answer for the old ones counts). */
  clear(): void {
    this.id = null;
  }

  /** Whether an answer with `id` is the one awaited; it is then no longer pending. */
  settle(id: string): boolean {
    if (id !== this.id) return false;
    this.id = null;
    return true;
  }
}
