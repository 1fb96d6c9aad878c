import { join } from 'node:path';
import { promises as fs } from 'node:fs';
import type { ResolvedExperiment } from '../../protocol/experiment';
import type { OptimizerConfig } from '../../protocol/optimizers';
import { runProgressSchema, runResultSchema, type RunSpec } from '../../protocol/runs';
import { RECORD_FORMAT, RECORD_VERSION, type RunRecord } from '../../protocol/record';
import { ConfigError } from '../errors';
import { writeFileAtomic } from '../runs/atomicWrite';
import { expandRuns } from '../runs/expandRuns';
import { dataShapeOf, datasetInfoOf, environmentOf, loadExperimentDataset } from '../runs/experimentData';
import { layoutOf } from '../runs/executeRun';
import { recordId, writeCurves, writeRecord } from '../runs/records';
import { baseSummary, summarize } from '../runs/runExperiment';
import { RunPool } from '../runs/runPool';
import { shareSplits } from '../runs/sharedData';
import { smoothLrCurve, suggestLr, type LrCurve, type LrSuggestions } from './lrCurve';

export interface LrFindOptions {
  experiment: ResolvedExperiment;
  experimentFile: string | null;
  /** The bundled worker script (dist/worker.js). */
  workerPath: string;
  /** Which of the experiment's optimizers to sweep (default 0). */
  optimizerIndex?: number;
  /** fastai defaults: 1e-7 to 10 over 100 steps, smoothing 0.98, stop at 4 × the best loss. */
  startLr?: number;
  endLr?: number;
  numIt?: number;
  beta?: number;
  divergenceFactor?: number;
  /** When given, the sweep is kept as a record folder here (record.json, curves, lr-find.json). */
  recordsRoot?: string;
  signal?: AbortSignal;
  /** Each smoothed point as it arrives, for a live chart. */
  onPoint?(p: { step: number; lr: number; loss: number | null; smoothed: number }): void;
  maxDataBytes?: number;
}

export interface LrFindResult {
  optimizer: OptimizerConfig;
  curve: LrCurve;
  suggestions: LrSuggestions;
  /** Why the sweep ended: all steps, blow-up, or cancelled. */
  stopped: 'completed' | 'diverged' | 'cancelled';
  /** The record folder, when `recordsRoot` was given. */
  recordDir: string | null;
}

/**
 * The LR range test, fastai `lr_find` style: one short run of the experiment's optimizer whose
 * learning rate grows exponentially from `startLr` to `endLr` over `numIt` optimizer steps
 * (lr_i = start · (end/start)^(i/numIt), torch's ExponentialLR stepped per batch), stopped as soon
 * as the smoothed loss exceeds `divergenceFactor` × its minimum; suggestions by fastai's valley,
 * steep and minimum rules. It runs on one pool worker with the experiment's data, model, batch
 * size, gradient clipping and first seed; the curve is returned (and recorded) for the chart.
 */
export async function lrFind(o: LrFindOptions): Promise<LrFindResult> {
  const e = o.experiment;
  const startLr = o.startLr ?? 1e-7;
  const endLr = o.endLr ?? 10;
  const numIt = o.numIt ?? 100;
  const beta = o.beta ?? 0.98;
  const factor = o.divergenceFactor ?? 4;
  if (!(startLr > 0 && endLr > startLr)) {
    throw new ConfigError(`the LR range needs 0 < start < end, got start ${startLr} and end ${endLr}`);
  }
  if (!Number.isInteger(numIt) || numIt < 10)
    throw new ConfigError(`the LR range test needs at least 10 steps, got ${numIt}`);
  const base = e.optimizers[o.optimizerIndex ?? 0];
  if (!base) {
    throw new ConfigError(
      `optimizer ${o.optimizerIndex} does not exist: the experiment lists ${e.optimizers.length}`,
    );
  }
  const optimizer = { ...base, lr: startLr } as OptimizerConfig;

  let shared: Record<string, SharedArrayBuffer> | null = null;
  let shape = null;
  let datasetInfo: RunRecord['dataset'] = null;
  if (e.kind === 'data') {
    const d = await loadExperimentDataset(e, o.experimentFile, o.maxDataBytes);
    const layout = shareSplits(d);
    shared = { X: layout.data.X, y: layout.data.y };
    shape = dataShapeOf(d, layout);
    datasetInfo = datasetInfoOf(d);
  }
  const sweep: ResolvedExperiment = { ...e, optimizers: [optimizer], schedule: null };
  const first = expandRuns(sweep, shape)[0]!;
  const spec: RunSpec = {
    ...first,
    runId: 'lr-find',
    label: `LR range test ${optimizer.name} ${startLr}→${endLr}`,
    schedule: { name: 'ExponentialLR', gamma: (endLr / startLr) ** (1 / numIt), interval: 'step' },
    epochs: numIt,
    maxSteps: numIt,
    earlyStopping: null,
    // The sweep stops itself on the smoothed loss; the run's own guard only catches overflow.
    divergenceFactor: 1e300,
  };

  const pool = new RunPool({ workerPath: o.workerPath, size: 1 });
  const onAbort = (): void => pool.cancelAll();
  o.signal?.addEventListener('abort', onAbort);
  let avg = 0;
  let best = Infinity;
  let step = 0;
  let blewUp = false;
  let outcome;
  try {
    const pending = pool.submit({ runId: spec.runId, spec, data: shared }, (raw) => {
      const p = runProgressSchema.safeParse(raw);
      if (!p.success || blewUp) return;
      for (const s of p.data.steps) {
        const loss = s.loss ?? NaN;
        avg = beta * avg + (1 - beta) * loss;
        const smoothed = avg / (1 - beta ** (step + 1));
        o.onPoint?.({ step, lr: s.lr, loss: s.loss, smoothed });
        if (!Number.isFinite(smoothed) || (step > 0 && smoothed > factor * best)) {
          blewUp = true;
          pool.cancel(spec.runId);
          return;
        }
        if (smoothed < best) best = smoothed;
        step++;
      }
    });
    if (o.signal?.aborted) onAbort();
    outcome = await pending;
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    await pool.close();
  }
  if (outcome.kind === 'failed') throw new ConfigError(`the LR range test failed: ${outcome.message}`);
  if (outcome.kind === 'cancelled-queued') {
    const curve = { lrs: [], losses: [], smoothed: [], divergedAt: null };
    return { optimizer, curve, suggestions: suggestLr(curve, numIt), stopped: 'cancelled', recordDir: null };
  }
  const r = runResultSchema.parse(outcome.result);
  // The worker may have taken a step or two after the blow-up before it saw the cancel; the
  // analysis cuts the curve where fastai would have stopped.
  const curve = smoothLrCurve(r.curves.stepLr, r.curves.stepLoss, beta, factor);
  const stopped = curve.divergedAt !== null ? 'diverged' : o.signal?.aborted ? 'cancelled' : 'completed';
  const result: LrFindResult = {
    optimizer,
    curve,
    suggestions: suggestLr(curve, numIt),
    stopped,
    recordDir: null,
  };

  if (o.recordsRoot !== undefined) {
    const created = new Date();
    const id = recordId(`${e.name}-lr-find`, created);
    const dir = join(o.recordsRoot, id);
    await fs.mkdir(dir, { recursive: true });
    const summary = summarize(baseSummary(spec), r, sweep);
    summary.curves = await writeCurves(dir, {
      runId: spec.runId,
      layout: layoutOf(spec),
      initialParams: r.initialParams,
      finalParams: r.finalParams,
      ...r.curves,
    });
    const record: RunRecord = {
      format: RECORD_FORMAT,
      version: RECORD_VERSION,
      id,
      name: `${e.name} (LR range test)`,
      createdAt: created.toISOString(),
      finishedAt: new Date().toISOString(),
      status: stopped === 'cancelled' ? 'cancelled' : 'done',
      experimentFile: o.experimentFile,
      environment: environmentOf(1, e.training.precision),
      // The sweep is one run, not a search: the file's search section stays out of its record.
      experiment: { ...sweep, search: undefined } as unknown as Record<string, unknown>,
      dataset: datasetInfo,
      objective: e.objective,
      runs: [summary],
    };
    await writeRecord(dir, record);
    const file = { startLr, endLr, numIt, beta, divergenceFactor: factor, ...result, recordDir: undefined };
    await writeFileAtomic(join(dir, 'lr-find.json'), `${JSON.stringify(file)}\n`);
    result.recordDir = dir;
  }
  return result;
}
