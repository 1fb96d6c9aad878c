// Paths written into exported files: relative to the folder the export is saved in, so the folder
// can move (or be copied to another machine) together with its data.
import { isAbsolute, relative, sep } from 'node:path';
import type { ExportRun } from './loadRun';

/**
 * `path` as generated code should name it: relative to the export's folder (with `/`, which
 * Python's pathlib reads on every platform) when the export knows where it is saved, else as
 * the record holds it.
 */
export function portablePath(r: Pick<ExportRun, 'outDir'>, path: string): string {
  if (r.outDir === null || !isAbsolute(path)) return path;
  const rel = relative(r.outDir, path);
  return rel.split(sep).join('/') || '.';
}
