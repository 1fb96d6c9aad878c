// PYTHON: Debian's interpreter with python3-torch, python3-numpy and python3-pandas (README set-up).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Debian's interpreter with python3-torch, python3-numpy and python3-pandas (README set-up). */
export const PYTHON = '/usr/bin/python3';

/** Versions of the baseline libraries, or why they cannot be used. */
export type PythonProbe =
  { ok: true; torch: string; numpy: string; pandas: string } | { ok: false; reason: string };

/**
 * bench/baselines/: beside this file when run from source, or ../bench/baselines from the bundled
 * CLI in dist/.
 */
export function baselineScript(name: string): string {
  const candidates = [join(__dirname, 'baselines', name), join(__dirname, '..', 'bench', 'baselines', name)];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`baseline script ${name} not found (looked in ${candidates.join(', ')})`);
  return found;
}

/**
 * The environment of a baseline process. OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, which this
 * workplace sets for old OpenBLAS builds, slow a current numpy: they are removed for the child
 * only (the kernel it then runs is reported by the numpy baseline). `singleThread` pins every
 * thread pool to one thread, for the one-thread figures.
 */
export function baselineEnv(singleThread: boolean): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['OPENBLAS_CORETYPE'];
  delete env['OPENBLAS_L2_SIZE'];
  if (singleThread) {
    env['OMP_NUM_THREADS'] = '1';
    env['OPENBLAS_NUM_THREADS'] = '1';
    env['MKL_NUM_THREADS'] = '1';
  }
  return env;
}

/** Whether the baselines can run here, with the versions they will report. */
export function probePython(): PythonProbe {
  if (!existsSync(PYTHON)) return { ok: false, reason: `${PYTHON} not found` };
  const r = spawnSync(
    PYTHON,
    [
      '-c',
      'import json, torch, numpy, pandas; print(json.dumps([torch.__version__, numpy.__version__, pandas.__version__]))',
    ],
    { encoding: 'utf8', env: baselineEnv(true), timeout: 60_000 },
  );
  if (r.status !== 0) {
    const last = (r.stderr || r.error?.message || '').trim().split('\n').pop() ?? '';
    return { ok: false, reason: `torch, numpy or pandas missing for ${PYTHON}: ${last}` };
  }
  const [torch, numpy, pandas] = JSON.parse(r.stdout.trim()) as [string, string, string];
  return { ok: true, torch, numpy, pandas };
}

/** Runs one baseline script with a JSON job and returns the JSON object on its last stdout line. */
export function runBaseline<T>(script: string, job: unknown, singleThread: boolean, timeoutMs = 600_000): T {
  const r = spawnSync(PYTHON, [baselineScript(script), JSON.stringify(job)], {
    encoding: 'utf8',
    env: baselineEnv(singleThread),
    timeout: timeoutMs,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0) {
    throw new Error(
      `${script} failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`,
    );
  }
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as T;
}
