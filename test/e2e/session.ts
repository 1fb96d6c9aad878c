// One e2e suite's workbench from start to end: a throwaway folder, the packaged .vsix installed in
// code-server on a workspace there, Chromium on the workbench; and the teardown that keeps a last
// screenshot before closing all of it. Every suite's before/after hooks call these two.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ROOT, packageVsix, startCodeServer, type RunningServer } from './codeServer';
import { launchBrowser, openWorkbench } from './workbench';

/** Where every suite's screenshots go (test-results/ is git-ignored). */
export const SHOTS = join(ROOT, 'test-results', 'e2e');

/** An e2e suite's progress lines, as TAP comments. */
export const log = (s: string): void => console.log(`# ${s}`);

export interface WorkbenchSession {
  /** The throwaway folder holding the workspace, the .vsix and code-server's profile. */
  tmp: string;
  /** The workspace folder code-server opened. */
  ws: string;
  server: RunningServer;
  browser: Browser;
  page: Page;
}

/** A copy of the bundled samples (without records) as the workspace `samples/` in `tmp`. */
export function copySamples(tmp: string): string {
  const ws = join(tmp, 'samples');
  cpSync(join(ROOT, 'samples'), ws, { recursive: true, filter: (p) => !p.includes('.optimizer-lab') });
  return ws;
}

/**
 * Makes a throwaway folder (`prefix` + random), lets `workspace` fill the workspace in it, then
 * packages the extension, starts code-server on the workspace with `server` options, and opens
 * the workbench in Chromium.
 */
export async function startSession(
  prefix: string,
  workspace: (tmp: string) => string,
  server: Omit<Parameters<typeof startCodeServer>[2], 'log'> = {},
): Promise<WorkbenchSession> {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(SHOTS, { recursive: true });
  const ws = workspace(tmp);
  const started = Date.now();
  const vsix = packageVsix(tmp, log);
  log(`packaged ${vsix} in ${Date.now() - started} ms`);
  const running = await startCodeServer(vsix, ws, { ...server, log });
  log(`code-server at ${running.url}`);
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const page = await openWorkbench(browser, running.url, ws);
    return { tmp, ws, server: running, browser, page };
  } catch (err) {
    // The suite's after hook gets no session: close here what was started.
    await browser?.close().catch(() => {});
    await running.stop();
    throw err;
  }
}

/** Keeps a screenshot of the last state (`shot` in SHOTS), then closes the browser, code-server and the folder. */
export async function endSession(s: WorkbenchSession | undefined, shot: string): Promise<void> {
  if (!s) return;
  if (!s.page.isClosed()) await s.page.screenshot({ path: join(SHOTS, shot) }).catch(() => {});
  await s.browser.close().catch(() => {});
  await s.server.stop();
  rmSync(s.tmp, { recursive: true, force: true });
}
