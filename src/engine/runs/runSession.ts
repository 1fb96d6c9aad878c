// The one owner of a record's lifecycle: its folder, its saves, and the status it ends with.
import { promises as fs, writeFileSync, renameSync } from 'node:fs';
import { hostname } from 'node:os';
import { processStartOf } from './processStart';
import { join } from 'node:path';
import {
  RECORD_FORMAT,
  RECORD_VERSION,
  type CurvesFile,
  type RunRecord,
  type RunSummary,
} from '../../protocol/record';
import { writeFileAtomic } from './atomicWrite';
import { updateVerdict } from '../verdict/recordVerdict';
import { JOURNAL_FILE, createRecordFolder, readRecord, recordId } from './records';

/** What a driver knows about its record before the first run: everything but the bookkeeping. */
export type RecordHeader = Omit<
  RunRecord,
  'format' | 'version' | 'id' | 'createdAt' | 'finishedAt' | 'status' | 'message' | 'owner'
>;

/** How a session ended; `running` is never an end. */
export type SessionEnd = 'done' | 'cancelled' | 'failed';

/** Bytes and calls a session wrote, so tests can bound the cost of saving (O(new data) per run). */
export interface WriteStats {
  writes: number;
  bytes: number;
}

// Sessions still open in this process: an uncaught exception or a signal that must exit at once
// ends them synchronously (endOpenSessionsSync) so no record stays `running`.
const open = new Set<RunSession>();

/**
 * A record being written. `record.json` (the header, with every run as it was then) is written
 * atomically when the session starts and when it ends; in between, each run that ends is one line
 * appended to `runs.jsonl` (its curves go to their own file), so saving costs O(new data) however
 * many runs the record holds. Readers merge the two (records.ts `readRecord`). Drivers (an
 * experiment, a search, an LR sweep) decide what to run; the session decides how it is kept.
 */
export class RunSession {
  readonly stats: WriteStats = { writes: 0, bytes: 0 };
  private readonly index = new Map<string, number>();
  private ranked = true;
  private ended = false;
  // Saves are chained so that a later state never lands before an earlier one.
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly dir: string,
    private readonly state: RunRecord,
  ) {
    state.runs.forEach((r, i) => this.index.set(r.id, i));
    open.add(this);
  }

  /**
   * Creates a record folder under `root` that no other run can share (created exclusively, with a
   * numeric suffix when the name is taken) and writes its header with every run queued.
   */
  static async create(
    root: string,
    header: RecordHeader,
    at: Date = new Date(),
    folderName: string = header.name,
  ): Promise<RunSession> {
    const { dir, id } = await createRecordFolder(root, recordId(folderName, at));
    const record: RunRecord = {
      format: RECORD_FORMAT,
      version: RECORD_VERSION,
      id,
      createdAt: at.toISOString(),
      finishedAt: null,
      status: 'running',
      message: null,
      owner: ownerNow(),
      ...header,
    };
    const session = new RunSession(dir, record);
    await session.writeHeader();
    return session;
  }

  /**
   * Reopens a record to continue it (a resumed search): `keep` says which runs stay; the header is
   * rewritten with them and the journal emptied, so the dropped runs do not come back on a read.
   */
  static async reopen(dir: string, keep: (r: RunSummary) => boolean): Promise<RunSession> {
    const entry = await readRecord(dir);
    if (!entry.ok) throw new Error(entry.error);
    const record = entry.record;
    record.runs = record.runs.filter(keep);
    record.status = 'running';
    record.finishedAt = null;
    record.message = null;
    record.owner = ownerNow();
    const session = new RunSession(dir, record);
    await session.writeHeader();
    await session.write(join(dir, JOURNAL_FILE), '', 'replace');
    return session;
  }

  /** The record as it stands, runs ranked (ranking is deferred until someone looks). */
  get record(): RunRecord {
    if (!this.ranked) {
      updateVerdict(this.state);
      this.ranked = true;
    }
    return this.state;
  }

  /** A run's summary as it stands. */
  run(runId: string): RunSummary | undefined {
    const i = this.index.get(runId);
    return i === undefined ? undefined : this.state.runs[i];
  }

  /** A queued run started (kept in memory; a reader of the disk sees it when it ends). */
  markRunning(runId: string): void {
    const r = this.run(runId);
    if (r && r.status === 'queued') r.status = 'running';
  }

  /** Adds runs (a search's next trial), appended to the journal. */
  addRuns(summaries: RunSummary[]): Promise<void> {
    for (const s of summaries) {
      this.index.set(s.id, this.state.runs.length);
      this.state.runs.push(s);
    }
    this.ranked = false;
    return this.append(summaries);
  }

  /**
   * A run ended: its curves (when it has any) get their file, its summary a journal line. `encoded`
   * is the curves file as UTF-8 JSON when the worker that ran the run encoded it already
   * (runs/resultWire.ts: the same text as `JSON.stringify(curves)`), so the host does not.
   */
  endRun(summary: RunSummary, curves: CurvesFile | null, encoded: Uint8Array | null = null): Promise<void> {
    return this.chain(async () => {
      if (curves) {
        await fs.mkdir(join(this.dir, 'curves'), { recursive: true });
        const rel = `curves/${curves.runId}.json`;
        await this.write(join(this.dir, rel), encoded ?? JSON.stringify(curves), 'replace');
        summary.curves = rel;
      }
      this.put(summary);
      await this.appendNow([summary]);
    });
  }

  /** A run's summary changed after it ended (a search marks a finished run pruned). */
  updateRun(summary: RunSummary): Promise<void> {
    this.put(summary);
    return this.append([summary]);
  }

  /** Appends lines to another journal of the record (a search's trials.jsonl), in order with the other saves. */
  appendLines(name: string, entries: unknown[]): Promise<void> {
    let text = '';
    for (const e of entries) text += `${JSON.stringify(e)}\n`;
    return this.chain(() => this.write(join(this.dir, name), text, 'append'));
  }

  /**
   * Writes another file of the record (a search's search.json), in order with the other saves;
   * allowed after `end` too (an LR sweep's result lands last).
   */
  writeFile(name: string, content: string): Promise<void> {
    return this.chain(() => this.write(join(this.dir, name), content, 'replace'));
  }

  /**
   * Ends the record: final status, every run in the header, the journal folded in. `finalize`
   * may add to the record what is known only at the end (the doctor's diagnoses) before it is written.
   */
  async end(
    status: SessionEnd,
    message: string | null = null,
    finalize?: (record: RunRecord) => void,
  ): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    open.delete(this);
    this.settle(status, message);
    finalize?.(this.record);
    await this.chain(() => this.writeHeaderNow());
  }

  /**
   * Ends the record at once, without waiting for pending saves: for an uncaught exception or a
   * process that must exit now. Writes the header synchronously with every run known in memory.
   */
  endSync(status: SessionEnd, message: string | null): void {
    if (this.ended) return;
    this.ended = true;
    open.delete(this);
    this.settle(status, message);
    const path = join(this.dir, 'record.json');
    const tmp = `${path}.${process.pid}.sync.tmp`;
    writeFileSync(tmp, headerText(this.record));
    renameSync(tmp, path);
  }

  private settle(status: SessionEnd, message: string | null): void {
    this.state.status = status;
    this.state.message = message;
    this.state.finishedAt = new Date().toISOString();
    // Runs that never got to end keep a status that says so rather than a live one.
    for (const r of this.state.runs) {
      if (r.status === 'queued' || r.status === 'running') {
        r.message ??=
          status === 'failed' ? `not finished: ${message ?? 'the record failed'}` : 'not finished';
        r.status = status === 'failed' ? 'failed' : 'cancelled';
      }
    }
    this.ranked = false;
  }

  private put(summary: RunSummary): void {
    const i = this.index.get(summary.id);
    if (i === undefined) {
      this.index.set(summary.id, this.state.runs.length);
      this.state.runs.push(summary);
    } else this.state.runs[i] = summary;
    this.ranked = false;
  }

  private append(summaries: RunSummary[]): Promise<void> {
    return this.chain(() => this.appendNow(summaries));
  }

  private appendNow(summaries: RunSummary[]): Promise<void> {
    let text = '';
    for (const s of summaries) text += `${JSON.stringify(s)}\n`;
    return this.write(join(this.dir, JOURNAL_FILE), text, 'append');
  }

  private writeHeader(): Promise<void> {
    return this.chain(() => this.writeHeaderNow());
  }

  private writeHeaderNow(): Promise<void> {
    return this.write(join(this.dir, 'record.json'), headerText(this.record), 'replace');
  }

  private async write(path: string, text: string | Uint8Array, how: 'append' | 'replace'): Promise<void> {
    // Encoded once, here: counting the bytes of the string and then writing it would scan it twice
    // (a run's curves file is ~200 kB of digits; ~20 ms of the host's main thread per 64 runs).
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    this.stats.writes++;
    this.stats.bytes += bytes.length;
    if (how === 'append') await fs.appendFile(path, bytes);
    else await writeFileAtomic(path, bytes);
  }

  private chain(step: () => Promise<void>): Promise<void> {
    const next = this.writing.then(step);
    // A failed save must not stop later ones (the final status still has to land).
    this.writing = next.catch(() => undefined);
    return next;
  }
}

/**
 * Ends every session still open in this process, synchronously: the last thing an uncaught
 * exception handler or a forced exit does, so no record it was writing stays `running`.
 */
export function endOpenSessionsSync(status: SessionEnd, message: string): void {
  for (const s of [...open]) {
    try {
      s.endSync(status, message);
    } catch {
      // Nothing more can be done for this record while the process goes down.
    }
  }
}

function ownerNow(): NonNullable<RunRecord['owner']> {
  const procStart = processStartOf(process.pid);
  return {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    ...(procStart !== null ? { procStart } : {}),
  };
}

function headerText(record: RunRecord): string {
  return `${JSON.stringify(record, null, 1)}\n`;
}
