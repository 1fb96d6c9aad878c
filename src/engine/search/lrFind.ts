// lrFind: The LR range test, fastai `lr_find` style (also LrMethod, LR_METHODS, DEFAULT_LR_METHOD,
// LrFindOptions, …).
import { withDataFile } from '../experiment/dataFile';
import { probeOwnData } from '../runs/pythonProbe';
import type { ResolvedExperiment } from '../../protocol/experiment';
import type { OptimizerConfig } from '../../protocol/optimizers';
import type { RunSpec } from '../../protocol/runs';
import { parseRunResult } from '../runs/resultWire';
import { readProgress } from '../runs/progressWire';
import type { RunRecord } from '../../protocol/record';
import { ConfigError } from '../errors';
import { expandRuns, type DataShape } from '../runs/expandRuns';
import { pythonLauncherFor, type PythonLauncher } from '../runs/pythonRun';
import { dataShapeOf, datasetInfoOf, environmentOf, loadExperimentDataset } from '../runs/experimentData';
import { layoutOf } from '../runs/executeRun';
import { baseSummary, summarize } from '../runs/runSummary';
import { RunPool } from '../runs/runPool';
import { RunSession } from '../runs/runSession';
import { shareSplits } from '../runs/sharedData';
import { smoothLrCurve, suggestLr, type LrCurve, type LrSuggestions } from './lrCurve';
import { lrSweep } from './lrSweep';
import { LR_FIND_FILE } from './lrFindFile';
import { logSpacedRates, type SweepPoint, type SweepRule } from '../advice/lrSweepChoice';

/** How the suggested rate is found: the range test's valley, or a sweep of short runs. */
export type LrMethod = 'sweep' | 'range';
export const LR_METHODS: readonly LrMethod[] = ['sweep', 'range'];
/** The default of the CLI and the extension, chosen from the bench's measurements (docs/search.md). */
export const DEFAULT_LR_METHOD: LrMethod = 'sweep';

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
  /** `sweep` (default) runs the range test and a sweep and suggests the sweep's pick; `range` only the test. */
  method?: LrMethod;
  /** The sweep's rates (default 13, every half decade from 1e-5 to 10), horizon and rule. */
  sweep?: { rates?: number[]; epochs?: number; surfaceSteps?: number; rule?: SweepRule };
  /** Workers of the sweep (default: cores − 1). */
  poolSize?: number;
  /** Each sweep rate as it finishes. */
  onSweepPoint?(p: SweepPoint, done: number, total: number): void;
  /** The Python interpreter of a pytorch model's runs (default `python3`). */
  python?: string;
}

/** The sweep part of a result: every rate, the pick and the edge of stability. */
export interface LrSweepSummary {
  points: SweepPoint[];
  rule: SweepRule;
  epochs: number | null;
  steps: number | null;
  lr: number | null;
  edgeOfStability: number | null;
}

export interface LrFindResult {
  optimizer: OptimizerConfig;
  curve: LrCurve;
  suggestions: LrSuggestions;
  /** Why the sweep ended: all steps, blow-up, or cancelled. */
  stopped: 'completed' | 'diverged' | 'cancelled';
  /** The record folder, when `recordsRoot` was given. */
  recordDir: string | null;
  method: LrMethod;
  /** The rate the extension offers first: the sweep's pick (method sweep), else the valley. */
  suggestedLr: number | null;
  sweep: LrSweepSummary | null;
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
  let shape: DataShape | null = null;
  let datasetInfo: RunRecord['dataset'] = null;
  // A user's PyTorch model: the range test and every sweep rate are Python processes, as its runs
  // are; a missing Python or torch fails here, before anything runs.
  const launcher = await pythonLauncherFor(e, o.python, o.workerPath);
  // A model's data function (model.data): one probe gives the sizes; each process calls it again.
  const own = e.kind === 'data' && launcher ? await probeOwnData(e, launcher.o) : null;
  if (own) {
    shape = own.shape;
    datasetInfo = own.info;
  } else if (e.kind === 'data') {
    const d = await loadExperimentDataset(
      withDataFile(e, 'Find Learning Rate'),
      o.experimentFile,
      o.maxDataBytes,
    );
    const layout = shareSplits(d);
    shared = { X: layout.data.X, y: layout.data.y };
    shape = dataShapeOf(d, layout);
    datasetInfo = datasetInfoOf(d);
  }
  try {
    return await findWith(o, e, optimizer, base, shared, shape, datasetInfo, launcher);
  } finally {
    await launcher?.dispose();
  }
}

/** The range test and the sweep, once the data is loaded (and the Python checked). */
async function findWith(
  o: LrFindOptions,
  e: ResolvedExperiment,
  optimizer: OptimizerConfig,
  base: OptimizerConfig,
  shared: Record<string, SharedArrayBuffer> | null,
  shape: DataShape | null,
  datasetInfo: RunRecord['dataset'],
  launcher: PythonLauncher | null,
): Promise<LrFindResult> {
  const startLr = optimizer.lr as number;
  const endLr = o.endLr ?? 10;
  const numIt = o.numIt ?? 100;
  const beta = o.beta ?? 0.98;
  const factor = o.divergenceFactor ?? 4;
  const rangeTest: ResolvedExperiment = { ...e, optimizers: [optimizer], schedule: null };
  const first = expandRuns(rangeTest, shape)[0]!;
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

  const pool = new RunPool({
    workerPath: o.workerPath,
    size: 1,
    ...(launcher ? { launch: launcher.launch } : {}),
  });
  const onAbort = (): void => pool.cancelAll();
  o.signal?.addEventListener('abort', onAbort);
  let avg = 0;
  let best = Infinity;
  let step = 0;
  let blewUp = false;
  let outcome;
  try {
    const pending = pool.submit({ runId: spec.runId, spec, data: shared }, (raw) => {
      const p = readProgress(raw);
      if (!p || blewUp) return;
      for (const s of p.steps) {
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
  const method = o.method ?? DEFAULT_LR_METHOD;
  if (outcome.kind === 'cancelled-queued') {
    const curve = { lrs: [], losses: [], smoothed: [], divergedAt: null };
    const suggestions = suggestLr(curve, numIt);
    return {
      optimizer,
      curve,
      suggestions,
      stopped: 'cancelled',
      recordDir: null,
      method,
      suggestedLr: null,
      sweep: null,
    };
  }
  const r = parseRunResult(outcome.result);
  // The worker may have taken a step or two after the blow-up before it saw the cancel; the
  // analysis cuts the curve where fastai would have stopped.
  const curve = smoothLrCurve(r.curves.stepLr, r.curves.stepLoss, beta, factor);
  const stopped = curve.divergedAt !== null ? 'diverged' : o.signal?.aborted ? 'cancelled' : 'completed';
  const suggestions = suggestLr(curve, numIt);
  let sweep: LrSweepSummary | null = null;
  let sweepRuns: Awaited<ReturnType<typeof lrSweep>>['runs'] = [];
  if (method === 'sweep' && !o.signal?.aborted) {
    const rates = o.sweep?.rates ?? logSpacedRates(1e-5, 10, 13);
    const s = await lrSweep({
      experiment: e,
      optimizer: base,
      rates,
      shape,
      shared,
      workerPath: o.workerPath,
      ...(launcher ? { launch: launcher.launch } : {}),
      ...(o.sweep?.epochs !== undefined ? { epochs: o.sweep.epochs } : {}),
      ...(o.sweep?.surfaceSteps !== undefined ? { surfaceSteps: o.sweep.surfaceSteps } : {}),
      ...(o.sweep?.rule !== undefined ? { rule: o.sweep.rule } : {}),
      ...(o.poolSize !== undefined ? { poolSize: o.poolSize } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.onSweepPoint ? { onPoint: o.onSweepPoint } : {}),
    });
    const first = s.runs[0]?.spec;
    sweep = {
      points: s.points,
      rule: s.rule,
      epochs: e.kind === 'data' ? (first?.epochs ?? null) : null,
      steps: e.kind === 'surface' ? (first?.epochs ?? null) : null,
      lr: s.lr,
      edgeOfStability: s.edgeOfStability,
    };
    sweepRuns = s.runs;
  }
  const result: LrFindResult = {
    optimizer,
    curve,
    suggestions,
    stopped: o.signal?.aborted ? 'cancelled' : stopped,
    recordDir: null,
    method,
    suggestedLr: method === 'sweep' ? (sweep?.lr ?? suggestions.valley) : suggestions.valley,
    sweep,
  };

  if (o.recordsRoot !== undefined) {
    const session = await RunSession.create(
      o.recordsRoot,
      {
        name: `${e.name} (${method === 'sweep' ? 'LR sweep and range test' : 'LR range test'})`,
        experimentFile: o.experimentFile,
        environment: environmentOf(1, e.training.precision, launcher?.runtime),
        // The sweep is one run, not a search: the file's search section stays out of its record.
        experiment: { ...rangeTest, search: undefined },
        dataset: datasetInfo,
        objective: e.objective,
        runs: [],
      },
      new Date(),
      `${e.name}-lr-find`,
    );
    const dir = session.dir;
    try {
      await session.endRun(summarize(baseSummary(spec), r, rangeTest), {
        runId: spec.runId,
        layout: r.layout ?? layoutOf(spec),
        initialParams: r.initialParams,
        finalParams: r.finalParams,
        ...r.curves,
      });
      for (const { spec: sp, result: sr, message } of sweepRuns) {
        if (!sr) {
          await session.endRun(
            {
              ...baseSummary(sp),
              status: message === 'cancelled before it started' ? 'cancelled' : 'failed',
              message,
            },
            null,
          );
          continue;
        }
        await session.endRun(summarize(baseSummary(sp), sr, e), {
          runId: sp.runId,
          layout: sr.layout ?? layoutOf(sp),
          initialParams: sr.initialParams,
          finalParams: sr.finalParams,
          ...sr.curves,
        });
      }
    } catch (err) {
      await session.end('failed', (err as Error)?.message ?? String(err));
      throw err;
    }
    await session.end(stopped === 'cancelled' ? 'cancelled' : 'done');
    const file = {
      startLr,
      endLr,
      numIt,
      beta,
      divergenceFactor: factor,
      optimizerIndex: o.optimizerIndex ?? 0,
      ...result,
      recordDir: undefined,
    };
    await session.writeFile(LR_FIND_FILE, `${JSON.stringify(file)}\n`);
    result.recordDir = dir;
  }
  return result;
}
