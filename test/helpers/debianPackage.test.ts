// The skip helper itself: the line a bare machine prints, the error CI gets instead, and the
// OPTIMIZER_LAB_PRETEND_MISSING knob that simulates a bare machine (each case in a fresh process,
// since the probes are read once per process).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM } from './debianPackage';

const helper = pathToFileURL(join(import.meta.dirname, 'debianPackage.ts')).href;

/** What `skipWithout(...pkgs)` returns or throws in a process with `env`. */
function skipIn(env: Record<string, string>, ...pkgs: string[]): { out: string; err: string } {
  // tsx loads the helper as CommonJS here, so its exports are on the default export.
  const code = `const m = await import(${JSON.stringify(helper)}); const { skipWithout } = m.default ?? m;
try { console.log(JSON.stringify(skipWithout(...${JSON.stringify(pkgs)}))); }
catch (e) { console.error(e.message); process.exit(1); }`;
  const clean = { ...process.env };
  delete clean['CI'];
  delete clean['OPTIMIZER_LAB_PRETEND_MISSING'];
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    env: { ...clean, ...env },
    encoding: 'utf8',
  });
  return { out: r.stdout.trim(), err: r.stderr.trim() };
}

test('a missing package gives one skip line naming it and its apt-get install command', () => {
  const r = skipIn({ OPTIMIZER_LAB_PRETEND_MISSING: 'chromium, python3-torch' }, 'python3-torch', 'chromium');
  assert.equal(
    r.out,
    JSON.stringify("needs Debian's python3-torch, chromium (apt-get install python3-torch chromium)"),
  );
});

test('under CI a missing package is an error, not a skip', () => {
  const r = skipIn({ OPTIMIZER_LAB_PRETEND_MISSING: 'chromium', CI: '1' }, 'chromium');
  assert.equal(r.out, '');
  assert.match(r.err, /^CI is set but a test needs Debian's chromium \(apt-get install chromium\)$/);
});

test('OPTIMIZER_LAB_PRETEND_MISSING refuses a name that is not a package the tests know', () => {
  const r = skipIn({ OPTIMIZER_LAB_PRETEND_MISSING: 'chrome' }, 'chromium');
  assert.match(
    r.err,
    /^OPTIMIZER_LAB_PRETEND_MISSING names chrome; the packages tests can need are python3, chromium, /,
  );
});

test('packages the knob does not name are probed as usual', () => {
  // Chromium's probe is whether the file exists; pretending torch is missing leaves it alone.
  const r = skipIn({ OPTIMIZER_LAB_PRETEND_MISSING: 'python3-torch' }, 'chromium');
  assert.equal(
    r.out,
    JSON.stringify(existsSync(CHROMIUM) ? false : "needs Debian's chromium (apt-get install chromium)"),
  );
});
