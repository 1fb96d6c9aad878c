// userCodeLocation: Where a failed run of a user's PyTorch model crashed, from its message.
import { isAbsolute, resolve } from 'node:path';

/**
 * Where a failed run of a user's PyTorch model crashed, from its message: the runner starts it with
 * `path:line: ` (the path relative to the experiment's folder) when the traceback reached the
 * user's code. Null for any other failure.
 */
export function userCodeLocation(
  message: string | null,
  experimentFolder: string,
): { file: string; line: number; text: string; key: string } | null {
  const m = /^([^\n:]+\.py):(\d+): ([^\n]*)/.exec(message ?? '');
  if (!m) return null;
  const file = isAbsolute(m[1]!) ? m[1]! : resolve(experimentFolder, m[1]!);
  const line = Number(m[2]);
  return { file, line, text: m[3]!, key: `${file}:${line}` };
}
