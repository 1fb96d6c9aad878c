// The search views' and the LR-find chart's Save as SVG in headless Chromium: each chart's button
// (reached by keyboard too) sends the host a plain, well-formed SVG of what the chart shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labWebviewMessageSchema } from '../../src/protocol/lab';
import { svgBytes } from '../../src/extension/svgImage';
import { skipWithout } from '../helpers/debianPackage';
import { openWebview, type WebviewPage } from './harness';
import { lrFindViewSchema } from '../../src/protocol/lrFindView';
import { pngBytes } from '../../src/extension/pngImage';
import { sampleLabRecord, sampleSearch, TWO_CONFIGS } from './labData';

const chromium = { skip: skipWithout('chromium') };

/** The last SVG sent, checked as the host checks it, and what it holds. */
async function lastSvg(w: WebviewPage, name: RegExp) {
  const sent = (await w.posted()).filter((m) => m.type === 'saveSvg').at(-1) as {
    type: string;
    payload: { suggestedName: string; svg: string };
  };
  assert.ok(sent, 'a saveSvg message was sent');
  assert.match(sent.payload.suggestedName, name);
  assert.equal(labWebviewMessageSchema.safeParse(sent).success, true);
  assert.ok(svgBytes(sent.payload.svg), 'the host accepts the SVG');
  // No named helper inside: tsx would wrap it in a __name the page does not have.
  return w.page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const [paths, circles, texts] = ['g > path > title', 'g > circle > title', 'text'].map((sel) =>
      [...doc.querySelectorAll(sel)].map((t) => t.textContent ?? ''),
    );
    return {
      errors: doc.getElementsByTagName('parsererror').length,
      paths: paths!,
      circles: circles!,
      polylines: doc.querySelectorAll('polyline').length,
      brushes: doc.querySelectorAll('rect.brush').length,
      texts: texts!,
      polygons: doc.querySelectorAll('g > polygon').length,
      lineTitles: [...doc.querySelectorAll('polyline > title')].map((t) => t.textContent ?? ''),
    };
  }, sent.payload.svg);
}

test('search views: parallel coordinates, scatter and history save as SVG', chromium, async (t) => {
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
  await w.page.waitForSelector('#parallel-coordinates[data-selected="3"]', { state: 'attached' });

  // Brush the top of the optimizer axis (Adam): the SVG shows the brush and every trial's path.
  await w.page.locator('#parallel-coordinates').scrollIntoViewIfNeeded();
  const box = (await w.page.locator('#parallel-coordinates').boundingBox())!;
  await w.page.mouse.move(box.x + 50, box.y + 24);
  await w.page.mouse.down();
  await w.page.mouse.move(box.x + 50, box.y + 60, { steps: 4 });
  await w.page.mouse.up();
  assert.equal(await w.page.getAttribute('#parallel-coordinates', 'data-selected'), '2');
  await w.page.click('button[aria-label="Save as SVG (parallel coordinates)"]');
  const pc = await lastSvg(w, /-parallel-coordinates\.svg$/);
  assert.equal(pc.errors, 0);
  assert.deepEqual([...pc.paths].sort(), ['#0', '#1', '#2']);
  assert.equal(pc.brushes, 1);
  for (const name of ['optimizer', 'lr', 'momentum', 'n/a']) assert.ok(pc.texts.includes(name), name);

  // The scatter: one marker per trial it shows (finished dots, pruned crosses), as its label counts.
  await w.page.click('#save-svg-objective-scatter');
  const scatter = await lastSvg(w, /-objective-scatter\.svg$/);
  assert.equal(scatter.errors, 0);
  const [, finished, pruned] = /(\d+) finished and (\d+) pruned/.exec(
    (await w.page.getAttribute('#scatter-chart', 'aria-label'))!,
  )!;
  assert.equal(scatter.circles.length, Number(finished));
  assert.equal(scatter.paths.length, Number(pruned));
  assert.ok(scatter.circles.includes('#1 Adam, lr 0.1'), 'each point titled with its trial');
  assert.ok(scatter.texts.includes('lr'), 'the x axis is titled with the parameter');

  // The history, by keyboard: Tab from the scatter's SVG button to the history's PNG, then SVG.
  await w.page.focus('#save-png-optimization-history');
  await w.page.keyboard.press('Tab');
  assert.equal(await w.page.evaluate(() => document.activeElement?.id), 'save-svg-optimization-history');
  const outline = await w.page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  assert.notEqual(outline, 'none', 'the focused button shows its focus');
  await w.page.keyboard.press('Enter');
  const history = await lastSvg(w, /-optimization-history\.svg$/);
  assert.equal(history.errors, 0);
  assert.equal(history.circles.length, 2, 'the two finished trials');
  assert.equal(history.polylines, 1, 'the best so far');
  assert.ok(history.texts.includes('trial'));
  assert.deepEqual(w.problems, []);
});

test(
  'the LR-find chart saves as PNG and as SVG: the curve a line, the sweep and suggestions as markers',
  chromium,
  async (t) => {
    const w = await openWebview('lab');
    t.after(() => w.close());
    const lrFind = lrFindViewSchema.parse({
      optimizerIndex: 0,
      method: 'sweep',
      suggestedLr: 0.1,
      curve: { lrs: [1e-4, 1e-3, 1e-2, 1e-1, 1], smoothed: [2, 1.9, 1.5, 0.8, null] },
      suggestions: { valley: 0.01, steep: 0.001, minimum: null },
      sweep: {
        points: [
          { lr: 0.01, objective: 1.2, status: 'done' },
          { lr: 0.1, objective: 0.5, status: 'done' },
          { lr: 1, objective: null, status: 'diverged' },
        ],
        lr: 0.1,
        edgeOfStability: 1,
      },
    });
    const lab = { ...sampleLabRecord(TWO_CONFIGS), lrFind };
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
    assert.equal(await w.page.isVisible('#lr-find-section'), true);
    await w.page.click('button[aria-label="Save as PNG (learning rate chart)"]');
    const png = (await w.posted()).find((m) => m.type === 'saveImage') as {
      payload: { suggestedName: string; dataUrl: string };
    };
    assert.match(png.payload.suggestedName, /-lr-find\.png$/);
    assert.ok(pngBytes(png.payload.dataUrl));
    await w.page.click('button[aria-label="Save as SVG (learning rate chart)"]');
    const svg = await lastSvg(w, /-lr-find\.svg$/);
    assert.equal(svg.errors, 0);
    assert.deepEqual(svg.lineTitles, ['range test, smoothed loss'], 'only the curve is a line');
    assert.deepEqual(svg.circles, ['sweep, training loss', 'sweep, training loss']);
    assert.deepEqual(svg.paths, ['sweep, diverged'], 'the diverged rate is a cross');
    assert.equal(svg.polygons, 3, 'the three suggestions are triangles');
    assert.ok(svg.texts.includes('learning rate'));
    assert.deepEqual(w.problems, []);
  },
);
