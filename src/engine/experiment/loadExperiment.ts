// loadExperiment: Reads, validates and resolves an experiment file, and checks that its data file exists,
// so a wrong path is reported at `data.path` in the experiment file rather than later by the data loader.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { experimentFileSchema, type ResolvedExperiment } from '../../protocol/experiment';
import { ExperimentError, type ExperimentIssue } from '../errors';
import { parseJsonDocument } from './jsonDocument';
import { formatPath } from './jsonPath';
import { readableIssues } from './issueMessages';
import { limitIssues } from './limits';
import { resolveExperiment } from './resolveExperiment';

/** The conventional suffix of experiment files; the default experiment name is the file name without it. */
export const EXPERIMENT_SUFFIX = '.optlab.json';

/** `demo.optlab.json` → `demo`; any other file name loses only its extension. */
export function experimentNameOf(file: string): string {
  const base = basename(file);
  if (base.endsWith(EXPERIMENT_SUFFIX)) return base.slice(0, -EXPERIMENT_SUFFIX.length);
  return base.replace(/\.json$/, '');
}

/**
 * Validates the text of an experiment file and fills every default. Throws an ExperimentError that
 * lists every problem, each with its JSON path and 1-based line and column in `text`. `displayName`
 * names the file in messages and gives the default experiment name; relative data paths resolve
 * against `baseDir`. Reads nothing from disk.
 */
export function parseExperimentText(text: string, displayName: string, baseDir: string): ResolvedExperiment {
  const doc = parseJsonDocument(text);
  if (doc.issues.length > 0) throw new ExperimentError(displayName, doc.issues);
  const result = experimentFileSchema.safeParse(doc.value);
  if (!result.success) {
    const issues: ExperimentIssue[] = readableIssues(
      result.error.issues,
      doc.value,
      experimentFileSchema,
    ).map((i) => ({ path: formatPath(i.path), message: i.message, ...doc.locate(i.path, i.onKey) }));
    throw new ExperimentError(displayName, dedupe(issues).sort(byPosition));
  }
  const resolved = resolveExperiment(result.data, { name: experimentNameOf(displayName), baseDir });
  // What is too big for the engine whatever the data holds is an invalid file, located like the rest.
  const limits = limitIssues(resolved);
  if (limits.length > 0) {
    throw new ExperimentError(
      displayName,
      limits.map((i) => ({ path: formatPath(i.path), message: i.message, ...doc.locate(i.path, true) })),
    );
  }
  return resolved;
}

/** File order reads best in a terminal; issues without a position (none here, in practice) go first. */
function byPosition(a: ExperimentIssue, b: ExperimentIssue): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

/** A refinement and a field check can word the same finding identically; say it once. */
function dedupe(issues: ExperimentIssue[]): ExperimentIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Reads, validates and resolves an experiment file, and checks that its data file exists, so a wrong
 * path is reported at `data.path` in the experiment file rather than later by the data loader.
 * `path` may be relative to `cwd`; messages name the file as given.
 */
export function loadExperiment(path: string, cwd = process.cwd()): ResolvedExperiment {
  const absolute = resolve(cwd, path);
  let text: string;
  try {
    // Editors on Windows may save a byte-order mark, which is not JSON.
    text = readFileSync(absolute, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message;
    throw new ExperimentError(path, [{ path: '', message: `cannot read the experiment file: ${reason}` }]);
  }
  const experiment = parseExperimentText(text, path, dirname(absolute));
  if (experiment.kind === 'data' && experiment.data !== null) {
    const dataPath = experiment.data.path;
    const problem = !existsSync(dataPath)
      ? `data file not found: ${dataPath}`
      : statSync(dataPath).isDirectory()
        ? `expected a data file, got a folder: ${dataPath}`
        : null;
    if (problem !== null) {
      const where = parseJsonDocument(text).locate(['data', 'path']);
      throw new ExperimentError(path, [{ path: 'data.path', message: problem, ...where }]);
    }
  }
  return experiment;
}
