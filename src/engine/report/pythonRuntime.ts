// One line naming the Python that ran a user model's runs (record.environment.python), for the
// report and `runs show`.
import type { RunRecord } from '../../protocol/record';

/** "Python 3.11.2 (/usr/bin/python3), torch 1.13.0, on cpu". */
export function pythonRuntimeText(p: NonNullable<RunRecord['environment']['python']>): string {
  return `Python ${p.version} (${p.executable}), torch ${p.torch}, on ${p.device}`;
}
