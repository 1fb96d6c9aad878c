// The Run panel and the lab's charts in a real VS Code (code-server + Chromium), as a new user
// meets them: a run started from an untouched Run panel on a file with missing values, then the
// lab's charts: an x zoom on one chart followed by the others, the results filter hiding curves,
// and a chart saved as SVG through VS Code's save dialog. Run with
// `node --import tsx --test test/e2e/views.e2e.test.ts` (OPTIMIZER_LAB_E2E_CACHE as for the suite).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { XMLValidator } from 'fast-xml-parser';
import { listRecords } from '../../src/engine/runs/records';
import { skipWithout } from '../helpers/debianPackage';
import { ROOT } from './codeServer';
import { SHOTS, endSession, startSession, type WorkbenchSession } from './session';
import { notification, runCommand, waitForInk, webviewWith } from './workbench';

/** iris with a few cells left empty: New Experiment and the Run panel must drop those rows by default. */
function irisWithGaps(): string {
  const lines = readFileSync(join(ROOT, 'samples', 'iris.csv'), 'utf8')
    .trim()
    .split('\n');
  const blank = new Map([
    [10, 1],
    [55, 2],
    [101, 0],
    [140, 3],
  ]);
  return `${lines
    .map((line, i) => {
      const col = blank.get(i);
      if (col === undefined) return line;
      const cells = line.split(',');
      cells[col] = '';
      return cells.join(',');
    })
    .join('\n')}\n`;
}

describe(
  'The Run panel and the lab charts in code-server',
  { timeout: 10 * 60_000, skip: skipWithout('chromium') },
  () => {
    let session: WorkbenchSession | undefined;
    let ws = '';
    let page: Page;

    before(async () => {
      session = await startSession('optlab-e2e-views-', (tmp) => {
        const work = join(tmp, 'work');
        mkdirSync(work, { recursive: true });
        writeFileSync(join(work, 'iris-gaps.csv'), irisWithGaps());
        return work;
      });
      ({ ws, page } = session);
    });

    after(() => endSession(session, 'views-last.png'));

    test('an untouched Run panel runs a file with missing values: its defaults drop those rows', async () => {
      await runCommand(page, 'Optimizer Lab: Focus on Run View');
      const panel = await webviewWith(page, '#run-button');
      await panel.locator('h1', { hasText: 'Run an experiment' }).waitFor();
      // Nothing is flagged before the user did anything.
      assert.equal(await panel.locator('#form-issues li').count(), 0);
      const option = panel.locator('#data-file option', { hasText: 'iris-gaps.csv' }).first();
      await option.waitFor({ state: 'attached', timeout: 30_000 });
      await panel.locator('#data-file').selectOption((await option.getAttribute('value'))!);
      // The file's summary: rows, columns, and the missing values the defaults will handle.
      const summary = panel.locator('#file-summary summary');
      await summary.filter({ hasText: '150 rows' }).waitFor({ timeout: 30_000 });
      assert.match(await summary.innerText(), /4 missing values in 4 columns/);
      assert.equal(await panel.locator('#target').inputValue(), 'species');
      assert.equal(await panel.locator('#missing').inputValue(), 'drop');
      await page.screenshot({ path: join(SHOTS, 'run-panel-untouched.png') });
      await panel.locator('#run-button').click();
      await notification(page, /iris-gaps-lab done/, 240_000);
      const written = JSON.parse(readFileSync(join(ws, 'iris-gaps-lab.optlab.json'), 'utf8'));
      assert.equal(written.data.preprocessing.missing, 'drop');
      assert.equal(written.data.preprocessing.standardize, true);
      assert.deepEqual(written.objective, { metric: 'val_accuracy', use: 'best' });
      const records = (await listRecords(join(ws, '.optimizer-lab'))).flatMap((e) => (e.ok ? [e] : []));
      const rec = records.find((r) => r.record.name === 'iris-gaps-lab');
      assert.ok(rec, 'the run left a record');
      assert.ok(
        rec.record.runs.length === 9 && rec.record.runs.every((r) => r.status === 'done'),
        JSON.stringify(rec.record.runs.map((r) => [r.status, r.message])),
      );
    });

    test('the lab: zoom on one chart zooms the others, the filter hides curves, a chart saves as SVG', async () => {
      const lab = await webviewWith(page, '#results-table');
      await lab.locator('#lab-status', { hasText: 'done' }).waitFor({ timeout: 60_000 });
      assert.ok((await waitForInk(lab, 'canvas#loss-chart')) > 0.01, 'the loss chart is drawn');
      await runCommand(page, 'Notifications: Clear All Notifications');
      // Zoom: the wheel over the loss chart; the gradient-norm chart shows the same x range.
      const loss = lab.locator('canvas#loss-chart');
      await loss.scrollIntoViewIfNeeded();
      await loss.hover();
      await page.mouse.wheel(0, -400);
      await lab.waitForFunction(() => document.querySelector<HTMLElement>('#grad-chart')?.dataset['xRange']);
      const range = async (id: string) =>
        ((await lab.locator(`canvas#${id}`).getAttribute('data-x-range')) ?? '').split(',').map(Number);
      const [lo, hi] = await range('loss-chart');
      assert.ok(lo !== undefined && hi !== undefined && hi > lo, 'the loss chart is zoomed');
      for (const other of ['grad-chart', 'lr-chart']) {
        const [a, b] = await range(other);
        // The same range, up to the last bit of a scale's arithmetic.
        assert.ok(Math.abs(a! - lo) < 1e-9 && Math.abs(b! - hi) < 1e-9, `${other}: ${a},${b} vs ${lo},${hi}`);
      }
      await lab.locator('button[aria-label="Reset zoom (loss chart)"]').click();
      await lab.locator('canvas#grad-chart[data-x-range=""]').waitFor({ timeout: 10_000 });
      // The filter: only Adam's configuration keeps its curves.
      const drawn = () => lab.evaluate(() => document.documentElement.dataset['chartConfigs']);
      assert.equal(await drawn(), '3');
      await lab.locator('#results-filter').fill('Adam');
      await lab.waitForFunction(() => document.documentElement.dataset['chartConfigs'] === '1');
      assert.equal(await lab.locator('#results-table tbody tr.config').count(), 1);
      await page.locator('.part.editor').screenshot({ path: join(SHOTS, 'lab-filtered.png') });
      await lab.locator('#results-filter').fill('');
      await lab.waitForFunction(() => document.documentElement.dataset['chartConfigs'] === '3');
      // Save as SVG: VS Code's save dialog offers the record's folder; Enter accepts it.
      await lab.locator('button[aria-label="Save as SVG (loss chart)"]').click();
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: 30_000 });
      // The simple dialog shows the folder first and then fills in the file name: await the name.
      await page.waitForFunction(
        () =>
          document.querySelector<HTMLInputElement>('.quick-input-widget input')?.value.endsWith('-loss.svg'),
        undefined,
        { timeout: 30_000 },
      );
      await input.press('Enter');
      await lab.locator('#export-note', { hasText: /^saved .*-loss\.svg$/ }).waitFor({ timeout: 30_000 });
      const dir = (await listRecords(join(ws, '.optimizer-lab'))).find((e) => e.ok)!.dir;
      const file = readdirSync(dir).find((f) => f.endsWith('-loss.svg'));
      assert.ok(file && existsSync(join(dir, file)), `an SVG in ${dir}`);
      const svg = readFileSync(join(dir, file), 'utf8');
      assert.equal(XMLValidator.validate(svg), true);
      for (const name of ['SGD(lr=0.05) train', 'Adam(lr=0.01) val'])
        assert.ok(svg.includes(name), `${name} in the SVG`);
    });
  },
);
