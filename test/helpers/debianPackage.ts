// Which Debian packages a test needs, and how it skips without them: on a bare machine (Node and
// npm only) a test that needs one skips with a single line naming the package and its install
// command; under CI (the CI variable set) a missing package is an error, never a silent skip.
// OPTIMIZER_LAB_PRETEND_MISSING=python3-torch,chromium makes the probes report those packages as
// missing, so a developer can see what a bare machine runs without uninstalling anything.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The Python every test runs: Debian's, where apt installs torch, optuna and nbconvert. */
export const PYTHON = '/usr/bin/python3';
/** Debian's Chromium, which the browser tests and the e2e suite drive. */
export const CHROMIUM = '/usr/bin/chromium';

/** Each package the tests may need, with how to tell it is installed. */
const PROBES = {
  python3: () => existsSync(PYTHON),
  chromium: () => existsSync(CHROMIUM),
  'python3-torch': () => pythonImports('torch', 'numpy'),
  'python3-optuna': () => pythonImports('optuna'),
  'python3-nbconvert': () => pythonImports('nbconvert', 'ipykernel') && existsSync('/usr/bin/jupyter'),
  'python3-matplotlib': () => pythonImports('matplotlib'),
} satisfies Record<string, () => boolean>;

export type DebianPackage = keyof typeof PROBES;

const PRETEND = 'OPTIMIZER_LAB_PRETEND_MISSING';

/** The packages OPTIMIZER_LAB_PRETEND_MISSING names; a name without a probe is an error, not ignored. */
function pretendMissing(): Set<string> {
  const names = (process.env[PRETEND] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(n in PROBES));
  if (unknown.length > 0) {
    throw new Error(
      `${PRETEND} names ${unknown.join(', ')}; the packages tests can need are ${Object.keys(PROBES).join(', ')}`,
    );
  }
  return new Set(names);
}

function pythonImports(...modules: string[]): boolean {
  if (!existsSync(PYTHON)) return false;
  const r = spawnSync(PYTHON, ['-c', modules.map((m) => `import ${m}`).join('; ')], { stdio: 'ignore' });
  return r.status === 0;
}

const known = new Map<DebianPackage, boolean>();

/** True when `pkg` is installed (probed once per process). */
export function hasDebianPackage(pkg: DebianPackage): boolean {
  let ok = known.get(pkg);
  if (ok === undefined) {
    ok = !pretendMissing().has(pkg) && PROBES[pkg]();
    known.set(pkg, ok);
  }
  return ok;
}

/**
 * The `skip` option for node:test: false when every package is installed; otherwise one line naming
 * the missing packages and the install command. Under CI a missing package throws instead, so the
 * file fails loudly rather than passing on skipped tests.
 */
export function skipWithout(...pkgs: DebianPackage[]): string | false {
  const missing = pkgs.filter((p) => !hasDebianPackage(p));
  if (missing.length === 0) return false;
  const line = `needs Debian's ${missing.join(', ')} (apt-get install ${missing.join(' ')})`;
  if (process.env['CI']) throw new Error(`CI is set but a test ${line}`);
  return line;
}
