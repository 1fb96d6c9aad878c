// The one shape of a failed --json command: {"error": {kind, message, ...where}} on stdout.
import { isUserError, DataError, ExperimentError } from '../engine/errors';

/** What `--json` prints for an error: `{"error": {kind, message, ...where}}`. */
export function errorJson(e: unknown): { error: Record<string, unknown> } {
  if (e instanceof DataError) return { error: { kind: 'data', ...e.toJSON() } };
  if (e instanceof ExperimentError) {
    const first = e.issues[0];
    return {
      error: {
        kind: 'experiment',
        file: e.file,
        line: first?.line ?? null,
        column: first?.column ?? null,
        message: first ? `${first.path || '(root)'}: ${first.message}` : e.message,
        issues: e.issues.map((i) => ({
          path: i.path,
          message: i.message,
          line: i.line ?? null,
          column: i.column ?? null,
        })),
      },
    };
  }
  if (isUserError(e)) return { error: { kind: 'user', message: e.message } };
  return { error: { kind: 'internal', message: (e as Error)?.message ?? String(e) } };
}
