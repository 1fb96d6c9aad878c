// The lab's detail on zoom in headless Chromium with the real bundle: a zoom asks the host for the
// visible steps, the answer is drawn at full resolution, an older zoom's late answer is ignored,
// and a reset asks for the overview again. The host's side is the real LabCurveStore.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LabCurveStore } from '../../src/extension/controllers/labDetail';
import { skipWithout } from '../helpers/debianPackage';
import { openWebview, type WebviewPage } from './harness';
import { sampleLabRecord, TWO_CONFIGS } from './labData';

interface RangeRequest {
  requestId: string;
  range: { lo: number; hi: number } | null;
  buckets: number;
}

/**
 * Resolves with the request the page posts for the x range its charts show now (after the last
 * zoom of a burst: zooms come faster than the tab's settling time only when the machine is idle),
 * or for the overview when they show everything.
 */
async function currentRequest(w: WebviewPage): Promise<RangeRequest> {
  await w.page.waitForFunction(() => {
    const asked = (
      window as unknown as { __posted: { type: string; payload: RangeRequest }[] }
    ).__posted.filter((m) => m.type === 'requestRange');
    const r = asked[asked.length - 1]?.payload;
    const shown = document.querySelector<HTMLElement>('#grad-chart')!.dataset['xRange'] ?? '';
    if (!r) return false;
    if (shown === '') return r.range === null;
    const [x0, x1] = shown.split(',').map(Number);
    return r.range !== null && r.range.lo === Math.max(0, Math.floor(x0!)) && r.range.hi === Math.ceil(x1!);
  });
  const asked = (await w.posted()).filter((m) => m.type === 'requestRange');
  return asked[asked.length - 1]!.payload as RangeRequest;
}

const rootData = (w: WebviewPage, key: string) =>
  w.page.evaluate((k) => document.documentElement.dataset[k] ?? null, key);

test(
  'lab panel: a zoom asks for the visible steps and draws them whole; a stale answer is ignored; reset returns to the overview',
  { skip: skipWithout('chromium') },
  async (t) => {
    const w = await openWebview('lab');
    t.after(() => w.close());
    // 4 runs × 5,000 steps; the tab gets them cut to the overview, as the controller sends them.
    const record = sampleLabRecord(TWO_CONFIGS, { epochs: 50, stepsPerEpoch: 100 });
    const store = new LabCurveStore(() => undefined);
    const [overview] = store.keep([record]);
    assert.ok(overview!.curves['c0-s0']!.stepAt, 'the init is cut');
    await w.send({
      type: 'init',
      payload: {
        settings: { smoothing: 0, pointCap: 2000 },
        records: [overview],
        stars: [],
        follow: false,
        empty: null,
      },
    });
    await w.page.selectOption('#x-mode', 'step');

    // Zoom in until about a thousand steps show (a request once each burst of zooms settles).
    for (let i = 0; i < 8; i++) await w.page.click('button[aria-label="Zoom in (gradient norm chart)"]');
    const older = await currentRequest(w);
    assert.ok(older.range && older.range.hi - older.range.lo < 1_100, JSON.stringify(older.range));
    assert.ok(older.buckets >= 16);
    await w.page.click('button[aria-label="Zoom in (gradient norm chart)"]');
    const newer = await currentRequest(w);
    assert.notEqual(newer.requestId, older.requestId);
    assert.ok(newer.range!.hi - newer.range!.lo < older.range!.hi - older.range!.lo);
    const answer = (r: RangeRequest) => ({
      type: 'rangeCurves',
      payload: { requestId: r.requestId, records: store.cut({ range: r.range, buckets: r.buckets }) },
    });

    // The older zoom's answer arrives late, after the newer request: ignored.
    await w.send(answer(older));
    const stale = Number(await rootData(w, 'detailStale'));
    assert.ok(stale >= 1);
    assert.equal(await rootData(w, 'detailRange'), null);

    await w.send(answer(newer));
    const { lo, hi } = newer.range!;
    assert.equal(await rootData(w, 'detailRange'), `${lo},${hi}`);
    // Every step in view is drawn for each of the 4 runs (few enough steps: full resolution); the
    // overview's buckets of 13 steps hold about 2 points per 13 steps there, far fewer.
    await w.page.waitForFunction(
      (want) => Number(document.documentElement.dataset['gradPoints']) >= want,
      4 * (hi - lo + 1),
    );

    // Reset: the overview is asked for again and drawn.
    await w.page.click('button[aria-label="Reset zoom (gradient norm chart)"]');
    const back = await currentRequest(w);
    assert.equal(back.range, null);
    const reply = answer(back);
    await w.send(reply);
    assert.equal(await rootData(w, 'detailRange'), '');
    // The whole run again, in buckets as many as the chart is pixels wide (the init used the host's default).
    const points = Object.values(reply.payload.records[0]!.curves).reduce((n, c) => n + c.stepAt!.length, 0);
    assert.ok(points < 4 * 5_000 && points > 4 * back.buckets, `${points} points`);
    await w.page.waitForFunction((n) => Number(document.documentElement.dataset['gradPoints']) === n, points);
    assert.deepEqual(w.problems, []);
  },
);
