/** x values of data-parallel runs: the bytes sent or the simulated communication time so far. */
import type { LabCurves } from '../../src/engine/report/labCurves';

/** Running sum of a per-step series: entry i is the total through step i (null without the series). */
function cumulative(per: readonly (number | null)[] | undefined, n: number): (number | null)[] {
  if (!per) return new Array<number | null>(n).fill(null);
  const out: (number | null)[] = new Array<number | null>(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += per[i] ?? 0;
    out[i] = i < per.length ? sum : null;
  }
  return out;
}

const perStep = (c: LabCurves, mode: 'bytes' | 'commTime') => (mode === 'bytes' ? c.stepBytes : c.stepCommS);

/**
 * x of each step: bytes all workers sent (or simulated seconds of communication) up to and
 * including that step. Null for runs that did not train data-parallel, so they are not drawn.
 */
export function stepTrafficX(c: LabCurves, mode: 'bytes' | 'commTime'): (number | null)[] {
  return cumulative(perStep(c, mode), c.stepLr.length);
}

/** x of each epoch point: the traffic of the steps taken by the end of that epoch (0 before training). */
export function epochTrafficX(c: LabCurves, mode: 'bytes' | 'commTime', n: number): (number | null)[] {
  const per = perStep(c, mode);
  if (!per) return new Array<number | null>(n).fill(null);
  const cum = cumulative(per, per.length);
  return Array.from({ length: n }, (_, i) => {
    const s = c.epochStep[i];
    if (s === null || s === undefined) return null;
    return s === 0 ? 0 : (cum[s - 1] ?? null);
  });
}
