import { test } from 'node:test';
import { bestRunId } from '../../src/engine/verdict/recordVerdict';
import assert from 'node:assert/strict';
import { hessianAt } from '../../src/engine/surfaces/hessian';
import { getSurface, SURFACE_NAMES } from '../../src/engine/surfaces/registry';
import { sampleGrid } from '../../src/engine/surfaces/grid';
import { unpackCurves } from '../../src/engine/report/labCurves';
import type { RunProgress } from '../../src/protocol/runs';
import { labWebviewMessageSchema } from '../../src/protocol/lab';
import { pngBytes } from '../../src/extension/pngImage';
import { svgBytes } from '../../src/extension/svgImage';
import { skipWithout } from '../helpers/debianPackage';
import { openWebview, type WebviewPage } from './harness';
import { sampleLabRecord, sampleSearch, TWO_CONFIGS } from './labData';

// The panels' real bundles in headless Chromium, under the CSP of the extension's own HTML
// builder, with a fake VS Code API standing in for the host.

/** Canvas pixels that differ from its top-left pixel (the background): 0 means a blank chart. */
async function drawnPixels(w: WebviewPage, selector: string): Promise<number> {
  return w.page.evaluate((sel) => {
    const c = document.querySelector(sel) as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i]! - d[0]!) + Math.abs(d[i + 1]! - d[1]!) + Math.abs(d[i + 2]! - d[2]!) > 30) n++;
    }
    return n;
  }, selector);
}

// Every test here drives Debian's Chromium.
const chromium = { skip: skipWithout('chromium') };

test('lab panel: live runs fill the table and the chart, then the record finishes', chromium, async (t) => {
  const w = await openWebview('lab');
  t.after(() => w.close());
  const full = sampleLabRecord(TWO_CONFIGS, { epochs: 20, stepsPerEpoch: 3 });
  const running = {
    ...full,
    live: true,
    curves: {},
    record: {
      ...full.record,
      status: 'running' as const,
      finishedAt: null,
      runs: full.record.runs.map((r) => ({ ...r, status: 'queued' as const, rank: null, objective: null })),
    },
  };
  await w.send({
    type: 'init',
    payload: {
      settings: { smoothing: 0.6, pointCap: 2000 },
      records: [running],
      stars: [],
      follow: true,
      empty: null,
    },
  });
  assert.equal(await w.page.textContent('#lab-status'), 'running');
  // One row per configuration (2 configurations × 2 seeds).
  assert.equal(await w.page.locator('#results-table tbody tr.config').count(), 2);
  // Live progress for the first run: 10 epochs.
  const curve = unpackCurves(full.curves['c0-s0']!);
  const progress: RunProgress = {
    steps: curve.stepLr
      .slice(0, 30)
      .map((lr, s) => ({ step: s, epoch: Math.floor(s / 3), loss: 1, lr: lr!, gradNorm: 1 })),
    epochs: Array.from({ length: 10 }, (_, e) => ({
      epoch: e,
      step: (e + 1) * 3,
      trainLoss: curve.epochTrain[e + 1]!,
      validation: { loss: curve.epochVal[e + 1]!, metrics: {} },
      elapsedMs: e * 3,
    })),
  };
  await w.send({ type: 'progress', payload: { recordDir: full.recordDir, runId: 'c0-s0', progress } });
  await w.page.waitForSelector('#results-table tbody tr.config[data-status="running"]', { timeout: 5000 });
  await w.page.waitForTimeout(400);
  assert.ok((await drawnPixels(w, 'canvas#loss-chart')) > 500, 'the loss chart draws the live run');

  for (const summary of full.record.runs) {
    await w.send({
      type: 'runEnd',
      payload: {
        recordDir: full.recordDir,
        summary,
        record: full.record,
        curves: full.curves[summary.id] ?? null,
        search: null,
      },
    });
  }
  await w.send({ type: 'finish', payload: { recordDir: full.recordDir, record: full.record, search: null } });
  assert.equal(await w.page.textContent('#lab-status'), 'done');
  const statuses = await w.page.$$eval('#results-table tbody tr.config', (rows) =>
    rows.map((r) => r.getAttribute('data-status')),
  );
  assert.deepEqual(statuses, ['done', 'done']);
  // Rank 1 expands to its seeds; its median seed is marked best.
  await w.page.click('#results-table tbody tr.config:first-child button.expand');
  assert.equal(await w.page.locator('#results-table tbody tr.seed').count(), 2);
  assert.equal(await w.page.locator('#results-table tbody tr.seed[data-best]').count(), 1);
  assert.equal(
    await w.page.getAttribute('#results-table tbody tr.seed[data-best]', 'data-run'),
    bestRunId(full.record),
  );

  // Sorting by a header, starring a run and exporting go through the controls a user has.
  await w.page.click('#results-table th:nth-child(3) button');
  assert.equal(await w.page.getAttribute('#results-table th:nth-child(3)', 'aria-sort'), 'ascending');
  await w.page.click('#results-table tbody tr.seed button.star');
  await w.page.click('#export-csv');
  const posted = await w.posted();
  assert.ok(posted.some((m) => m.type === 'toggleStar'));
  const exported = posted.find((m) => m.type === 'exportCsv') as {
    payload: { csv: string; suggestedName: string };
  };
  assert.match(exported.payload.csv, /^rank,configuration,optimizer,runs,/);
  assert.equal(exported.payload.csv.trim().split('\r\n').length, 3);
  assert.match(exported.payload.suggestedName, /-results\.csv$/);

  // A wheel zoom on the loss chart zooms x on every chart alike; the zoom-in button does too; reset undoes it.
  await w.page.locator('#loss-chart').scrollIntoViewIfNeeded();
  const lossBox = (await w.page.locator('#loss-chart').boundingBox())!;
  await w.page.mouse.move(lossBox.x + lossBox.width / 2, lossBox.y + lossBox.height / 2);
  await w.page.mouse.wheel(0, -300);
  await w.page.waitForFunction(() => document.querySelector<HTMLElement>('#grad-chart')!.dataset['xRange']);
  const rangeOf = (id: string) => w.page.getAttribute(`#${id}`, 'data-x-range');
  const lossRange = (await rangeOf('loss-chart'))!;
  const [lo, hi] = lossRange.split(',').map(Number);
  assert.ok(hi! - lo! < 20 && hi! - lo! > 0, lossRange);
  for (const other of ['lr-chart', 'grad-chart']) {
    const [a, b] = (await rangeOf(other))!.split(',').map(Number);
    assert.ok(Math.abs(a! - lo!) < 1e-9 && Math.abs(b! - hi!) < 1e-9, `${other}: ${a},${b} vs ${lossRange}`);
  }
  await w.page.click('button[aria-label="Reset zoom (loss chart)"]');
  assert.equal(await rangeOf('lr-chart'), '');
  assert.equal(await rangeOf('loss-chart'), '');

  // Save as PNG sends the drawn chart to the host as a PNG data URL the message schema accepts.
  await w.page.click('button[aria-label="Save as PNG (gradient norm chart)"]');
  const image = (await w.posted()).find((m) => m.type === 'saveImage') as {
    payload: { suggestedName: string; dataUrl: string };
  };
  assert.match(image.payload.suggestedName, /-grad\.png$/);
  assert.ok(pngBytes(image.payload.dataUrl)!.length > 1000);
  assert.equal(labWebviewMessageSchema.safeParse(image).success, true);

  // Save as SVG: a well-formed SVG document of the drawn series, which the host's check accepts.
  await w.page.click('button[aria-label="Save as SVG (loss chart)"]');
  const svgMessage = (await w.posted()).find((m) => m.type === 'saveSvg') as {
    payload: { suggestedName: string; svg: string };
  };
  assert.match(svgMessage.payload.suggestedName, /-loss\.svg$/);
  assert.equal(labWebviewMessageSchema.safeParse(svgMessage).success, true);
  assert.ok(svgBytes(svgMessage.payload.svg), 'the host accepts the SVG');
  const parsed = await w.page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      errors: doc.getElementsByTagName('parsererror').length,
      root: doc.documentElement.nodeName,
      lines: doc.querySelectorAll('polyline').length,
      titles: [...doc.querySelectorAll('polyline > title')].map((t) => t.textContent),
    };
  }, svgMessage.payload.svg);
  assert.equal(parsed.errors, 0);
  assert.equal(parsed.root, 'svg');
  for (const c of TWO_CONFIGS) {
    assert.ok(parsed.titles.includes(`${c.label} train`), `${c.label} train in ${parsed.titles.join(', ')}`);
    assert.ok(parsed.titles.includes(`${c.label} val`));
  }

  // The table's filter drives the charts: a configuration filtered out is not drawn.
  const drawnConfigs = () => w.page.evaluate(() => document.documentElement.dataset['chartConfigs']);
  assert.equal(await drawnConfigs(), '2');
  await w.page.fill('#results-filter', 'Adam');
  await w.page.waitForFunction(() => document.documentElement.dataset['chartConfigs'] === '1');
  await w.page.fill('#results-filter', '');
  await w.page.waitForFunction(() => document.documentElement.dataset['chartConfigs'] === '2');
  // Selecting a configuration (click, or Enter on the focused row) draws it over the faded others.
  await w.page.click('#results-table tbody tr.config:first-child td:nth-child(3)');
  assert.equal(
    await w.page.getAttribute('#results-table tbody tr.config:first-child', 'aria-selected'),
    'true',
  );
  await w.page.waitForFunction(() => document.documentElement.dataset['chartFaded'] === '1');
  await w.page.focus('#results-table tbody tr.config:first-child');
  await w.page.keyboard.press('Enter');
  await w.page.waitForFunction(() => document.documentElement.dataset['chartFaded'] === '0');

  // A filter that matches nothing says so and offers to clear it.
  assert.equal(await w.page.isVisible('#no-match'), false);
  await w.page.fill('#results-filter', 'nosuchoptimizer seed:9');
  await w.page.waitForSelector('#no-match', { state: 'visible' });
  assert.match(
    (await w.page.textContent('#no-match'))!,
    /No run matches the filter “nosuchoptimizer seed:9”/,
  );
  await w.page.click('#clear-filter');
  assert.equal(await w.page.inputValue('#results-filter'), '');
  assert.equal(await w.page.locator('#results-table tbody tr').count(), 4);
  assert.equal(await w.page.isVisible('#no-match'), false);

  // Log axes and the smoothing slider redraw without errors; the view is kept in the state.
  await w.page.check('#log-y');
  await w.page.fill('#smoothing', '0.9');
  await w.page.waitForTimeout(400);
  assert.ok((await drawnPixels(w, 'canvas#loss-chart')) > 500);
  const state = (await w.page.evaluate(() => (window as unknown as { __state: unknown }).__state)) as {
    recordDirs: string[];
    ui: { logY: boolean; smoothing: number };
  };
  assert.deepEqual(state.recordDirs, [full.recordDir]);
  assert.equal(state.ui.logY, true);
  assert.equal(state.ui.smoothing, 0.9);

  // A theme change re-colours: the first configuration takes the theme's chart blue.
  await w.page.evaluate(() => {
    document.body.style.setProperty('--vscode-charts-blue', '#ff00ff');
    document.body.className = 'vscode-dark';
  });
  await w.page.waitForTimeout(100);
  // The legend's sample line: the colour, and the configuration's dash pattern (the first is solid).
  const swatch = await w.page.$eval('#legend .swatch-line line', (e) => e.getAttribute('stroke'));
  assert.equal(swatch, '#ff00ff');
  assert.equal(
    await w.page.$eval('#legend button:nth-child(2) .swatch-line line', (e) =>
      e.getAttribute('stroke-dasharray'),
    ),
    '10 4',
  );
  assert.deepEqual(w.problems, []);
});

test('lab panel: a search record gets its parallel coordinates and scatter', chromium, async (t) => {
  const w = await openWebview('lab');
  t.after(() => w.close());
  const { lab } = sampleSearch();
  await w.send({
    type: 'init',
    payload: {
      settings: { smoothing: 0, pointCap: 2000 },
      records: [lab],
      stars: [],
      follow: false,
      empty: null,
    },
  });
  assert.equal(await w.page.isVisible('#search-section'), true);
  assert.match(
    (await w.page.textContent('#search-summary'))!,
    /^tpe search, 3 trials \(2 finished, 1 pruned\); best trial #1: Adam, lr 0\.1, val_loss \(best\) 0\.1$/,
  );
  assert.equal(await w.page.inputValue('#scatter-param'), 'lr', 'the first numeric parameter');
  await w.page.waitForTimeout(200);
  assert.ok((await drawnPixels(w, 'canvas#parallel-coordinates')) > 500);
  assert.ok((await drawnPixels(w, 'canvas#scatter-chart')) > 200);
  await w.page.selectOption('#scatter-param', 'optimizer');
  assert.ok((await drawnPixels(w, 'canvas#history-chart')) > 200);
  assert.equal(await w.page.locator('#param-importance tbody tr').count(), 3);
  // Every trial is drawn; brushing the top of the optimizer axis (Adam) keeps Adam's two trials.
  assert.equal(await w.page.getAttribute('#parallel-coordinates', 'data-selected'), '3');
  await w.page.locator('#parallel-coordinates').scrollIntoViewIfNeeded();
  const box = (await w.page.locator('#parallel-coordinates').boundingBox())!;
  await w.page.mouse.move(box.x + 50, box.y + 24);
  await w.page.mouse.down();
  await w.page.mouse.move(box.x + 50, box.y + 60, { steps: 4 });
  await w.page.mouse.up();
  assert.equal(await w.page.getAttribute('#parallel-coordinates', 'data-selected'), '2');
  assert.match((await w.page.textContent('#pc-hint'))!, /^2 of 3 trials in the brushed ranges/);
  await w.page.click('#pc-clear');
  assert.equal(await w.page.getAttribute('#parallel-coordinates', 'data-selected'), '3');
  assert.deepEqual(w.problems, []);
});

test(
  'surface explorer: contours draw, a click asks the host for the Hessian and shows it',
  chromium,
  async (t) => {
    const w = await openWebview('surfaces');
    t.after(() => w.close());
    const surfaces = SURFACE_NAMES.map((n) => {
      const s = getSurface(n);
      return {
        name: s.name,
        formula: s.formula,
        bounds: s.bounds,
        start: s.start,
        minima: s.minima,
        saddles: s.saddles,
        maxima: s.maxima,
        unboundedBelow: s.unboundedBelow,
      };
    });
    await w.send({ type: 'init', payload: { surfaces } });
    await w.page.selectOption('#surface-select', 'saddle');
    const gridRequest = (await w.posted()).filter((m) => m.type === 'grid').at(-1) as {
      payload: { requestId: string; name: 'saddle'; size: number };
    };
    assert.equal(gridRequest.payload.name, 'saddle');
    const s = getSurface('saddle');
    const g = sampleGrid(s, gridRequest.payload.size, gridRequest.payload.size);
    await w.send({
      type: 'grid',
      payload: {
        requestId: gridRequest.payload.requestId,
        grid: {
          name: 'saddle',
          nx: gridRequest.payload.size,
          ny: gridRequest.payload.size,
          bounds: s.bounds,
          values: Array.from(g.values),
        },
      },
    });
    await w.page.waitForSelector('html[data-surface-ready="true"]', { state: 'attached', timeout: 5000 });
    assert.ok((await drawnPixels(w, 'canvas#surface-plot')) > 2000, 'contours are drawn');
    const box = (await w.page.locator('#surface-plot').boundingBox())!;
    await w.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const inspect = (await w.posted()).find((m) => m.type === 'inspect') as {
      payload: { requestId: string; point: [number, number] };
    };
    const [x, y] = inspect.payload.point;
    const [[x0, x1], [y0, y1]] = s.bounds;
    assert.ok(
      Math.abs(x - (x0 + x1) / 2) < 0.05 * (x1 - x0) && Math.abs(y - (y0 + y1) / 2) < 0.05 * (y1 - y0),
    );
    await w.send({
      type: 'hessian',
      payload: { requestId: inspect.payload.requestId, report: hessianAt(s, inspect.payload.point) },
    });
    const text = await w.page.textContent('#hessian-report');
    assert.match(text!, /saddle/);
    assert.match(text!, /eigenvalues/);
    // The keyboard reaches the same: focus the plot, move, Enter.
    await w.page.focus('#surface-plot');
    await w.page.keyboard.press('ArrowRight');
    await w.page.keyboard.press('Enter');
    assert.equal((await w.posted()).filter((m) => m.type === 'inspect').length, 2);
    assert.deepEqual(w.problems, []);
  },
);

test('run panel: problems show once touched or on Run, in words; a valid form runs', chromium, async (t) => {
  const w = await openWebview('runPanel', { width: 340 });
  t.after(() => w.close());
  await w.send({
    type: 'init',
    payload: {
      files: [{ path: '/w/iris.csv', label: 'iris.csv', format: 'csv' }],
      precision: 'float64',
      trusted: true,
    },
  });
  assert.equal(await w.page.textContent('h1'), 'Run an experiment');
  // Nothing is flagged before the user did anything; Run shows what is missing instead of running.
  assert.equal(await w.page.locator('#form-issues li').count(), 0);
  assert.equal(await w.page.locator('[aria-invalid="true"]').count(), 0);
  await w.page.click('#run-button');
  assert.match((await w.page.textContent('#form-issues'))!, /Choose a data file\./);
  assert.equal((await w.posted()).filter((m) => m.type === 'run').length, 0);
  await w.page.selectOption('#data-file', '/w/iris.csv');
  const inspect = (await w.posted()).find((m) => m.type === 'inspect') as { payload: { requestId: string } };
  await w.send({
    type: 'columns',
    payload: {
      requestId: inspect.payload.requestId,
      path: '/w/iris.csv',
      rows: 150,
      columns: [
        { name: 'petal_length', kind: 'numeric', missing: 2, distinct: 43, task: 'regression' },
        { name: 'species', kind: 'categorical', missing: 0, distinct: 3, task: 'multiclass' },
      ],
      error: null,
    },
  });
  assert.equal(await w.page.inputValue('#target'), 'species');
  assert.match(
    (await w.page.textContent('#file-summary summary'))!,
    /150 rows · 2 columns .*2 missing values in 1 column/,
  );
  // The file has missing values: rows with them are dropped, as New Experiment does.
  assert.equal(await w.page.inputValue('#missing'), 'drop');
  assert.equal(await w.page.isDisabled('#run-button'), false);
  await w.page.fill('#optimizers fieldset:first-child input[data-path$=".lr"]', '-1');
  assert.equal(await w.page.isDisabled('#run-button'), true);
  const words = (await w.page.textContent('#form-issues'))!;
  assert.match(
    words,
    /Learning rate of optimizer 1 \(SGD\) must be at least 0, not -1 \(torch: Invalid learning rate: -1\)/,
  );
  assert.doesNotMatch(words, /optimizers\.0/);
  await w.page.fill('#optimizers fieldset:first-child input[data-path$=".lr"]', '0.05');
  await w.page.click('#run-button');
  const run = (await w.posted()).find((m) => m.type === 'run') as {
    payload: { experiment: Record<string, unknown> };
  };
  assert.deepEqual(run.payload.experiment['data'], {
    path: 'iris.csv',
    target: 'species',
    split: { validation: 0.2, seed: 0, stratify: true },
    preprocessing: { standardize: true, missing: 'drop' },
  });
  assert.deepEqual(run.payload.experiment['objective'], { metric: 'val_accuracy', use: 'best' });
  assert.deepEqual((run.payload.experiment['optimizers'] as unknown[])[0], { name: 'SGD', lr: 0.05 });
  assert.equal(await w.page.isDisabled('#cancel-button'), true);
  assert.deepEqual(w.problems, []);
});
