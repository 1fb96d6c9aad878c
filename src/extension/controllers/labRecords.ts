// Reads what the lab shows of a record folder, without VS Code: its record, the curves of its
// runs packed for the protocol (from disk, or from the progress of a live experiment), its search
// trials and its Find Learning Rate view.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readCurves, readRecord } from '../../engine/runs/records';
import { readSearchState, SEARCH_FILE } from '../../engine/search/searchState';
import { readLrFindView } from '../../engine/search/lrFindFile';
import {
  appendProgress,
  curvesFromFile,
  emptyCurves,
  packCurves,
  runStepsPerEpoch,
  stepsPerEpoch,
  type PackedCurves,
} from '../../engine/report/labCurves';
import type { LabRecord } from '../../protocol/lab';
import type { CurvesFile, RunRecord, RunSummary } from '../../protocol/record';
import type { RunProgress } from '../../protocol/runs';

/** A running experiment as the lab needs it: its record so far and every progress batch per run. */
export interface LiveRecord {
  record: RunRecord;
  progress: ReadonlyMap<string, readonly RunProgress[]>;
}

/** A run's curves packed for the lab, from its curves file. */
export function packFile(file: CurvesFile, summary: RunSummary, record: RunRecord): PackedCurves {
  return packCurves(
    curvesFromFile(file, runStepsPerEpoch(summary.steps, summary.epochs, stepsPerEpoch(record))),
  );
}

/** The packed curves of one ended run, read back from its curves file; null when it has none. */
export async function endedRunCurves(
  dir: string,
  summary: RunSummary,
  record: RunRecord,
): Promise<PackedCurves | null> {
  const file = summary.curves ? await readCurves(dir, summary.curves) : null;
  return file ? packFile(file, summary, record) : null;
}

/** Packed curves of every run of `record` with a curves file on disk, and (live) of the runs still going. */
export async function curvesOf(
  dir: string,
  record: RunRecord,
  progress?: ReadonlyMap<string, readonly RunProgress[]>,
): Promise<Record<string, PackedCurves>> {
  const out: Record<string, PackedCurves> = {};
  await Promise.all(
    record.runs.map(async (r) => {
      const packed = await endedRunCurves(dir, r, record);
      if (packed) {
        out[r.id] = packed;
        return;
      }
      const batches = progress?.get(r.id);
      if (!batches?.length) return;
      const c = emptyCurves();
      for (const b of batches) appendProgress(c, b);
      out[r.id] = packCurves(c);
    }),
  );
  return out;
}

/** The trials of a search record, or null for an experiment that is not a search (or unreadable). */
export async function searchOf(dir: string): Promise<LabRecord['search']> {
  if (!existsSync(join(dir, SEARCH_FILE))) return null;
  return readSearchState(dir).catch(() => null);
}

/** What the lab shows of `dir`: live from `live` while it runs, else from disk; a string says why it cannot. */
export async function loadLabRecord(dir: string, live?: LiveRecord): Promise<LabRecord | string> {
  if (live) {
    return {
      recordDir: dir,
      record: live.record,
      curves: await curvesOf(dir, live.record, live.progress),
      live: true,
      search: await searchOf(dir),
    };
  }
  const entry = await readRecord(dir);
  if (!entry.ok) return `${basename(dir)}: ${entry.error}`;
  return {
    recordDir: dir,
    record: entry.record,
    curves: await curvesOf(dir, entry.record),
    live: false,
    search: await searchOf(dir),
    lrFind: await readLrFindView(dir),
  };
}
