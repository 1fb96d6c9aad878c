// What the lab's "loss against learning rate" chart shows of a Find Learning Rate record.
import type { LrFindView } from '../../src/protocol/lrFindView';
import { maxOf } from '../../src/engine/extremes';

export interface LrPoint {
  x: number;
  y: number;
}

/** A suggested rate, marked on the chart and offered as a Use This Rate button. */
export interface LrMark {
  name: 'sweep' | 'valley' | 'steep' | 'minimum/10';
  lr: number;
  /** Where the mark sits: the sweep's loss at that rate, else the range test's curve near it. */
  y: number | null;
}

export interface LrFindSeries {
  /** The range test's smoothed loss against lr. */
  curve: LrPoint[];
  /** The sweep's rates that finished, at their training loss. */
  sweep: LrPoint[];
  /** The rates that diverged, drawn at the top of the finished ones. */
  diverged: LrPoint[];
  /** The suggestions, the one the extension uses first. */
  marks: LrMark[];
}

/** The range test's smoothed loss at the sample nearest `lr` in log space, or null. */
function curveAt(v: LrFindView, lr: number): number | null {
  let best: number | null = null;
  let dist = Infinity;
  v.curve.lrs.forEach((x, i) => {
    const y = v.curve.smoothed[i];
    const d = Math.abs(Math.log(x) - Math.log(lr));
    if (y !== null && y !== undefined && Number.isFinite(y) && d < dist) [best, dist] = [y, d];
  });
  return best;
}

/** The chart's series and marks for one Find Learning Rate record. */
export function lrFindSeries(v: LrFindView): LrFindSeries {
  const curve = v.curve.lrs
    .map((x, i) => ({ x, y: v.curve.smoothed[i] ?? NaN }))
    .filter((p) => p.x > 0 && Number.isFinite(p.y));
  const points = v.sweep?.points ?? [];
  const sweep = points
    .filter((p) => p.status === 'done' && p.objective !== null && Number.isFinite(p.objective))
    .map((p) => ({ x: p.lr, y: p.objective! }));
  const top = maxOf(sweep.map((p) => p.y)) ?? curve.at(-1)?.y ?? 1;
  const diverged = points.filter((p) => p.status === 'diverged').map((p) => ({ x: p.lr, y: top }));
  const at = (lr: number) => sweep.find((p) => p.x === lr)?.y ?? curveAt(v, lr);
  const marks: LrMark[] = [];
  if (v.sweep?.lr != null) marks.push({ name: 'sweep', lr: v.sweep.lr, y: at(v.sweep.lr) });
  const s = v.suggestions;
  if (s.valley != null) marks.push({ name: 'valley', lr: s.valley, y: curveAt(v, s.valley) });
  if (s.steep != null) marks.push({ name: 'steep', lr: s.steep, y: curveAt(v, s.steep) });
  if (s.minimum != null) marks.push({ name: 'minimum/10', lr: s.minimum, y: curveAt(v, s.minimum) });
  return { curve, sweep, diverged, marks };
}
