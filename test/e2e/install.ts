// Installs code-server 4.100.3 (the last release on Node 20), which the end-to-end suite runs, into
// .cache/ (git-ignored), once, by the steps of docs/e2e.md: its own postinstall downloads from the
// internet and fails offline. The .vsix is packaged by `npm run package` with the pinned
// @vscode/vsce devDependency. The install is built in a `.partial` folder and renamed when
// complete, so an interrupted install is redone instead of being mistaken for a good one.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';

const ROOT = resolve(import.meta.dirname, '..', '..');
/** OPTIMIZER_LAB_E2E_CACHE moves the tool cache (e.g. to measure a cold install). */
export const CACHE = process.env['OPTIMIZER_LAB_E2E_CACHE'] ?? join(ROOT, '.cache');

function sh(cmd: string, args: string[], cwd: string): void {
  execFileSync(cmd, args, {
    cwd,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, npm_config_yes: 'true', npm_config_fund: 'false', npm_config_audit: 'false' },
  });
}

function link(target: string, path: string): void {
  rmSync(path, { force: true, recursive: true });
  symlinkSync(target, path);
}

/** Builds `folder` with `build(partialFolder)` unless it exists already; returns `folder`. */
function cached(folder: string, build: (dir: string) => void): string {
  if (existsSync(folder)) return folder;
  const partial = `${folder}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  writeFileSync(join(partial, 'package.json'), '{"private":true}\n');
  build(partial);
  renameSync(partial, folder);
  return folder;
}

/** The code-server entry script, installed on first use (about two minutes cold). */
export function ensureCodeServer(log: (s: string) => void = () => {}): string {
  const folder = join(CACHE, `code-server-${CODE_SERVER_VERSION}`);
  cached(folder, (dir) => {
    const started = Date.now();
    log(`installing code-server ${CODE_SERVER_VERSION} into ${folder} ...`);
    sh('npm', ['install', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`], dir);
    const pkg = join(dir, 'node_modules', 'code-server');
    const vscode = join(pkg, 'lib', 'vscode');
    sh('npm', ['install', '--omit=dev', '--ignore-scripts'], vscode);
    mkdirSync(join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin'), { recursive: true });
    link('/usr/bin/rg', join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'));
    // Native modules (node-pty, spdlog, ...) compiled against /usr's Node 20 headers.
    sh('npm', ['rebuild'], vscode);
    link('node_modules', join(vscode, 'node_modules.asar'));
    link('code-linux.sh', join(vscode, 'bin', 'remote-cli', 'code-server'));
    link('browser-linux.sh', join(vscode, 'bin', 'helpers', 'browser.sh'));
    sh('npm', ['install', '--omit=dev', '--ignore-scripts'], join(vscode, 'extensions'));
    sh('npm', ['rebuild', 'argon2'], dir);
    log(`code-server installed in ${Math.round((Date.now() - started) / 1000)} s`);
  });
  return join(folder, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const t = Date.now();
  ensureCodeServer(console.log);
  console.log(`code-server ready in ${Math.round((Date.now() - t) / 1000)} s`);
}
