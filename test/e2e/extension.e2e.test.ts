// The extension in a real VS Code (code-server 4.100.3, VS Code 1.100) driven through Chromium as a
// user: open the samples, run an experiment from the palette, read the lab panel (ranked table,
// chart pixels), export a PyTorch snippet, create an experiment from a data file through the
// Explorer's context menu, cancel a run, open the loss-surface explorer. Screenshots go to
// test-results/e2e/. Run with `npm run test:e2e`; the first run installs code-server into .cache/
// (one to three minutes, depending on the npm cache).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { RunRecord } from '../../src/protocol/record';
import { listRecords } from '../../src/engine/runs/records';
import { readSearchState } from '../../src/engine/search/searchState';
import { PYTHON, skipWithout } from '../helpers/debianPackage';
import { runCli } from '../../src/cli/main';
import { ROOT } from './codeServer';
import { SHOTS, copySamples, endSession, startSession, type WorkbenchSession } from './session';
import {
  contextMenu,
  editorText,
  notification,
  openFile,
  newExperimentFromPreview,
  pickItem,
  runCommand,
  waitForInk,
  webviewWith,
} from './workbench';

/** A copy of the samples the suite may write records into, plus a slow experiment to cancel. */
function workspace(dir: string): string {
  const ws = copySamples(dir);
  writeFileSync(
    join(ws, 'slow.optlab.json'),
    JSON.stringify({
      name: 'slow',
      description:
        'One-sample SGD for many epochs: long enough to cancel (2.6M steps, under the 3M a run may take).',
      data: { path: 'diabetes.csv', target: 'progression', preprocessing: { standardize_target: true } },
      model: { type: 'mlp', hidden: [64, 64] },
      training: { epochs: 6000, batch_size: 1, seeds: [0, 1] },
      optimizers: [
        { name: 'SGD', lr: 0.001 },
        { name: 'Adam', lr: 0.001 },
      ],
    }),
  );
  writeFileSync(
    join(ws, 'slow-search.optlab.json'),
    JSON.stringify({
      name: 'slow-search',
      description: 'A random search whose trials take about a second each: long enough to cancel and resume.',
      data: { path: 'diabetes.csv', target: 'progression', preprocessing: { standardize_target: true } },
      model: { type: 'mlp', hidden: [32] },
      training: { epochs: 600, batch_size: 1, seeds: [0] },
      optimizers: [{ name: 'SGD', lr: 0.001 }],
      search: {
        strategy: 'random',
        seed: 1,
        parameters: { lr: { type: 'loguniform', low: 0.0001, high: 0.01 } },
        budget: { trials: 5 },
      },
    }),
  );
  // Your own PyTorch model runs in Debian's Python, where torch is (PATH's python3 may lack it).
  mkdirSync(join(ws, '.vscode'), { recursive: true });
  writeFileSync(join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'optimizerLab.pythonPath': PYTHON }));
  return ws;
}

/**
 * The records the extension wrote into the workspace, read as the product reads them (header and
 * run journal merged); a folder whose record.json is not written yet is skipped, not an ENOENT.
 */
async function recordsOf(ws: string): Promise<{ dir: string; record: RunRecord }[]> {
  const entries = await listRecords(join(ws, '.optimizer-lab'));
  return entries.flatMap((e) => (e.ok ? [{ dir: e.dir, record: e.record }] : []));
}

/** Polls a condition on files the extension writes (no event reaches the test from disk) until it holds. */
async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  ms = 120_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    assert.ok(Date.now() < deadline, `${what} within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// Without Debian's Chromium the whole suite skips with one line (under CI it fails instead).
describe('Optimizer Lab in code-server', { timeout: 10 * 60_000, skip: skipWithout('chromium') }, () => {
  let session: WorkbenchSession | undefined;
  let ws = '';
  let page: Page;

  before(async () => {
    rmSync(SHOTS, { recursive: true, force: true });
    session = await startSession('optlab-e2e-', workspace);
    ({ ws, page } = session);
  });

  after(() => endSession(session, 'last.png'));

  test('runs an experiment from the palette and the lab panel fills with ranked runs and a drawn chart', async () => {
    await openFile(page, 'iris-optimizers.optlab.json');
    await runCommand(page, 'Optimizer Lab: Run Experiment');
    const lab = await webviewWith(page, '#results-table');
    await lab.locator('#lab-status', { hasText: 'done' }).waitFor({ timeout: 180_000 });
    const rows = await lab.locator('#results-table tbody tr.config').evaluateAll((trs) =>
      trs.map((tr) => ({
        rank: tr.querySelector('td')?.textContent?.replace(/[▸▾]/, '').trim() ?? '',
        label: tr.querySelector('td.label, td:nth-child(3)')?.textContent?.trim() ?? '',
        status: tr.getAttribute('data-status'),
      })),
    );
    // 7 optimizer configurations (× 3 seeds each), ranked 1.. by validation accuracy over seeds.
    assert.equal(rows.length, 7);
    assert.ok(
      rows.every((r) => r.status === 'done' || r.status === 'early-stopped'),
      JSON.stringify(rows),
    );
    assert.equal(rows[0]!.rank, '1');
    // Rank 1 expands to its seeds; the best run is its median seed.
    await lab.locator('#results-table tbody tr.config').first().locator('button.expand').click();
    const seeds = await lab.locator('#results-table tbody tr.seed').evaluateAll((trs) =>
      trs.map((tr) => ({
        run: tr.getAttribute('data-run'),
        best: tr.getAttribute('data-best') === 'true',
      })),
    );
    assert.equal(seeds.length, 3);
    const ink = await waitForInk(lab, 'canvas#loss-chart');
    assert.ok(ink > 0.01, `loss chart looks blank (${ink})`);
    await notification(page, /iris-optimizers done/);
    await runCommand(page, 'Notifications: Clear All Notifications');
    await page.screenshot({ path: join(SHOTS, 'lab.png') });
    // The editor area alone, for the README (test/e2e/readmeScreenshots.ts copies it to media/).
    await page.locator('.part.editor').screenshot({ path: join(SHOTS, 'lab-panel.png') });
    const [rec] = await recordsOf(ws);
    assert.equal(rec?.record.status, 'done');
    // The lab's best (rank 1, marked best) is the CLI's best of the same record.
    const best = seeds.filter((r) => r.best);
    assert.equal(best.length, 1, JSON.stringify(seeds));
    assert.equal(rows[0]!.label, rec!.record.configurations!.find((c) => c.rank === 1)?.label);
    let listed = '';
    const code = await runCli(['runs', 'list', '--dir', join(ws, '.optimizer-lab'), '--json'], {
      stdout: (t) => (listed += t),
      stderr: () => {},
      isTTY: false,
      cwd: ws,
      signal: new AbortController().signal,
    });
    assert.equal(code, 0);
    const entry = (JSON.parse(listed) as { id: string; best: string | null }[]).find(
      (x) => x.id === rec!.record.id,
    )!;
    assert.equal(entry.best?.split(' ')[0], best[0]!.run);
    assert.equal(rec?.record.best?.run, best[0]!.run);
  });

  test('runs a hyperparameter search from its CodeLens and the lab lists every trial run', async () => {
    await openFile(page, 'iris-search.optlab.json');
    const lens = page.locator('.codelens-decoration a', { hasText: 'Run Search' });
    await lens.waitFor({ timeout: 30_000 });
    await lens.click();
    await notification(page, /iris-search done/, 240_000);
    const search = (await recordsOf(ws)).find((r) => r.record.name === 'iris-search')!;
    const state = JSON.parse(readFileSync(join(search.dir, 'search.json'), 'utf8'));
    assert.equal(state.trials.length, 30);
    const lab = await webviewWith(page, '#results-table');
    await lab.locator('#lab-status', { hasText: 'done' }).waitFor({ timeout: 30_000 });
    const rows = await lab.locator('#results-table tbody tr.config').count();
    assert.equal(
      rows,
      new Set(search.record.runs.map((r) => r.configIndex)).size,
      'one row per trial (configuration)',
    );
    // The search views on a conditional space (momentum for SGD, betas.0 for Adam).
    const summary = await lab.locator('#search-summary').innerText();
    assert.match(
      summary,
      /^tpe search, 30 trials \(\d+ finished(, \d+ pruned)?\); best trial #\d+: (SGD|Adam), lr /,
    );
    // Numbers in three significant digits, not raw floats.
    for (const n of summary.match(/\d+\.\d+/g) ?? []) {
      assert.ok(n.replace('.', '').replace(/^0+/, '').length <= 3, `${n} in ${summary}`);
    }
    assert.equal(await lab.locator('#param-importance tbody tr').count(), 5);
    for (const chart of ['parallel-coordinates', 'scatter-chart', 'history-chart']) {
      assert.ok((await waitForInk(lab, `canvas#${chart}`)) > 0.01, `${chart} looks blank`);
    }
    const pc = lab.locator('#parallel-coordinates');
    assert.equal(await pc.getAttribute('data-selected'), '30');
    await lab.locator('#search-section').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'search.png') });
  });

  test('the lab and search views in light, dark and high-contrast themes (screenshots for docs/panels.md)', async () => {
    const lab = await webviewWith(page, '#search-section');
    await runCommand(page, 'Notifications: Clear All Notifications');
    const themes = [
      ['light', 'Default Light Modern', 'vscode-light'],
      ['dark', 'Default Dark Modern', 'vscode-dark'],
      ['high-contrast', 'Default High Contrast', 'vscode-high-contrast'],
    ] as const;
    // The workspace's own settings (the Python the own-model test needs) stay, and come back after.
    const settingsFile = join(ws, '.vscode', 'settings.json');
    const kept = readFileSync(settingsFile, 'utf8');
    for (const [name, theme, bodyClass] of themes) {
      writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(kept), 'workbench.colorTheme': theme }));
      // The webview's body takes the theme's class when VS Code has switched.
      await lab.locator(`body.${bodyClass}`).waitFor({ timeout: 30_000 });
      await lab.locator('#lab-header, header').first().scrollIntoViewIfNeeded();
      assert.ok((await waitForInk(lab, 'canvas#loss-chart')) > 0.01, `${name}: loss chart blank`);
      await page.locator('.part.editor').screenshot({ path: join(SHOTS, `theme-${name}-lab.png`) });
      await lab.locator('#search-section').scrollIntoViewIfNeeded();
      assert.ok((await waitForInk(lab, 'canvas#parallel-coordinates')) > 0.01, `${name}: search view blank`);
      await page.locator('.part.editor').screenshot({ path: join(SHOTS, `theme-${name}-search.png`) });
    }
    writeFileSync(settingsFile, kept);
  });

  test('exports the best configuration as a PyTorch snippet in an untitled editor', async () => {
    await runCommand(page, 'Optimizer Lab: Export Best Configuration');
    await pickItem(page, 'iris-optimizers');
    await pickItem(page, 'PyTorch', 'script');
    await pickItem(page, 'Open as Untitled Document');
    await page.locator('.tab.active', { hasText: 'Untitled' }).waitFor({ timeout: 30_000 });
    const code = await editorText(page);
    const best = (await recordsOf(ws))
      .find((r) => r.record.name === 'iris-optimizers')!
      .record.runs.find((r) => r.rank === 1)!;
    assert.match(code, /^import torch$/m);
    assert.ok(code.includes(`torch.optim.${best.config['name']}(`), code);
    assert.ok(code.includes(`lr=${best.config['lr']},`), code);
    await page.screenshot({ path: join(SHOTS, 'export.png') });
  });

  test('finds a learning rate, draws it against the lr in the lab, and Use This Rate writes it into the file', async () => {
    await openFile(page, 'iris-optimizers.optlab.json');
    await runCommand(page, 'Optimizer Lab: Find Learning Rate');
    await pickItem(page, 'optimizers[6]: Adam');
    const toast = page.locator('.notification-toast', { hasText: 'LR range test of Adam' }).first();
    await toast.waitFor({ timeout: 120_000 });
    const sweepButton = toast.locator('.monaco-button', { hasText: /^Use sweep lr / });
    const offered = Number((await sweepButton.innerText()).replace(/^Use sweep lr /, ''));
    assert.ok(offered >= 1e-5 && offered <= 10, `suggested lr ${offered}`);
    await toast.locator('.monaco-button', { hasText: /^Open in Lab$/ }).click();
    const lab = await webviewWith(page, '#lr-find-chart');
    const section = lab.locator('#lr-find-section');
    await section.waitFor({ state: 'visible', timeout: 30_000 });
    // The chart is against the learning rate: the range test's curve, the 13 sweep rates, the pick.
    assert.ok(Number(await section.getAttribute('data-points')) >= 10);
    assert.equal(await section.getAttribute('data-sweep'), '13');
    assert.equal(Number(await section.getAttribute('data-suggested')), offered);
    await page.screenshot({ path: join(SHOTS, 'lr-find.png') });
    await lab.locator('#use-lr').click();
    const file = join(ws, 'iris-optimizers.optlab.json');
    const written = () => JSON.parse(readFileSync(file, 'utf8')).optimizers[6].lr as number;
    await until(
      `the suggested lr ${offered} written into the file`,
      async () => written() === offered,
      15_000,
    );
    // The changed line is revealed and selected in the editor.
    await page
      .locator('.tab.active', { hasText: 'iris-optimizers.optlab.json' })
      .waitFor({ timeout: 15_000 });
  });

  test('creates an experiment from a data file through the explorer context menu', async () => {
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: /^wine\.csv$/ }).first();
    await contextMenu(page, row, 'New Experiment from Data File');
    await pickItem(page, 'class'); // the target: wine.csv's last column
    await pickItem(page, 'softmax');
    // The three preselected optimizers are accepted as they are.
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: 'wine.optlab.json' }).waitFor({ timeout: 30_000 });
    const text = readFileSync(join(ws, 'wine.optlab.json'), 'utf8');
    const written = JSON.parse(text);
    assert.equal(written.data.target, 'class');
    assert.deepEqual(written.model, { type: 'softmax' });
    assert.deepEqual(
      written.optimizers.map((o: { name: string }) => o.name),
      ['SGD', 'SGD', 'Adam'],
    );
  });

  test('previews a data file and starts an experiment from it with the chosen target', async () => {
    // From the palette, on the data file open in the editor (the command also sits in the
    // explorer's context menu and the editor title).
    await openFile(page, 'breast_cancer.csv');
    await runCommand(page, 'Optimizer Lab: Preview Data');
    const preview = await webviewWith(page, '#new-experiment');
    await preview.locator('tr[data-column="worst_radius"]').waitFor();
    await preview.locator('#target').selectOption('diagnosis');
    // The balance comes from the engine in the host: two classes with their counts.
    await preview.locator('#balance', { hasText: /binary target, 2 classes/ }).waitFor({ timeout: 30_000 });
    assert.equal(await preview.locator('.columns tbody tr').count(), 31);
    assert.ok((await preview.locator('svg.histogram').count()) >= 30);
    await page.screenshot({ path: join(SHOTS, 'preview.png') });
    // The target is carried: the first question is the model, for the binary target.
    await newExperimentFromPreview(page, preview, {
      targetKind: 'binary',
      target: 'diagnosis',
      model: 'logistic',
      file: 'breast_cancer.optlab.json',
    });
    const written = JSON.parse(readFileSync(join(ws, 'breast_cancer.optlab.json'), 'utf8'));
    assert.equal(written.data.target, 'diagnosis');
    assert.equal(written.data.path, 'breast_cancer.csv');
  });

  test('cancels a running experiment and keeps its record', async () => {
    await openFile(page, 'slow.optlab.json');
    await runCommand(page, 'Optimizer Lab: Run Experiment');
    const lab = await webviewWith(page, '#results-table');
    await lab.locator('#lab-status', { hasText: 'running' }).waitFor({ timeout: 60_000 });
    await runCommand(page, 'Optimizer Lab: Cancel');
    await notification(page, /slow cancelled/);
    await lab.locator('#lab-status', { hasText: 'cancelled' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS, 'cancelled.png') });
    const slow = (await recordsOf(ws)).find((r) => r.record.name === 'slow');
    assert.equal(slow?.record.status, 'cancelled');
    assert.ok(
      slow!.record.runs.every((r) => r.status === 'cancelled'),
      JSON.stringify(slow!.record.runs),
    );
  });

  test('cancels a search, then resumes it from the Runs view without redoing its finished trials', async () => {
    await openFile(page, 'slow-search.optlab.json');
    await runCommand(page, 'Optimizer Lab: Run Search');
    const stateOf = async () => {
      const rec = (await recordsOf(ws)).find((r) => r.record.name === 'slow-search');
      if (!rec) return null;
      // search.json merged with the trials journal, as the product reads it; null until written.
      return readSearchState(rec.dir).catch(() => null);
    };
    await until('a trial of the search finished', async () =>
      (await stateOf())?.trials.some((t) => t.status === 'done'),
    );
    await runCommand(page, 'Optimizer Lab: Cancel');
    await notification(page, /slow-search cancelled/);
    const before = (await stateOf())!;
    assert.equal(before.status, 'cancelled');
    const kept = before.trials.filter((t) => t.status === 'done');
    assert.ok(kept.length >= 1 && kept.length < 5, `${kept.length} trials finished before the cancel`);
    await runCommand(page, 'Notifications: Clear All Notifications');

    await runCommand(page, 'Optimizer Lab: Focus on Runs View');
    const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^Runs/ }) });
    const row = view.locator('.monaco-list-row', { hasText: /^slow-search/ }).first();
    await row.waitFor({ timeout: 30_000 });
    await contextMenu(page, row, 'Resume Search');
    await notification(page, /slow-search done/, 240_000);
    const after = (await stateOf())!;
    assert.equal(after.status, 'done');
    assert.equal(after.trials.length, 5);
    assert.ok(
      after.trials.every((t) => t.status === 'done'),
      JSON.stringify(after.trials.map((t) => t.status)),
    );
    for (const t of kept) {
      assert.equal(after.trials[t.index]!.value, t.value, `trial #${t.index} was kept, not run again`);
    }
    assert.equal(
      (await recordsOf(ws)).filter((r) => r.record.name === 'slow-search').length,
      1,
      'the same record',
    );
    await runCommand(page, 'Notifications: Clear All Notifications');
  });

  test('the Runs view lists records and runs with status icons, deletes a record, and shows one the CLI wrote', async () => {
    await runCommand(page, 'Optimizer Lab: Focus on Runs View');
    const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^Runs/ }) });
    const rows = view.locator('.monaco-list-row');
    const iris = rows.filter({ hasText: /^iris-optimizers\s*\d{4}-/ }).first();
    await iris.waitFor({ timeout: 30_000 });
    const slow = rows.filter({ hasText: /^slow\s*\d{4}-/ }).first();
    await slow.waitFor();
    assert.equal(
      await slow.locator('.codicon-circle-slash').count(),
      1,
      'a cancelled record has the cancelled icon',
    );
    await iris.locator('.monaco-tl-twistie').click();
    // Expanded: the record's runs, best first, with the done (or early-stopped) icon.
    const best = rows.filter({ hasText: /^#1 / }).first();
    await best.waitFor({ timeout: 30_000 });
    assert.equal(await best.locator('.codicon-pass, .codicon-debug-step-out').count(), 1);
    // Runs carry their configuration's rank (equal configurations share one), so other ranked runs follow.
    assert.ok((await rows.filter({ hasText: /^#\d+ / }).count()) > 1, 'other ranked runs follow');
    await page.screenshot({ path: join(SHOTS, 'runs-view.png') });
    const slowDir = (await recordsOf(ws)).find((r) => r.record.name === 'slow')!.dir;
    const confirm = page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Delete' });
    await contextMenu(page, slow, 'Delete Record');
    await confirm.waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(SHOTS, 'delete-dialog.png') });
    await confirm.click();
    // Deleted on disk, and gone from the view.
    await slow.waitFor({ state: 'detached', timeout: 30_000 });
    assert.ok(!(await recordsOf(ws)).some((r) => r.dir === slowDir));
    // A record written outside the extension (the CLI) appears through the file watcher.
    execFileSync(
      process.execPath,
      [join(ROOT, 'bin', 'optimizer-lab.js'), 'run', join(ws, 'saddle.optlab.json')],
      {
        stdio: 'ignore',
      },
    );
    await rows
      .filter({ hasText: /^saddle/ })
      .first()
      .waitFor({ timeout: 30_000 });
  });

  test('re-runs a run with edited hyperparameters, validated as they are typed', async () => {
    const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^Runs/ }) });
    const best = view.locator('.monaco-list-row', { hasText: /^#1 / }).first();
    await best.waitFor({ timeout: 30_000 });
    const input = page.locator('.quick-input-widget input');
    // A refresh of the Runs view (a record written by an earlier test) can close the context menu
    // before its item runs; choose it again until the input box is there.
    for (let attempt = 1; ; attempt++) {
      await contextMenu(page, best, 'Re-run with Edited Hyperparameters');
      const shown = await input.waitFor({ timeout: 10_000 }).then(
        () => true,
        () => false,
      );
      if (shown) break;
      if (attempt === 3) throw new Error('Re-run with Edited Hyperparameters never showed its input box');
    }
    assert.match(await input.inputValue(), /^\{"name":"\w+","lr":/);
    await input.fill('{"name":"SGD","lr":-1}');
    await page
      .locator('.quick-input-widget .quick-input-message', { hasText: 'Invalid learning rate: -1' })
      .waitFor({ timeout: 10_000 });
    await input.fill('{"name":"SGD","lr":0.2,"momentum":0.5}');
    await input.press('Enter');
    await notification(page, /iris-optimizers \(re-run\) done/);
    const copy = JSON.parse(readFileSync(join(ws, 'iris-optimizers-rerun.optlab.json'), 'utf8'));
    assert.equal(copy.optimizers.length, 1);
    assert.equal(copy.optimizers[0].lr, 0.2);
    assert.equal(copy.optimizers[0].momentum, 0.5);
    const rerun = (await recordsOf(ws)).find((r) => r.record.name === 'iris-optimizers (re-run)')!;
    assert.equal(rerun.record.runs.length, 3);
  });

  test('builds an experiment in the sidebar Run panel, runs it, and shows its runs live there', async () => {
    await runCommand(page, 'Optimizer Lab: Focus on Run View');
    const panel = await webviewWith(page, '#run-button');
    await panel
      .locator('#data-file option', { hasText: 'wine.csv' })
      .waitFor({ state: 'attached', timeout: 30_000 });
    const wine = await panel
      .locator('#data-file option', { hasText: 'wine.csv' })
      .first()
      .getAttribute('value');
    await panel.locator('#data-file').selectOption(wine!);
    // The host inspects the file: its columns become the target choices.
    await panel.locator('#target option[value="class"]').waitFor({ state: 'attached', timeout: 30_000 });
    await panel.locator('#target').selectOption('class');
    await panel.locator('#model').selectOption('softmax');
    await panel.locator('#epochs').fill('5');
    // A wrong value is refused as it is typed, in torch's words, and Run waits for a fix.
    const lr = panel.locator('#optimizers input[data-path$=".lr"]').first();
    await lr.fill('-1');
    await panel
      .locator('#form-issues', { hasText: 'Invalid learning rate: -1' })
      .waitFor({ timeout: 10_000 });
    assert.equal(await panel.locator('#run-button').isDisabled(), true);
    await lr.fill('0.05');
    await panel.locator('#form-issues li').first().waitFor({ state: 'detached', timeout: 10_000 });
    await panel.locator('#run-button').click();
    await notification(page, /wine-lab done/, 120_000);
    const written = JSON.parse(readFileSync(join(ws, 'wine-lab.optlab.json'), 'utf8'));
    assert.equal(written.data.path, 'wine.csv');
    assert.equal(written.data.target, 'class');
    assert.equal(written.training.epochs, 5);
    const rec = (await recordsOf(ws)).find((r) => r.record.name === 'wine-lab');
    assert.ok(rec, 'the run panel experiment left a record');
    assert.ok(
      rec.record.runs.every((r) => r.status === 'done'),
      JSON.stringify(rec.record.runs.map((r) => r.status)),
    );
    assert.ok((await panel.locator('#run-progress li').count()) >= 1, 'the panel lists the runs');
    await page.screenshot({ path: join(SHOTS, 'run-panel.png') });
    await runCommand(page, 'Notifications: Clear All Notifications');
  });

  test(
    'runs the CNN sample (your own PyTorch model) from the Run panel and the lab draws its curves',
    { skip: skipWithout('python3-torch') },
    async () => {
      await runCommand(page, 'Optimizer Lab: Focus on Run View');
      const panel = await webviewWith(page, '#run-button');
      const option = async (select: string, text: string): Promise<string> => {
        const o = panel.locator(`${select} option`, { hasText: text }).first();
        await o.waitFor({ state: 'attached', timeout: 30_000 });
        return (await o.getAttribute('value'))!;
      };
      await panel.locator('#data-file').selectOption(await option('#data-file', 'digits.csv'));
      await panel.locator('#target option[value="digit"]').waitFor({ state: 'attached', timeout: 30_000 });
      await panel.locator('#target').selectOption('digit');
      await panel.locator('#model').selectOption('pytorch');
      await panel.locator('#model-file').selectOption(await option('#model-file', 'digits_cnn.py'));
      await panel.locator('#factory').fill('build_model');
      // Fewer epochs and one seed than the sample file: the e2e copy stays short.
      await panel.locator('#epochs').fill('3');
      await panel.locator('#seeds').fill('0');
      await panel.locator('#batch-size').fill('32');
      // Two of the three default optimizers, as before the defaults were New Experiment's.
      await panel.locator('button[aria-label="Remove SGD #2"]').click();
      await panel.locator('#form-issues li').first().waitFor({ state: 'detached', timeout: 10_000 });
      await panel.locator('#run-button').click();
      // The run ends first: a lab tab of an earlier test may still be open and say "done" already.
      await notification(page, /digits-lab done/, 300_000);
      const lab = await webviewWith(page, '#results-table');
      await lab.locator('#lab-status', { hasText: 'done' }).waitFor({ timeout: 60_000 });
      await page.locator('.tab', { hasText: 'digits-lab' }).first().waitFor({ timeout: 60_000 });
      const ink = await waitForInk(lab, 'canvas#loss-chart');
      assert.ok(ink > 0.01, `loss chart looks blank (${ink})`);
      const written = JSON.parse(readFileSync(join(ws, 'digits-lab.optlab.json'), 'utf8'));
      assert.deepEqual(written.model, { type: 'pytorch', path: 'digits_cnn.py', factory: 'build_model' });
      const rec = (await recordsOf(ws)).find((r) => r.record.name === 'digits-lab');
      assert.ok(rec, 'the CNN experiment left a record');
      assert.ok(
        rec.record.runs.length >= 1 && rec.record.runs.every((r) => r.status === 'done'),
        JSON.stringify(rec.record.runs.map((r) => [r.status, r.message])),
      );
      assert.ok(rec.record.runs.every((r) => r.epochs === 3));
      await page.screenshot({ path: join(SHOTS, 'own-model.png') });
      await runCommand(page, 'Notifications: Clear All Notifications');
    },
  );

  test('opens the loss-surface explorer, draws the contour plot and inspects the Hessian at a clicked point', async () => {
    await runCommand(page, 'Optimizer Lab: Explore Loss Surfaces');
    const surfaces = await webviewWith(page, '#surface-plot');
    const plot = surfaces.locator('#surface-plot');
    await plot.waitFor();
    const isCanvas = await plot.evaluate((n) => n.tagName === 'CANVAS');
    if (isCanvas) assert.ok((await waitForInk(surfaces, '#surface-plot')) > 0.01, 'surface plot looks blank');
    const box = (await plot.boundingBox())!;
    await plot.click({ position: { x: box.width * 0.3, y: box.height * 0.4 } });
    const report = surfaces.locator('#hessian-report');
    await report.filter({ hasText: /eigen/i }).waitFor({ timeout: 30_000 });
    const text = await report.innerText();
    assert.match(text, /gradient/i);
    await page.screenshot({ path: join(SHOTS, 'surfaces.png') });
  });

  test('the doctor marks a diverged run in the lab, and its one-action remedy re-runs it with lr × 0.1', async () => {
    writeFileSync(
      join(ws, 'doctor.optlab.json'),
      JSON.stringify(
        {
          data: { path: 'diabetes.csv', target: 'progression' },
          model: { type: 'linear' },
          training: { epochs: 20, batch_size: null, seeds: [0] },
          optimizers: [
            { name: 'SGD', lr: 1 },
            { name: 'SGD', lr: 0.1 },
          ],
        },
        null,
        2,
      ),
    );
    await openFile(page, 'doctor.optlab.json');
    await runCommand(page, 'Optimizer Lab: Run Experiment');
    const lab = await webviewWith(page, 'button.diagnosis[data-kind="diverged"]', 180_000);
    const icon = lab.locator('button.diagnosis[data-kind="diverged"]').first();
    assert.match(
      (await icon.getAttribute('title')) ?? '',
      /^diverged: the loss reached .* Remedy: lower the learning rate/,
    );
    await icon.click();
    await lab.waitForFunction(() =>
      (document.documentElement.dataset['diagnosisMark'] ?? '').startsWith('diverged@'),
    );
    await page.screenshot({ path: join(SHOTS, 'doctor.png') });
    await lab.locator('button.remedy', { hasText: 'lr × 0.1' }).first().click();
    await notification(page, /doctor \(re-run\) done/);
    const copy = JSON.parse(readFileSync(join(ws, 'doctor-rerun.optlab.json'), 'utf8'));
    assert.deepEqual(
      copy.optimizers.map((o: { lr: number }) => o.lr),
      [0.1],
    );
  });

  test('a misspelt optimizer gets one problem and a quick fix that corrects it', async () => {
    writeFileSync(
      join(ws, 'typo.optlab.json'),
      '{\n  "surface": { "name": "booth" },\n  "optimizers": [{ "name": "Adamm", "lr": 0.01 }]\n}\n',
    );
    await openFile(page, 'typo.optlab.json');
    const squiggle = page.locator('.editor-group-container.active .squiggly-error');
    await squiggle.first().waitFor({ timeout: 30_000 });
    await page.locator('.editor-group-container.active .view-line span', { hasText: 'Adamm' }).last().click();
    await page.keyboard.press('Control+.');
    // The preferred fix comes focused; the widget takes the keyboard (a pointer block covers it).
    const fix = page.locator('.action-widget .monaco-list-row.focused', { hasText: 'Change to "Adam"' });
    await fix.waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    // The fix removes the only problem: neither the extension nor VS Code's JSON service has another.
    await squiggle.first().waitFor({ state: 'detached', timeout: 30_000 });
    assert.match(await editorText(page), /"name": "Adam", "lr"/);
    await runCommand(page, 'File: Revert File');
  });
});
