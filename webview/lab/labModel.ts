// LabModel: What the lab shows, kept current from the host's messages (also LabRun, LabConfig, LabStatus,
// runKey).
import type { LabRecord } from '../../src/protocol/lab';
import type { RunRecord, RunSummary } from '../../src/protocol/record';
import type { RunProgress } from '../../src/protocol/runs';
import type { SearchState } from '../../src/protocol/search';
import {
  appendProgress,
  emptyCurves,
  unpackCurves,
  type LabCurves,
  type PackedCurves,
} from '../../src/engine/report/labCurves';

/** One run the lab shows. */
export interface LabRun {
  /** `recordDir + '\n' + runId`, the key of stars too. */
  key: string;
  recordDir: string;
  summary: RunSummary;
  curves: LabCurves;
  /** Bumped whenever the curves change, so drawn series can be cached until then. */
  version: number;
}

/** One optimizer configuration of one record, with its runs (seeds, folds, restarts). */
export interface LabConfig {
  /** `recordIndex:configIndex`. */
  key: string;
  /** Position among every configuration shown: its colour. */
  position: number;
  label: string;
  runs: LabRun[];
}

interface LabRecordState {
  recordDir: string;
  record: RunRecord;
  live: boolean;
  search: SearchState | null;
}

export type LabStatus = 'running' | 'interrupted' | 'done' | 'cancelled' | 'failed' | 'empty';

/**
 * What the lab shows, kept current from the host's messages: the records, their runs and each
 * run's curves, live runs growing with every progress batch.
 */
export class LabModel {
  records: LabRecordState[] = [];
  readonly runs = new Map<string, LabRun>();

  load(records: readonly LabRecord[]): void {
    this.records = [];
    this.runs.clear();
    for (const r of records) {
      this.records.push({ recordDir: r.recordDir, record: r.record, live: r.live, search: r.search });
      for (const s of r.record.runs) {
        const packed = r.curves[s.id];
        const curves = packed ? unpackCurves(packed) : emptyCurves();
        this.runs.set(runKey(r.recordDir, s.id), {
          key: runKey(r.recordDir, s.id),
          recordDir: r.recordDir,
          summary: s,
          curves,
          version: 0,
        });
      }
    }
  }

  get compare(): boolean {
    return this.records.length > 1;
  }

  /**
   * How a record is named in compare mode: its experiment name, with its start time when another
   * shown record has the same name (the same experiment run twice).
   */
  nameOf(rec: { record: RunRecord }): string {
    const name = rec.record.name;
    const twins = this.records.filter((r) => r.record.name === name).length;
    return twins > 1 ? `${name} @ ${rec.record.createdAt.slice(0, 19).replace('T', ' ')}` : name;
  }

  private recordOf(dir: string): LabRecordState | undefined {
    return this.records.find((r) => r.recordDir === dir);
  }

  /** Appends live points; false when the run is not one the lab shows. */
  progress(recordDir: string, runId: string, p: RunProgress): boolean {
    const run = this.runs.get(runKey(recordDir, runId));
    if (!run) return false;
    appendProgress(run.curves, p);
    run.version++;
    if (run.summary.status === 'queued') run.summary = { ...run.summary, status: 'running' };
    return true;
  }

  /** A run ended: its summary, the record's new ranks, and its exact curves read back from disk. */
  runEnd(
    recordDir: string,
    summary: RunSummary,
    record: RunRecord,
    packed: PackedCurves | null,
    search: SearchState | null = null,
  ): boolean {
    const rec = this.recordOf(recordDir);
    if (!rec) return false;
    rec.record = record;
    if (search) rec.search = search;
    for (const s of record.runs) {
      const run = this.runs.get(runKey(recordDir, s.id));
      if (run) run.summary = s.status === 'queued' && run.summary.status === 'running' ? run.summary : s;
    }
    const run = this.runs.get(runKey(recordDir, summary.id));
    if (run) {
      run.summary = summary;
      if (packed) {
        run.curves = unpackCurves(packed);
        run.version++;
      }
    }
    return true;
  }

  /**
   * Curves the host cut to the range the charts show (a `rangeCurves` answer) replace the runs'
   * curves; runs it did not send keep theirs. False when none of them is shown.
   */
  applyRange(records: readonly { recordDir: string; curves: Record<string, PackedCurves> }[]): boolean {
    let any = false;
    for (const r of records) {
      for (const [id, packed] of Object.entries(r.curves)) {
        const run = this.runs.get(runKey(r.recordDir, id));
        if (!run) continue;
        run.curves = unpackCurves(packed);
        run.version++;
        any = true;
      }
    }
    return any;
  }

  finish(recordDir: string, record: RunRecord, search: SearchState | null = null): boolean {
    const rec = this.recordOf(recordDir);
    if (!rec) return false;
    rec.record = record;
    if (search) rec.search = search;
    rec.live = false;
    for (const s of record.runs) {
      const run = this.runs.get(runKey(recordDir, s.id));
      if (run) run.summary = s;
    }
    return true;
  }

  /** Every configuration in record order, then configuration order. */
  configs(): LabConfig[] {
    const out: LabConfig[] = [];
    this.records.forEach((rec, ri) => {
      const byConfig = new Map<number, LabRun[]>();
      for (const s of rec.record.runs) {
        const run = this.runs.get(runKey(rec.recordDir, s.id));
        if (!run) continue;
        const list = byConfig.get(s.configIndex);
        if (list) list.push(run);
        else byConfig.set(s.configIndex, [run]);
      }
      for (const [ci, runs] of [...byConfig].sort(([a], [b]) => a - b)) {
        const label = runs[0]!.summary.label;
        out.push({
          key: `${ri}:${ci}`,
          position: out.length,
          label: this.compare ? `${this.nameOf(rec)}: ${label}` : label,
          runs,
        });
      }
    });
    return out;
  }

  /** The lab's overall state: running while any record runs, else how the records ended. */
  status(): LabStatus {
    if (this.records.length === 0) return 'empty';
    // A record still marked running that no session is running was interrupted (a crash, a closed window).
    const statuses = this.records.map((r) =>
      r.live ? 'running' : r.record.status === 'running' ? 'interrupted' : r.record.status,
    );
    if (statuses.includes('running')) return 'running';
    if (statuses.includes('interrupted')) return 'interrupted';
    if (statuses.includes('failed')) return 'failed';
    if (statuses.includes('cancelled')) return 'cancelled';
    return 'done';
  }
}

export function runKey(recordDir: string, runId: string): string {
  return `${recordDir}\n${runId}`;
}
