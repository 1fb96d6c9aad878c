import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { webviewHtml } from '../../src/extension/webviewHtml';
import { CHROMIUM } from '../helpers/debianPackage';

/** A made-up origin the page is served from; every request to it is answered from dist/, none leaves. */
const ORIGIN = 'https://webview.optimizer-lab.test';

export interface WebviewPage {
  browser: Browser;
  page: Page;
  /** Console errors and warnings, page errors, and any request that was not for the page's own files. */
  problems: string[];
  /** Messages the page posted to the (fake) host. */
  posted(): Promise<{ type: string; payload: unknown }[]>;
  /** Delivers a host message to the page, as VS Code does. */
  send(message: unknown): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens one of the panels' bundles (dist/<entry>.js + .css) in headless Chromium the way VS Code
 * shows it: the HTML from the extension's own builder with its CSP, and a fake acquireVsCodeApi
 * that records posts and keeps state. `state` is what getState returns at first.
 */
export async function openWebview(
  entry: 'lab' | 'runPanel' | 'surfaces',
  options: { state?: unknown; width?: number; height?: number; bodyClass?: string } = {},
): Promise<WebviewPage> {
  const script = resolve(`dist/${entry}.js`);
  if (!existsSync(script)) throw new Error(`${script} is missing: run \`npm run build\` first`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run'],
  });
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    // Chromium's hint about the tests' own pixel read-backs is not a problem of the page.
    if (m.text().includes('willReadFrequently')) return;
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  const html = webviewHtml({
    cspSource: ORIGIN,
    scriptUri: `${ORIGIN}/dist/${entry}.js`,
    styleUri: `${ORIGIN}/dist/${entry}.css`,
    title: entry,
    body: `<div id="app"></div>`,
  }).replace('<body>', `<body class="${options.bodyClass ?? 'vscode-light'}">`);
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url === `${ORIGIN}/index.html`) return route.fulfill({ contentType: 'text/html', body: html });
    const m = /^https:\/\/webview\.optimizer-lab\.test\/dist\/([A-Za-z]+\.(js|css))$/.exec(url);
    if (m) {
      return route.fulfill({
        contentType: m[2] === 'js' ? 'text/javascript' : 'text/css',
        body: readFileSync(resolve('dist', m[1]!)),
      });
    }
    problems.push(`request outside the webview: ${url}`);
    return route.abort();
  });
  // A string, not a function: tsx's name helpers would not exist inside the page.
  await page.addInitScript(`
    window.__posted = [];
    window.__state = ${JSON.stringify(options.state ?? null)};
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => window.__state,
      setState: (s) => { window.__state = s; },
    });
  `);
  await page.goto(`${ORIGIN}/index.html`);
  return {
    browser,
    page,
    problems,
    posted: () =>
      page.evaluate(() => (window as unknown as { __posted: { type: string; payload: unknown }[] }).__posted),
    send: (message) =>
      page.evaluate((m) => {
        window.postMessage(m, '*');
        return new Promise<void>((r) => setTimeout(r, 0));
      }, message),
    close: () => browser.close(),
  };
}
