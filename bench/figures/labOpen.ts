// Figure (12): the lab opening a big record, 64 runs × 10,000 steps, in headless Chromium with
// the real lab bundle: from the host cutting the curves to the overview (or the init message's
// arrival, for the whole record) to the first frame painted after it.
import { figure, type Figure } from '../report';
import { summarize } from '../stats';
import type { FigureContext } from './trainingSpeed';
import { openWebview } from '../../test/webview/harness';
import { sampleLabRecord } from '../../test/webview/labData';
import { LabCurveStore } from '../../src/extension/controllers/labDetail';
import type { LabRecord } from '../../src/protocol/lab';

/** The target for this figure, in milliseconds. */
const targetMs = 300;

/** Runs in the page: delivers one init (a structured clone, as VS Code transfers typed arrays), resolves with the ms until the frame after it painted. */
const OPEN_IN_PAGE = `async (which) => {
  const t0 = performance.now();
  window.postMessage(structuredClone(window[which]), '*');
  // The message is handled in its own task; the frame after it is the first paint.
  await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  if (document.documentElement.dataset.chartPoints === undefined) throw new Error('the lab drew no chart');
  return performance.now() - t0;
}`;

/**
 * Times both ways the lab can open the record, alternating, in one page. New: what the lab
 * controller sends, the record with its per-step curves cut to the overview (LabCurveStore.keep,
 * timed here in Node and added: the host's share of the open), then the page's validation, model,
 * series and first drawing. Old: the whole record (every step of every run, as typed arrays), as
 * the lab sent it before. The time ends when the frame after the message has painted.
 */
export async function labOpenFigures(ctx: FigureContext): Promise<Figure[]> {
  const configs = Array.from({ length: 8 }, (_, i) => ({
    label: `config ${i}`,
    start: 1 + i / 10,
    decay: 0.95,
    floor: 0.1,
  }));
  const record = sampleLabRecord(configs, { seeds: 8, epochs: 100, stepsPerEpoch: 100 });
  const init = (records: LabRecord[]) => ({
    type: 'init',
    payload: { settings: { smoothing: 0.6, pointCap: 2000 }, records, stars: [], follow: false, empty: null },
  });
  /** The host's cut of the record, and the ms it took. */
  const cut = () => {
    const t0 = performance.now();
    const records = new LabCurveStore(() => undefined).keep([record]);
    return { message: init(records), ms: performance.now() - t0 };
  };
  const sent = { cut: 0, whole: 0 };
  for (const r of [...cut().message.payload.records])
    for (const c of Object.values(r.curves)) sent.cut += size(c);
  for (const c of Object.values(record.curves)) sent.whole += size(c);
  ctx.log(
    `  (12) lab open: ${record.record.runs.length} runs, ${(sent.whole / 1e6).toFixed(2)} M values whole, ${(sent.cut / 1e6).toFixed(2)} M sent cut to the overview`,
  );
  const w = await openWebview('lab');
  // The page's main-thread CPU time (Chromium's ThreadTime), which a loaded machine inflates far less than the wall clock.
  const cdp = await w.page.context().newCDPSession(w.page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const threadMs = async (): Promise<number> => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((m) => m.name === 'ThreadTime')?.value ?? Number.NaN) * 1000;
  };
  try {
    await w.page.evaluate((m) => ((window as Window & { __whole?: unknown }).__whole = m), init([record]));
    // A string, not a function: tsx's name helpers would not exist inside the page.
    const page = (which: '__cut' | '__whole'): Promise<number> =>
      w.page.evaluate(`(${OPEN_IN_PAGE})('${which}')`);
    /** Wall ms and CPU ms (host cut + page main thread) of one open. */
    const once = async (which: 'cut' | 'whole'): Promise<[number, number]> => {
      let host = { ms: 0, cpu: 0 };
      if (which === 'cut') {
        const c0 = process.cpuUsage();
        const { message, ms } = cut();
        const c = process.cpuUsage(c0);
        host = { ms, cpu: (c.user + c.system) / 1000 };
        await w.page.evaluate((m) => ((window as Window & { __cut?: unknown }).__cut = m), message);
      }
      const t0 = await threadMs();
      const wall = await page(which === 'cut' ? '__cut' : '__whole');
      return [host.ms + wall, host.cpu + (await threadMs()) - t0];
    };
    await once('cut');
    await once('whole');
    const reps = ctx.quick ? 3 : 7;
    const wall = { cut: [] as number[], whole: [] as number[] };
    const cpu = { cut: [] as number[], whole: [] as number[] };
    for (let r = 0; r < reps; r++) {
      for (const which of ['cut', 'whole'] as const) {
        const [ms, cpuMs] = await once(which);
        wall[which].push(ms);
        cpu[which].push(cpuMs);
      }
    }
    if (w.problems.length > 0) throw new Error(`lab open figure: ${w.problems.join('; ')}`);
    const baseline = 'the whole record sent (every step, typed arrays)';
    const extra = {
      warmup: 'one untimed open of each kind first; the two kinds alternate in one page',
      note: `target ${targetMs} ms; per-step curves cut to the overview on the host (its time included) against the whole record`,
    };
    return [
      figure(
        '(12) lab open to first paint, 64 runs × 10,000 steps (Chromium, lab bundle)',
        'ms',
        false,
        summarize(wall.cut),
        { name: baseline, summary: summarize(wall.whole) },
        extra,
      ),
      figure(
        '(12) same, CPU time (host cut + page main thread)',
        'ms',
        false,
        summarize(cpu.cut),
        { name: baseline, summary: summarize(cpu.whole) },
        extra,
      ),
    ];
  } finally {
    await w.close();
  }
}

/** Values a run's packed curves hold. */
function size(c: Record<string, Float64Array | undefined>): number {
  return Object.values(c).reduce((n, a) => n + (a?.length ?? 0), 0);
}
