// The data preview reached as a user reaches it from the files: right-click a CSV in the Explorer,
// Preview Data, read the table's summary in the webview, choose a target, and start a New
// Experiment from the preview's button with that target carried into the experiment file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SHOTS, copySamples, endSession, startSession, type WorkbenchSession } from './session';
import { contextMenu, newExperimentFromPreview, webviewWith } from './workbench';
import { skipWithout } from '../helpers/debianPackage';

// Without Debian's Chromium the suite skips with one line (under CI it fails instead).
describe('Data preview from the Explorer', { timeout: 10 * 60_000, skip: skipWithout('chromium') }, () => {
  let session: WorkbenchSession | undefined;
  let ws = '';
  let page: Page;

  before(async () => {
    session = await startSession('optlab-e2e-preview-', copySamples);
    ({ ws, page } = session);
  });

  after(() => endSession(session, 'preview-explorer-last.png'));

  test('right-click a CSV, Preview Data: the preview shows it, and its New Experiment carries the target', async () => {
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: /^wine\.csv$/ }).first();
    // Right after the workbench opens, the Explorer's menu may not list the extension's items yet
    // (its contributions are still being registered): the menu is closed and opened again.
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        await contextMenu(page, row, 'Preview Data');
        break;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await page.keyboard.press('Escape');
      }
    }
    const preview = await webviewWith(page, '#new-experiment');
    // Every column of wine.csv with its type, a histogram per numeric column.
    await preview.locator('tr[data-column="proline"]').waitFor({ timeout: 30_000 });
    assert.equal(await preview.locator('.columns tbody tr').count(), 14);
    assert.ok((await preview.locator('svg.histogram').count()) >= 13);
    await preview.locator('#target').selectOption('class');
    await preview
      .locator('#balance', { hasText: /multiclass target, 3 classes/ })
      .waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS, 'preview-explorer.png') });
    // The target is carried: the first question is the model, for the multiclass target "class".
    await newExperimentFromPreview(page, preview, {
      targetKind: 'multiclass',
      target: 'class',
      model: 'softmax',
      file: 'wine.optlab.json',
    });
    const written = JSON.parse(readFileSync(join(ws, 'wine.optlab.json'), 'utf8'));
    assert.equal(written.data.path, 'wine.csv');
    assert.equal(written.data.target, 'class');
    assert.deepEqual(written.model, { type: 'softmax' });
  });
});
