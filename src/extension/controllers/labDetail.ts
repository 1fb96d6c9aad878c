// The full curves behind a lab tab, kept on the host: the tab gets them cut to the step range it
// shows (the overview on opening, detail on zoom), live runs grow here as their progress arrives.
import { appendProgress, emptyCurves, packCurves, type PackedCurves } from '../../engine/report/labCurves';
import { cutCurves, stepGrid, type StepGrid } from '../../engine/report/stepBuckets';
import type { LabRecord } from '../../protocol/lab';
import type { RunProgress } from '../../protocol/runs';

/**
 * Buckets of the view a tab opens on, before it has said how wide its charts are: about the plot
 * width of a per-run chart in a laptop-sized panel (≈ 540 px at 1280 px; two points a bucket, so
 * ≤ 800 points a series). The first zoom asks for the chart's own width.
 */
export const OVERVIEW_BUCKETS = 400;

/** The step range a tab shows: null is the whole run. */
export interface StepView {
  range: { lo: number; hi: number } | null;
  buckets: number;
}

/** Progress batches of a record's live runs, by run id (the run manager's LiveRuns); undefined once it ended. */
export type LiveProgress = (recordDir: string) => ReadonlyMap<string, readonly RunProgress[]> | undefined;

/**
 * The full curves of the records one lab tab shows, by record folder and run id: read from disk for
 * ended runs, rebuilt from the run manager's progress batches for runs still going (so no batch is
 * missed while an init is read). Also the view the tab last asked for, so a run that ends while the
 * tab is zoomed is sent cut to that zoom.
 */
export class LabCurveStore {
  private full = new Map<string, Map<string, PackedCurves>>();
  private view: StepView = { range: null, buckets: OVERVIEW_BUCKETS };

  constructor(private readonly live: LiveProgress) {}

  /** Keeps the full curves of `records` (forgetting others) and returns the records cut to the overview. */
  keep(records: readonly LabRecord[]): LabRecord[] {
    this.full = new Map(
      records.map((r) => {
        const ended = r.record.runs.filter((s) => !r.live || !['queued', 'running'].includes(s.status));
        const kept = ended.flatMap((s) => (r.curves[s.id] ? [[s.id, r.curves[s.id]!] as const] : []));
        return [r.recordDir, new Map(kept)];
      }),
    );
    this.view = { range: null, buckets: OVERVIEW_BUCKETS };
    const grid = this.grid();
    return records.map((r) => ({
      ...r,
      curves: Object.fromEntries(Object.entries(r.curves).map(([id, c]) => [id, cutCurves(c, grid)])),
    }));
  }

  /** A run ended with the curves of its file: kept whole, returned cut to the tab's view. */
  ended(recordDir: string, runId: string, curves: PackedCurves | null): PackedCurves | null {
    if (!curves) return null;
    this.full.get(recordDir)?.set(runId, curves);
    return cutCurves(curves, this.grid());
  }

  /** Every shown run cut to `view`, which becomes the tab's view. */
  cut(view: StepView): { recordDir: string; curves: Record<string, PackedCurves> }[] {
    this.view = view;
    const grid = this.grid();
    return this.all().map(({ recordDir, curves }) => ({
      recordDir,
      curves: Object.fromEntries(Object.entries(curves).map(([id, c]) => [id, cutCurves(c, grid)])),
    }));
  }

  /** The full curves of every shown run: kept ones, and live ones rebuilt from their progress. */
  private all(): { recordDir: string; curves: Record<string, PackedCurves> }[] {
    return [...this.full].map(([recordDir, kept]) => {
      const curves: Record<string, PackedCurves> = Object.fromEntries(kept);
      for (const [id, batches] of this.live(recordDir) ?? []) {
        if (curves[id] || batches.length === 0) continue;
        const c = emptyCurves();
        for (const b of batches) appendProgress(c, b);
        curves[id] = packCurves(c);
      }
      return { recordDir, curves };
    });
  }

  /** The grid of the tab's view: its range, or every step of the longest run (ended or live). */
  private grid(): StepGrid {
    if (this.view.range) return stepGrid(this.view.range.lo, this.view.range.hi, this.view.buckets);
    let steps = 0;
    for (const [recordDir, kept] of this.full) {
      for (const c of kept.values()) steps = Math.max(steps, c.stepLr.length);
      for (const batches of this.live(recordDir)?.values() ?? []) {
        const last = batches.at(-1)?.steps.at(-1);
        if (last) steps = Math.max(steps, last.step + 1);
      }
    }
    return stepGrid(0, Math.max(0, steps - 1), this.view.buckets);
  }
}
