// Figure (12): the lab opening a big record, 64 runs × 10,000 steps, in headless Chromium with
// the real lab bundle: from the init message's arrival to the first frame painted after it.
import { figure, type Figure } from '../report';
import { summarize } from '../stats';
import type { FigureContext } from './trainingSpeed';
import { openWebview } from '../../test/webview/harness';
import { sampleLabRecord } from '../../test/webview/labData';

/** The target for this figure, in milliseconds. */
const targetMs = 300;

/** Runs in the page: delivers the init one way, resolves with the ms until the frame after it painted. */
const OPEN_IN_PAGE = `async (path) => {
  const t0 = performance.now();
  let m;
  if (path === 'typed') m = structuredClone(window.__init);
  else {
    const revive = (o) => {
      if (Array.isArray(o) && o.every((x) => x === null || typeof x === 'number'))
        return Float64Array.from(o, (x) => x ?? NaN);
      if (Array.isArray(o)) return o.map(revive);
      if (o && typeof o === 'object') return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, revive(v)]));
      return o;
    };
    m = JSON.parse(window.__json);
    for (const r of m.payload.records) r.curves = revive(r.curves);
  }
  window.postMessage(m, '*');
  // The message is handled in its own task; the frame after it is the first paint.
  await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  if (document.documentElement.dataset.chartPoints === undefined) throw new Error('the lab drew no chart');
  return performance.now() - t0;
}`;

/**
 * Times both ways the init can reach the page, alternating, in one page: the curves as typed
 * arrays (a structured clone of their bytes, as VS Code transfers them), and the baseline, the same
 * message as one JSON text with the curves as number arrays (what a JSON channel carries), parsed
 * in the page and turned into the arrays the lab reads. Both then go through the lab's own
 * validation, model and first drawing; the time ends when the frame after it has painted.
 */
export async function labOpenFigures(ctx: FigureContext): Promise<Figure[]> {
  const configs = Array.from({ length: 8 }, (_, i) => ({
    label: `config ${i}`,
    start: 1 + i / 10,
    decay: 0.95,
    floor: 0.1,
  }));
  const record = sampleLabRecord(configs, { seeds: 8, epochs: 100, stepsPerEpoch: 100 });
  const message = {
    type: 'init',
    payload: {
      settings: { smoothing: 0.6, pointCap: 2000 },
      records: [record],
      stars: [],
      follow: false,
      empty: null,
    },
  };
  // Typed arrays as number arrays, NaN (a missing point) as null: what JSON can carry.
  const json = JSON.stringify(message, (_k, v: unknown) =>
    v instanceof Float64Array ? Array.from(v, (x) => (Number.isNaN(x) ? null : x)) : v,
  );
  ctx.log(
    `  (12) lab open: ${record.record.runs.length} runs, init as JSON ${(json.length / 1e6).toFixed(1)} MB`,
  );
  const w = await openWebview('lab');
  try {
    await w.page.evaluate((m) => ((window as Window & { __init?: unknown }).__init = m), message);
    await w.page.evaluate((t) => ((window as Window & { __json?: string }).__json = t), json);
    // A string, not a function: tsx's name helpers would not exist inside the page.
    const once = (path: 'typed' | 'json'): Promise<number> => w.page.evaluate(`(${OPEN_IN_PAGE})('${path}')`);
    await once('typed');
    await once('json');
    const reps = ctx.quick ? 3 : 7;
    const typed: number[] = [];
    const text: number[] = [];
    for (let r = 0; r < reps; r++) {
      typed.push(await once('typed'));
      text.push(await once('json'));
    }
    if (w.problems.length > 0) throw new Error(`lab open figure: ${w.problems.join('; ')}`);
    return [
      figure(
        '(12) lab open to first paint, 64 runs × 10,000 steps (Chromium, lab bundle)',
        'ms',
        false,
        summarize(typed),
        { name: 'same init as one JSON text (curves as number arrays)', summary: summarize(text) },
        {
          warmup: 'one untimed open of each kind first; the two kinds alternate in one page',
          note: `target ${targetMs} ms; curves as typed arrays (structured clone) against one JSON text`,
        },
      ),
    ];
  } finally {
    await w.close();
  }
}
