import { promises as fs } from 'node:fs';
import { join, resolve, relative, isAbsolute } from 'node:path';
import { ConfigError } from '../errors';
import { writeFileAtomic } from './atomicWrite';
import { recordSchema, curvesFileSchema, type RunRecord, type CurvesFile } from '../../protocol/record';

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

/** Writes `record.json` of a record folder atomically. */
export async function writeRecord(dir: string, record: RunRecord): Promise<void> {
  await writeFileAtomic(join(dir, 'record.json'), `${JSON.stringify(record, null, 1)}\n`);
}

/** Writes one run's curves file atomically; returns its path relative to the record folder. */
export async function writeCurves(dir: string, curves: CurvesFile): Promise<string> {
  const rel = `curves/${curves.runId}.json`;
  await fs.mkdir(join(dir, 'curves'), { recursive: true });
  await writeFileAtomic(join(dir, rel), JSON.stringify(curves));
  return rel;
}

/** A record folder that could be read, or why it could not. */
export type RecordEntry =
  { ok: true; dir: string; record: RunRecord } | { ok: false; dir: string; error: string };

/** Reads and validates a record folder's `record.json`; a corrupt one is an error value, not a throw. */
export async function readRecord(dir: string): Promise<RecordEntry> {
  let text: string;
  try {
    text = await fs.readFile(join(dir, 'record.json'), 'utf8');
  } catch (e) {
    return { ok: false, dir, error: `record.json cannot be read: ${(e as NodeJS.ErrnoException).code ?? e}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      dir,
      error: `record.json is not valid JSON (half-written or corrupt): ${(e as Error).message}`,
    };
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
  return { ok: true, dir, record: parsed.data };
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
