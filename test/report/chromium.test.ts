import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { renderReport } from '../../src/engine/report/htmlReport';
import { sampleRecord } from '../engine/report/sampleRecord';
import { CHROMIUM, skipWithout } from '../helpers/debianPackage';

const SCRIPT = resolve('dist/report.js');

/** Pixels of a canvas that are drawn, and how many are close to each of the given colours. */
interface CanvasPixels {
  id: string;
  width: number;
  height: number;
  drawn: number;
  perColor: number[];
}

// Debian's Chromium renders the report; without it the test skips, naming the package.
const needsChromium = { skip: skipWithout('chromium') };

test(
  'the report opens in Chromium with no network, draws every chart and logs no error',
  needsChromium,
  async (t) => {
    assert.ok(existsSync(SCRIPT), `${SCRIPT} is missing: run \`npm run build\` first (npm test does)`);
    const { record, curves } = sampleRecord(
      [
        {
          label: 'SGD(lr=0.05, momentum=0.9)',
          start: 0.7,
          decay: 0.9,
          floor: 0.25,
          lr: (s) => 0.05 * 0.99 ** s,
        },
        { label: 'Adam(lr=0.01)', start: 0.7, decay: 0.82, floor: 0.12, lr: (s) => 0.01 * 0.99 ** s },
      ],
      { name: 'chromium smoke', seeds: 2, epochs: 30, stepsPerEpoch: 5 },
    );
    const dir = mkdtempSync(join(tmpdir(), 'optlab-report-'));
    const page = join(dir, 'report.html');
    writeFileSync(page, renderReport(record, curves, { script: readFileSync(SCRIPT, 'utf8') }));
    const url = pathToFileURL(page).href;

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-dev-shm-usage',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    t.after(() => browser.close());
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      deviceScaleFactor: 1,
    });
    const tab = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    tab.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`);
    });
    tab.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    tab.on('request', (r) => requests.push(r.url()));

    await tab.goto(url);
    await tab
      .waitForSelector('html[data-charts-ready="true"]', { state: 'attached', timeout: 10_000 })
      .catch((e: Error) =>
        assert.fail(`the charts never finished drawing: ${e.message}\n${errors.join('\n')}`),
      );
    // Two frames: any resize the layout triggers has redrawn by then.
    await tab.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

    const shot = join(dir, 'report.png');
    await tab.screenshot({ path: shot, fullPage: true });
    console.log(`report: ${page}\nscreenshot: ${shot}`);

    const colors = [
      ...new Set([...readFileSync(page, 'utf8').matchAll(/"color":"(#[0-9a-f]{6})"/g)].map((m) => m[1]!)),
    ];
    assert.equal(colors.length, 2, 'one colour per configuration in the data');
    const canvases = await tab.evaluate((cols: string[]): CanvasPixels[] => {
      const rgb = cols.map((c) => [1, 3, 5].map((i) => Number.parseInt(c.slice(i, i + 2), 16)));
      return [...document.querySelectorAll('canvas')].map((canvas) => {
        const ctx = canvas.getContext('2d')!;
        const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
        let drawn = 0;
        const perColor = rgb.map(() => 0);
        for (let p = 0; p < data.length; p += 4) {
          // The canvas is transparent where nothing is drawn; the page behind it is white.
          if (data[p + 3]! < 40) continue;
          drawn++;
          rgb.forEach(([r, g, b], k) => {
            if (Math.abs(data[p]! - r!) + Math.abs(data[p + 1]! - g!) + Math.abs(data[p + 2]! - b!) < 40)
              perColor[k]!++;
          });
        }
        return { id: canvas.id, width, height, drawn, perColor };
      });
    }, colors);

    assert.deepEqual(
      canvases.map((c) => c.id),
      ['chart-epoch-loss', 'chart-val-metric-0', 'chart-lr'],
    );
    for (const c of canvases) {
      assert.ok(c.width > 300 && c.height > 200, `${c.id} is ${c.width}×${c.height}`);
      assert.ok(c.drawn > 0.01 * c.width * c.height, `${c.id}: only ${c.drawn} drawn pixels`);
      c.perColor.forEach((n, k) => assert.ok(n > 200, `${c.id}: ${n} pixels of ${colors[k]}`));
    }

    // The log toggle redraws the chart on a logarithmic axis without an error.
    const before = await tab.evaluate(() =>
      (document.getElementById('chart-epoch-loss') as HTMLCanvasElement).toDataURL(),
    );
    await tab.click('button.log-toggle[data-chart="chart-epoch-loss"]');
    assert.equal(
      await tab.getAttribute('button.log-toggle[data-chart="chart-epoch-loss"]', 'aria-pressed'),
      'true',
    );
    const after = await tab.evaluate(() =>
      (document.getElementById('chart-epoch-loss') as HTMLCanvasElement).toDataURL(),
    );
    assert.notEqual(after, before, 'the log scale changed the drawing');

    // The ranked table is real HTML: the better configuration first.
    const firstRow = await tab.locator('#results tbody tr').first().locator('td').allInnerTexts();
    assert.deepEqual(firstRow.slice(0, 2), ['1', 'Adam(lr=0.01)']);

    assert.deepEqual(errors, []);
    assert.deepEqual(requests, [url], 'no request other than the page itself');
  },
);
