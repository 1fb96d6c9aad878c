// Packages the extension with `npm run package`, installs it into a fresh code-server profile and
// serves a workspace on 127.0.0.1 (the recipe: docs/e2e.md). Everything it starts is stopped by
// `stop()`, which is safe to call more than once.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureCodeServer } from './install';

export const ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * Builds the bundles and packages them into `<dir>/optimizer-lab-<version>.vsix` with the same
 * `npm run package` a user runs, so the suite tests the package a user installs.
 */
export function packageVsix(dir: string, log: (s: string) => void = () => {}): string {
  const { name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const out = join(dir, `${name}-${version}.vsix`);
  log(`npm run package -- --out ${out}`);
  execFileSync('npm', ['run', '--silent', 'package', '--', '--out', out], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return out;
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => (typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port'))));
    });
  });
}

export interface RunningServer {
  url: string;
  port: number;
  /** The server's output so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Installs the .vsix into a throwaway profile and starts code-server on `workspace`. */
export async function startCodeServer(
  vsix: string,
  workspace: string,
  o: {
    port?: number;
    log?: (s: string) => void;
    timeoutMs?: number;
    /**
     * Open the workspace with workspace trust on and the folder not trusted (Restricted Mode,
     * no startup prompt); by default trust is disabled and everything is trusted.
     */
    untrusted?: boolean;
    /** User keybindings (keybindings.json entries). */
    keybindings?: { key: string; command: string; when?: string }[];
  } = {},
): Promise<RunningServer> {
  const entry = ensureCodeServer(o.log);
  const home = mkdtempSync(join(tmpdir(), 'optlab-code-server-'));
  const userData = join(home, 'user-data');
  const extensions = join(home, 'extensions');
  const config = join(home, 'config');
  mkdirSync(config, { recursive: true });
  const env = { ...process.env, XDG_CONFIG_HOME: config, XDG_DATA_HOME: join(home, 'data') };
  const profile = ['--user-data-dir', userData, '--extensions-dir', extensions];
  // No welcome page over the editor area, no telemetry prompt.
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'telemetry.telemetryLevel': 'off',
      'workbench.tips.enabled': false,
      'git.openRepositoryInParentFolders': 'never',
      ...(o.untrusted ? { 'security.workspace.trust.startupPrompt': 'never' } : {}),
    }),
  );
  if (o.keybindings) {
    writeFileSync(join(userData, 'User', 'keybindings.json'), JSON.stringify(o.keybindings));
  }
  execFileSync(process.execPath, [entry, ...profile, '--install-extension', vsix], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 60_000,
  });
  const port = o.port ?? (await freePort());
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [
      entry,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      ...(o.untrusted ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      ...profile,
      workspace,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  // If this process dies without stop() (a CI timeout, Ctrl+C), take the server's group with it.
  const killGroup = (): void => {
    try {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    void stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('exit', killGroup);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.off('exit', killGroup);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise((ok) => child.once('exit', ok));
      // The server forks extension hosts and file watchers: signal its whole process group.
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(home, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (o.timeoutMs ?? 30_000);
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output}`);
      const ok = await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz in time:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, port, output: () => output, stop };
}
