// Where a diagnosis sits on the lab's loss chart: the point a click on the results table's icon marks.
import type { Diagnosis } from '../../src/protocol/diagnosis';
import type { LabCurves } from '../../src/engine/report/labCurves';
import { epochX, type XMode } from './series';

/** A marked point: chart coordinates and the label its tooltip shows. */
export interface DiagnosisMarker {
  x: number;
  y: number;
  label: string;
}

/**
 * The loss-chart point of a diagnosis: its epoch (or the first epoch that ends at or after its step),
 * in the chart's x unit, at the training loss there (validation loss for overfitting); the last
 * finite loss before it when the run blew up there. Null when the run has no such point.
 */
export function diagnosisMarker(d: Diagnosis, c: LabCurves, mode: XMode): DiagnosisMarker | null {
  const n = c.epochTrain.length;
  if (n === 0) return null;
  let epoch = d.at.epoch;
  if (epoch === null && d.at.step !== null) {
    const i = c.epochStep.findIndex((s) => s !== null && s >= d.at.step!);
    epoch = i >= 0 ? i : n - 1;
  }
  if (epoch === null) return null;
  epoch = Math.min(Math.max(0, epoch), n - 1);
  const ys = d.kind === 'overfitting' ? c.epochVal : c.epochTrain;
  let e = epoch;
  while (e > 0 && !(ys[e] !== null && Number.isFinite(ys[e]))) e--;
  const y = ys[e];
  const x = epochX(c, mode, n)[e];
  if (y === null || y === undefined || !Number.isFinite(y) || x === null || x === undefined) return null;
  return { x, y, label: `${d.kind}: ${d.evidence}` };
}
