// Drives the VS Code workbench in code-server as a user would, with playwright-core and Debian's
// chromium: the command palette, notifications, and the extension's webviews (two nested iframes
// each, found by what their page contains).
import { chromium, type Browser, type Frame, type Locator, type Page } from 'playwright-core';
import { CHROMIUM } from '../helpers/debianPackage';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

/** Opens the workbench on a folder and waits until it is interactive. */
export async function openWorkbench(browser: Browser, url: string, folder: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  // The explorer appears once the folder is loaded; commands of the extension need activation.
  await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
  return page;
}

/**
 * Runs a command by its palette title (e.g. "Optimizer Lab: Run Experiment"). Right after a window
 * or an editor opens, the palette can miss commands still being registered, so it is reopened
 * until the command is listed; it is reopened too when it closes under the test's hands (the
 * palette closes when focus moves, e.g. to a panel or view that a previous step opened).
 */
export async function runCommand(page: Page, title: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator('.quick-input-widget input');
  const ok = (p: Promise<unknown>): Promise<boolean> =>
    p.then(
      () => true,
      () => false,
    );
  for (;;) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    if (await ok(input.fill(`>${title}`, { timeout: 5000 }))) {
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
      if ((await ok(row.waitFor({ timeout: 5000 }))) && (await ok(row.click({ timeout: 5000 })))) return;
    }
    if (Date.now() > deadline) throw new Error(`the command palette does not list "${title}"`);
  }
}

/** Picks the quick-pick row (of an open quick pick) whose text contains `text` (and not `unless`). */
export async function pickItem(page: Page, text: string | RegExp, unless?: string): Promise<void> {
  const row = page
    .locator('.quick-input-widget .quick-input-list .monaco-list-row', {
      hasText: text,
      ...(unless ? { hasNotText: unless } : {}),
    })
    .first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
}

/**
 * Chooses `label` from the context menu of `target`. The item is focused by hovering and chosen
 * with Enter (a mouse click right after the menu opens is sometimes ignored by the workbench); the
 * menu is opened again until it closes on the choice.
 */
export async function contextMenu(
  page: Page,
  target: Locator,
  label: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const menu = page.locator('.context-view .monaco-menu');
  for (;;) {
    await target.click({ button: 'right' });
    const item = page.locator('.context-view .action-item', { hasText: label }).first();
    await item.waitFor({ timeout: 10_000 });
    await item.hover();
    await page.keyboard.press('Enter');
    const closed = await menu.waitFor({ state: 'hidden', timeout: 3000 }).then(
      () => true,
      () => false,
    );
    if (closed) return;
    await page.keyboard.press('Escape');
    if (Date.now() > deadline) throw new Error(`the context menu item "${label}" cannot be chosen`);
  }
}

/** The text of the active editor as Monaco shows it (the visible lines). */
export async function editorText(page: Page): Promise<string> {
  const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
  await lines.waitFor({ timeout: 30_000 });
  // Monaco renders spaces as no-break spaces.
  return (await lines.innerText()).replace(/\u00a0/g, ' ');
}

/**
 * Opens a file of the workspace's top folder as a user would: by clicking it in the Explorer, or,
 * when the Explorer does not show it (another view holds the sidebar, or the row is scrolled out of
 * a long folder), through Quick Open. Repeated until its tab is active, since the tree may be
 * re-rendering under the click (a file was just added) or the file index not know it yet.
 */
export async function openFile(page: Page, name: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  const tab = page.locator('.tab.active', { hasText: name });
  const input = page.locator('.quick-input-widget input');
  for (;;) {
    const inExplorer = await row.waitFor({ timeout: 3000 }).then(
      () => true,
      () => false,
    );
    if (inExplorer) await row.click();
    else {
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      await input.waitFor();
      await input.fill(name);
      const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
      const listed = await pick.waitFor({ timeout: 5000 }).then(
        () => true,
        () => false,
      );
      if (listed) await pick.click();
    }
    const opened = await tab.waitFor({ timeout: 5000 }).then(
      () => true,
      () => false,
    );
    if (opened) return;
    if (Date.now() > deadline) throw new Error(`${name} does not open from the Explorer or Quick Open`);
  }
}

/** The inner frame of the webview whose page has `selector`, waiting for it to appear. */
export async function webviewWith(page: Page, selector: string, timeoutMs = 60_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame.isDetached()) continue;
      const n = await frame
        .locator(selector)
        .count()
        .catch(() => 0);
      if (n > 0) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no webview shows ${selector}`);
    await page.waitForTimeout(250);
  }
}

/** Waits until `text` appears in a notification toast and returns the toast's whole text. */
export async function notification(page: Page, text: string | RegExp, timeoutMs = 120_000): Promise<string> {
  const toast = page.locator('.notification-toast', { hasText: text }).first();
  await toast.waitFor({ timeout: timeoutMs });
  return (await toast.innerText()).trim();
}

/**
 * Share of the canvas's pixels that differ from its most common colour: 0 for a blank canvas.
 * Read inside the webview with getImageData, so it sees what chart.js drew.
 */
export async function canvasInk(frame: Frame, selector: string): Promise<number> {
  return frame.locator(selector).evaluate((node) => {
    const canvas = node as HTMLCanvasElement;
    const ctx = canvas.getContext('2d');
    if (!ctx || canvas.width === 0 || canvas.height === 0) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const counts = new Map<number, number>();
    for (let i = 0; i < data.length; i += 4) {
      const key = (data[i]! << 24) | (data[i + 1]! << 16) | (data[i + 2]! << 8) | data[i + 3]!;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const background = Math.max(...counts.values());
    const total = data.length / 4;
    return (total - background) / total;
  });
}

/** Waits until the canvas has drawn ink (charts animate and draw after layout); returns the share. */
export async function waitForInk(frame: Frame, selector: string, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ink = await canvasInk(frame, selector);
    if (ink > 0.01 || Date.now() > deadline) return ink;
    await frame.page().waitForTimeout(250);
  }
}

/**
 * From a data preview whose target is chosen: its New Experiment button, then the model question,
 * which must name the carried target (`Model for binary target "diagnosis"`), the model picked,
 * and the next question's first answer accepted; resolves when `file` is the active editor tab.
 */
export async function newExperimentFromPreview(
  page: Page,
  preview: Frame,
  o: { targetKind: string; target: string; model: string; file: string },
): Promise<void> {
  await preview.locator('#new-experiment:not([disabled])').click();
  await page
    .locator(`.quick-input-widget input[placeholder='Model for ${o.targetKind} target "${o.target}"']`)
    .waitFor({ timeout: 30_000 });
  await pickItem(page, o.model);
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: o.file }).waitFor({ timeout: 30_000 });
}
