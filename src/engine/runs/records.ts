// Records on disk (docs/records.md): the records folder, record ids and folders, reading a record merged
// with its runs journal, curves, deleting.
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { processStartOf } from './processStart';
import { join, resolve, relative, isAbsolute } from 'node:path';
import { ConfigError } from '../errors';
import { writeFileAtomic } from './atomicWrite';
import { updateVerdict } from '../verdict/recordVerdict';
import {
  recordSchema,
  curvesFileSchema,
  runSummarySchema,
  type RunRecord,
  type RunSummary,
  type CurvesFile,
} from '../../protocol/record';

/** Folder name of the records beside an experiment file or at a workspace root. */
export const RECORDS_FOLDER = '.optimizer-lab';

/** A record folder name: sortable time, then the experiment's name made path-safe. */
export function recordId(name: string, at: Date): string {
  const stamp = at.toISOString().replace(/[:.]/g, '-').replace('T', '_').replace('Z', '');
  const slug =
    name
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'experiment';
  return `${stamp}_${slug}`;
}

/** Writes `record.json` of a record folder atomically (a whole record, no journal). */
export async function writeRecord(dir: string, record: RunRecord): Promise<void> {
  await writeFileAtomic(join(dir, 'record.json'), `${JSON.stringify(record, null, 1)}\n`);
}

/** The journal of a record folder: one run summary a line, appended as runs end. */
export const JOURNAL_FILE = 'runs.jsonl';

/**
 * Creates a record folder no other run shares: the leaf is created exclusively (fail if it
 * exists), and a taken name gets a numeric suffix (`<id>-2`, `<id>-3`, ...), so two runs of
 * same-named experiments started in the same millisecond, even in two processes, get two folders.
 */
export async function createRecordFolder(root: string, id: string): Promise<{ dir: string; id: string }> {
  await fs.mkdir(root, { recursive: true });
  for (let k = 1; k <= 10_000; k++) {
    const name = k === 1 ? id : `${id}-${k}`;
    try {
      await fs.mkdir(join(root, name));
      return { dir: join(root, name), id: name };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  throw new ConfigError(
    `cannot create a record folder for "${id}" in ${root}: 10000 folders of that name exist`,
  );
}

/** True when a process of this id runs on this machine (signal 0 checks without sending). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the record's writer still runs: its pid is alive and, where known, started when it did. */
function writerAlive(o: NonNullable<RunRecord['owner']>): boolean {
  if (o.pid === process.pid) return true;
  if (!processAlive(o.pid)) return false;
  // The pid is taken, but maybe by a newer process: compare start times where both are known.
  const start = o.procStart === undefined ? null : processStartOf(o.pid);
  return start === null || start === o.procStart;
}

/**
 * A `running` record whose writer is gone (killed with kill -9, crashed, its window closed)
 * reads as `interrupted`. Only a writer on this machine can be checked; a record written
 * elsewhere stays as it says (see runningElsewhere).
 */
export function withLiveness(record: RunRecord): RunRecord {
  const o = record.owner;
  if (record.status !== 'running' || !o || o.host !== hostname()) return record;
  if (writerAlive(o)) return record;
  return { ...record, status: 'interrupted' };
}

/**
 * The host of a `running` record written on another machine (a shared or synced folder), whose
 * writer cannot be checked from here; null for any other record. Shown as "running on HOST
 * (cannot check)" rather than claimed alive or interrupted.
 */
export function runningElsewhere(record: RunRecord): string | null {
  const o = record.owner;
  return record.status === 'running' && o && o.host !== hostname() ? o.host : null;
}

/** A record's status as a person reads it: `running on HOST (cannot check)` for another machine's. */
export function statusText(record: RunRecord): string {
  const host = runningElsewhere(record);
  return host === null ? record.status : `running on ${host} (cannot check)`;
}

/** Merges the journal's lines into the header's runs: a later line for a run replaces it. */
function mergeJournal(record: RunRecord, journal: string): void {
  if (!journal) return;
  const index = new Map(record.runs.map((r, i) => [r.id, i]));
  for (const line of journal.split('\n')) {
    if (!line.trim()) continue;
    let summary: RunSummary;
    try {
      const parsed = runSummarySchema.safeParse(JSON.parse(line));
      // A line torn by a killed writer (the last one) or foreign text is skipped, not fatal.
      if (!parsed.success) continue;
      summary = parsed.data;
    } catch {
      continue;
    }
    const i = index.get(summary.id);
    if (i === undefined) {
      index.set(summary.id, record.runs.length);
      record.runs.push(summary);
    } else record.runs[i] = summary;
  }
  updateVerdict(record);
}

/** A record folder that could be read, or why it could not. */
export type RecordEntry =
  | { ok: true; dir: string; record: RunRecord }
  /** `pending`: the folder has no record.json yet (a run is creating it) or any more (being deleted). */
  | { ok: false; dir: string; error: string; pending?: boolean };

/**
 * Reads and validates a record folder: `record.json` merged with the runs journaled since it was
 * written, and `interrupted` when its writer is gone. A corrupt one is an error value, not a throw;
 * its raw bytes are never quoted.
 */
export async function readRecord(dir: string): Promise<RecordEntry> {
  let text: string;
  try {
    text = await fs.readFile(join(dir, 'record.json'), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, dir, error: `record.json cannot be read: ${code ?? e}`, pending: code === 'ENOENT' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the bytes it met; a corrupt file's bytes are not echoed.
    return { ok: false, dir, error: 'record.json is not valid JSON (half-written or corrupt)' };
  }
  const parsed = recordSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    return {
      ok: false,
      dir,
      error: `record.json does not match the record format: ${first.path.join('.')}: ${first.message}`,
    };
  }
  const record = parsed.data;
  // A record that ended has every run in its header, newer than any journal line (the doctor's
  // diagnoses are added at the end); only a record still running (or left running by a writer that
  // died) needs the runs journaled since its header was written.
  if (record.status === 'running') {
    const journal = await fs.readFile(join(dir, JOURNAL_FILE), 'utf8').catch(() => '');
    mergeJournal(record, journal);
  }
  return { ok: true, dir, record: withLiveness(record) };
}

/**
 * Lists the records under `root`, newest first. Folders that are not readable records are
 * returned as errors so a caller can report and skip them; a missing root is an empty list.
 */
export async function listRecords(root: string): Promise<RecordEntry[]> {
  let names: string[];
  try {
    names = await fs.readdir(root);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const dirs: string[] = [];
  for (const n of names.sort().reverse()) {
    if (n.startsWith('.')) continue;
    const stat = await fs.stat(join(root, n)).catch(() => null);
    if (stat?.isDirectory()) dirs.push(join(root, n));
  }
  return Promise.all(dirs.map(readRecord));
}

/** Reads one run's curves file; null when it is missing or corrupt. */
export async function readCurves(dir: string, rel: string): Promise<CurvesFile | null> {
  try {
    const parsed = curvesFileSchema.safeParse(JSON.parse(await fs.readFile(join(dir, rel), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Finds a record by id (or an unambiguous prefix of it) under `root`, or by its folder path. */
export async function findRecord(root: string, idOrPath: string): Promise<string> {
  const direct = resolve(idOrPath);
  if ((await fs.stat(join(direct, 'record.json')).catch(() => null))?.isFile()) return direct;
  const names = await fs.readdir(root).catch(() => [] as string[]);
  const matches = names.filter((n) => n === idOrPath || n.startsWith(idOrPath));
  const exact = matches.find((n) => n === idOrPath);
  if (exact) return join(root, exact);
  if (matches.length === 1) return join(root, matches[0]!);
  if (matches.length === 0) throw new ConfigError(`no record "${idOrPath}" in ${root}`);
  throw new ConfigError(`"${idOrPath}" matches ${matches.length} records: ${matches.slice(0, 5).join(', ')}`);
}

/** Deletes a record folder, refusing anything that is not a record folder directly under `root`. */
export async function deleteRecord(root: string, dir: string): Promise<void> {
  const rel = relative(resolve(root), resolve(dir));
  if (!rel || rel.startsWith('..') || isAbsolute(rel) || rel.includes('/') || rel.includes('\\')) {
    throw new ConfigError(`${dir} is not a record folder inside ${root}`);
  }
  await fs.rm(resolve(dir), { recursive: true, force: true });
}
