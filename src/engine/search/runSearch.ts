import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedExperiment } from '../../protocol/experiment';
import { runProgressSchema, runResultSchema, type RunProgress, type RunSpec } from '../../protocol/runs';
import { type CurvesFile, type RunRecord, type RunSummary } from '../../protocol/record';
import {
  SEARCH_FORMAT,
  SEARCH_VERSION,
  gridTrialCount,
  searchStateSchema,
  trialStateSchema,
  type ResolvedSearch,
  type SearchState,
  type TrialState,
} from '../../protocol/search';
import { prepareDataset, type Dataset } from '../data/dataset';
import { ConfigError } from '../errors';
import { assertWithinLimits, problemSizeOf } from '../experiment/limits';
import { Rng } from '../random';
import { expandRuns, type DataShape } from '../runs/expandRuns';
import { dataShapeOf, datasetInfoOf, environmentOf, loadExperimentTable } from '../runs/experimentData';
import { layoutOf } from '../runs/executeRun';
import { readRecord } from '../runs/records';
import { baseSummary, stopMessage, summarize } from '../runs/runExperiment';
import { RunSession } from '../runs/runSession';
import { updateVerdict } from '../verdict/recordVerdict';
import { trialTraining } from './trialTraining';
import { RunPool, defaultPoolSize } from '../runs/runPool';
import { shareSplits, type SharedLayout } from '../runs/sharedData';
import { diagnoseRecord } from '../doctor/diagnoseRecord';
import { pythonLauncherFor } from '../runs/pythonRun';
import { shareFolds, type FoldLayout } from './folds';
import { gridOrder } from './grid';
import { Pruner, bracketOf, rungEpochs } from './pruning';
import { dimensions, paramsKey, sampleRandom, trialLabel, trialSetup, type TrialParams } from './space';
import { suggestTpe, type TpeObservation } from './tpe';

/** What a front door (CLI, extension) hears while a search runs. */
export interface SearchEvents {
  /** The record folder exists; `state.trials` holds the trials kept from an earlier session. */
  onStart?(info: { recordDir: string; state: SearchState; record: RunRecord; resumed: boolean }): void;
  /** A trial's runs were queued on the pool. */
  onTrialStart?(trial: TrialState, specs: RunSpec[]): void;
  /** Batched live points of one run of a trial. */
  onProgress?(runId: string, trial: number, progress: RunProgress): void;
  /** A trial ended (any status); the record and search record on disk include it already. */
  onTrialEnd?(trial: TrialState, state: SearchState): void;
}

export interface RunSearchOptions {
  /** A resolved experiment with a `search` section. */
  experiment: ResolvedExperiment;
  experimentFile: string | null;
  /** Folder holding record folders (usually `.optimizer-lab` beside the experiment file). */
  recordsRoot: string;
  /** The bundled worker script (dist/worker.js). */
  workerPath: string;
  poolSize?: number;
  /** Aborting cancels the search: running trials stop, are marked cancelled and rerun on resume. */
  signal?: AbortSignal;
  events?: SearchEvents;
  maxDataBytes?: number;
  /** Record folder of an interrupted search to continue: finished trials are kept, not rerun. */
  resume?: string;
  /** Writes the report once the search ended (the CLI renders the HTML report here). */
  finish?(recordDir: string, record: RunRecord, curves: Map<string, CurvesFile>): Promise<void>;
  /** The Python interpreter of a pytorch model's trials (default `python3`). */
  python?: string;
}

export interface SearchOutcome {
  recordDir: string;
  record: RunRecord;
  state: SearchState;
  /** The best finished trial, or null when none finished. */
  best: TrialState | null;
  curves: Map<string, CurvesFile>;
}

export const SEARCH_FILE = 'search.json';
/** The trials journal: a trial's state appended each time it starts or ends (readSearchState merges it). */
export const TRIALS_FILE = 'trials.jsonl';

const FINISHED: readonly TrialState['status'][] = ['done', 'pruned', 'diverged', 'failed'];
const isFinished = (t: TrialState) => FINISHED.includes(t.status);

/** A per-trial random stream of the search seed, so trial i's draws do not depend on timing. */
function trialRng(seed: number, index: number): Rng {
  return new Rng((Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
}

/** Reads and validates the search record of a record folder. */
export async function readSearchState(dir: string): Promise<SearchState> {
  let text: string;
  try {
    text = await fs.readFile(join(dir, SEARCH_FILE), 'utf8');
  } catch {
    throw new ConfigError(`${dir} has no ${SEARCH_FILE}: it is not the record of a search`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  const parsed = searchStateSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError(`${join(dir, SEARCH_FILE)} is not a valid search record`);
  const state = parsed.data;
  // Trials that started or ended since search.json was written; a torn last line is skipped.
  const journal = await fs.readFile(join(dir, TRIALS_FILE), 'utf8').catch(() => '');
  let merged = false;
  for (const line of journal.split('\n')) {
    if (!line.trim()) continue;
    let trial: TrialState;
    try {
      const t = trialStateSchema.safeParse(JSON.parse(line));
      if (!t.success) continue;
      trial = t.data;
    } catch {
      continue;
    }
    state.trials[trial.index] = trial;
    merged = true;
  }
  if (merged) {
    state.trials = state.trials.filter((t) => t !== undefined);
    // The best trial is the verdict's rank-1 configuration, read from the record's runs (merged
    // with its own journal the same way).
    const entry = await readRecord(dir);
    if (entry.ok) state.best = bestTrial(entry.record);
  }
  return state;
}

/** The monitored value of one epoch event, or null when the epoch has none. */
function monitored(metric: string, ep: RunProgress['epochs'][number]): number | null {
  if (metric === 'train_loss') return ep.trainLoss;
  if (!ep.validation) return null;
  if (metric === 'val_loss') return ep.validation.loss;
  return ep.validation.metrics[metric.replace(/^val_/, '')] ?? null;
}

interface Problem {
  dataset: Dataset | null;
  layout: SharedLayout | null;
  folds: FoldLayout[] | null;
  shape: DataShape | null;
}

async function loadProblem(o: RunSearchOptions, s: ResolvedSearch): Promise<Problem> {
  const e = o.experiment;
  if (e.kind !== 'data') return { dataset: null, layout: null, folds: null, shape: null };
  const table = await loadExperimentTable(e, o.experimentFile, o.maxDataBytes);
  const dataset = prepareDataset(table, e.data, { precision: e.training.precision });
  if (s.cv_folds !== null) {
    const plain = { ...e.data.preprocessing, standardize: false, standardize_target: false };
    const raw = prepareDataset(table, { ...e.data, preprocessing: plain }, { precision: 'float64' });
    const folds = shareFolds(raw, e.data, s.cv_folds, e.training.precision);
    const f0 = folds[0]!;
    return {
      dataset,
      layout: null,
      folds,
      shape: dataShapeOf(dataset, f0),
    };
  }
  const layout = shareSplits(dataset);
  return {
    dataset,
    layout,
    folds: null,
    shape: dataShapeOf(dataset, layout),
  };
}

/** The runs of one trial: every seed (and surface start) of the trial's configuration, × every fold. */
function trialSpecs(
  e: ResolvedExperiment,
  trial: TrialState,
  setup: RunSpec['optimizer'],
  p: Problem,
): RunSpec[] {
  const te: ResolvedExperiment =
    e.kind === 'data'
      ? {
          ...e,
          optimizers: [setup],
          l2: trial.l2 ?? e.l2,
          training: trialTraining(e.training, trial),
        }
      : { ...e, optimizers: [setup] };
  const specs = expandRuns(te, p.shape).map((spec) => ({
    ...spec,
    runId: `t${trial.index}-${spec.runId.replace(/^c0-/, '')}`,
    configIndex: trial.index,
    label: trial.label,
  }));
  if (!p.folds) return specs;
  return specs.flatMap((spec) =>
    p.folds!.map((f, k): RunSpec => {
      if (spec.problem.kind !== 'dataset') return spec;
      return {
        ...spec,
        runId: `${spec.runId}-f${k}`,
        fold: k,
        problem: {
          ...spec.problem,
          layout: `fold${k}`,
          trainRows: f.trainRows,
          valRows: f.validationRows,
          targetScale: f.targetScale,
        },
      };
    }),
  );
}

function emptyTrial(index: number, params: TrialParams): TrialState {
  return {
    index,
    params,
    label: `#${index}`,
    config: null,
    status: 'queued',
    value: null,
    std: null,
    values: [],
    runIds: [],
    bracket: null,
    intermediate: [],
    rungs: [],
    pruned_at_epoch: null,
    message: null,
    elapsed_ms: 0,
  };
}

/** A trial back to queued (resume): same point, nothing of its interrupted runs. */
function requeued(t: TrialState): TrialState {
  return { ...emptyTrial(t.index, t.params), label: t.label, config: t.config };
}

function better(mode: 'min' | 'max', a: number, b: number): boolean {
  return mode === 'min' ? a < b : a > b;
}

/** The best trial by the verdict's rule (docs/records.md): the rank-1 configuration of the record. */
function bestTrial(record: RunRecord): number | null {
  return updateVerdict(record).best?.configuration ?? null;
}

/** TPE's view of trial j when suggesting trial i: finished results up to i − window, pending after. */
function observation(t: TrialState, visible: boolean, mode: 'min' | 'max'): TpeObservation | null {
  const sign = mode === 'min' ? 1 : -1;
  if (!visible) return { index: t.index, params: t.params, state: 'running' };
  if (t.status === 'done' && t.value !== null) {
    return { index: t.index, params: t.params, state: 'complete', loss: sign * t.value };
  }
  if (t.status === 'diverged') return { index: t.index, params: t.params, state: 'complete', loss: Infinity };
  if (t.status === 'pruned' && t.rungs.length > 0) {
    const [epoch, value] = t.rungs[t.rungs.length - 1]!;
    return {
      index: t.index,
      params: t.params,
      state: 'pruned',
      lastEpoch: epoch,
      loss: value === null ? Infinity : sign * value,
    };
  }
  return null; // failed trials tell nothing about the objective (Optuna ignores them too)
}

/**
 * Runs a hyperparameter search end to end: loads and shares the data once (or once per fold),
 * suggests trials with the section's strategy (grid, random, TPE with a constant liar for trials
 * still running), runs every trial's runs on the worker pool, prunes trials from the validation
 * values they stream (ASHA or Hyperband), and keeps `record.json` (the trials' runs, readable by
 * `runs list|show` and the report) and `search.json` (the trials) current on disk with atomic
 * writes, so a cancel or a crash loses at most the trials that were running. With `resume`, the
 * finished trials of an interrupted search are kept and the rest continue from the same points.
 *
 * Reproducibility: grid and random points depend only on the seed; TPE's suggestion i depends on
 * the seed and the results of trials 0..i−window (window = trials run at once, kept in the record);
 * pruning decisions compare with the trials that reached a rung first, so with pruning and more
 * than one trial at a time the outcome can depend on timing, as with Optuna and Ray Tune.
 */
export async function runSearch(o: RunSearchOptions): Promise<SearchOutcome> {
  const e = o.experiment;
  const s = e.search;
  if (!s) throw new ConfigError('this experiment has no "search" section');
  const problem = await loadProblem(o, s);
  assertWithinLimits(e, problem.shape ? problemSizeOf(problem.shape) : null, o.experimentFile);
  // Trials of a pytorch model are Python processes: a missing Python or torch fails here, once.
  const launcher = await pythonLauncherFor(e, o.python, o.workerPath);
  const dims = dimensions(s);
  const fingerprint = JSON.stringify(s);
  const runsPerTrial =
    e.training.seeds.length * (e.kind === 'surface' ? e.surface.restarts + 1 : 1) * (s.cv_folds ?? 1);
  const poolSize = Math.max(1, o.poolSize ?? defaultPoolSize());
  const grid = s.strategy === 'grid' ? gridOrder(dims, s.seed) : null;
  const budget = Math.min(s.budget.trials, grid?.length ?? Infinity);

  let session: RunSession;
  let state: SearchState;
  const resumed = o.resume !== undefined;
  if (o.resume !== undefined) {
    const resumeDir = o.resume;
    state = await readSearchState(resumeDir);
    if (state.fingerprint !== fingerprint) {
      throw new ConfigError(
        `the search section changed since ${resumeDir} was recorded: start a new search instead of resuming`,
      );
    }
    const entry = await readRecord(resumeDir);
    if (!entry.ok) throw new ConfigError(`cannot resume ${resumeDir}: ${entry.error}`);
    const kept = new Set<string>();
    state.trials = state.trials.map((t) => {
      if (isFinished(t)) {
        t.runIds.forEach((id) => kept.add(id));
        return t;
      }
      return requeued(t);
    });
    session = await RunSession.reopen(resumeDir, (r) => kept.has(r.id));
    state.status = 'running';
    state.stop_reason = null;
  } else {
    const d = problem.dataset;
    session = await RunSession.create(o.recordsRoot, {
      name: e.name,
      experimentFile: o.experimentFile,
      environment: environmentOf(poolSize, e.training.precision),
      experiment: { ...e },
      dataset: d ? datasetInfoOf(d) : null,
      objective: e.objective,
      runs: [],
    });
    state = {
      format: SEARCH_FORMAT,
      version: SEARCH_VERSION,
      status: 'running',
      stop_reason: null,
      strategy: s.strategy,
      seed: s.seed,
      window: Math.max(1, Math.floor(poolSize / runsPerTrial)),
      budget: { trials: budget, wall_time_s: s.budget.wall_time_s },
      grid_trials: grid ? gridTrialCount(s) : null,
      objective: e.objective,
      cv_folds: s.cv_folds,
      fingerprint,
      elapsed_ms: 0,
      best: null,
      trials: [],
    };
  }
  const window = state.window;
  const mode = e.objective.mode;

  const recordDir = session.dir;
  // search.json is written when the search starts and ends; in between a trial that starts or ends
  // is one line of trials.jsonl (and its runs go to the record's journal), so saving costs O(new data).
  const save = async (): Promise<void> => {
    await session.writeFile(SEARCH_FILE, `${JSON.stringify(state, null, 1)}\n`);
    await session.writeFile(TRIALS_FILE, '');
  };
  const saveTrial = (t: TrialState): Promise<void> => session.appendLines(TRIALS_FILE, [t]);

  const pruner = s.pruning
    ? new Pruner({
        type: s.pruning.type,
        minEpochs: s.pruning.min_epochs,
        reductionFactor: s.pruning.reduction_factor,
        maxEpochs: e.kind === 'data' ? e.training.epochs : 1,
        mode,
      })
    : null;
  // Decisions of kept trials are replayed, so resumed trials compete with them as before.
  for (const t of state.trials) {
    if (!pruner || t.bracket === null || !isFinished(t)) continue;
    for (const [epoch, value] of t.rungs) pruner.remember(t.bracket, epoch, value ?? NaN);
  }
  await save();
  o.events?.onStart?.({ recordDir, state, record: session.record, resumed });

  // Runs wait at rungs for the decision on their whole trial, so with pruning every run of a
  // trial must hold a worker at once: a trial's run queued behind its waiting siblings would
  // never come.
  const pool = new RunPool({
    workerPath: o.workerPath,
    size: s.pruning ? Math.max(poolSize, runsPerTrial) : poolSize,
    ...(launcher ? { launch: launcher.launch } : {}),
  });
  const onAbort = (): void => pool.cancelAll();
  o.signal?.addEventListener('abort', onAbort);
  const curves = new Map<string, CurvesFile>();
  const started = Date.now();
  const elapsedBefore = state.elapsed_ms;
  const seen = new Set(state.trials.map((t) => paramsKey(t.params)));
  let exhausted = false;

  /** The point of new trial i, or null when the space has no new point left. */
  const suggest = (i: number): TrialParams | null => {
    if (grid) return grid[i] ?? null;
    const rng = trialRng(s.seed, i);
    for (let attempt = 0; attempt < 100; attempt++) {
      let params: TrialParams;
      if (s.strategy === 'tpe' && attempt < 10) {
        const obs = state.trials
          .slice(0, i)
          .map((t) => observation(t, t.index <= i - window, mode))
          .filter((x): x is TpeObservation => x !== null);
        params = suggestTpe(
          dims,
          obs,
          { startupTrials: s.tpe.startup_trials, eiCandidates: s.tpe.ei_candidates },
          rng,
        );
      } else {
        // A repeated point (a small discrete space) is redrawn from the prior.
        params = sampleRandom(dims, rng);
      }
      if (!seen.has(paramsKey(params))) return params;
    }
    return null;
  };

  /** TPE waits until trials 0..i−window are finished, so suggestion i does not depend on timing. */
  const ready = (i: number): boolean =>
    s.strategy !== 'tpe' || state.trials.slice(0, Math.max(0, i - window + 1)).every(isFinished);

  const runTrial = async (t: TrialState): Promise<void> => {
    const t0 = Date.now();
    const setup = trialSetup(s, t.params);
    if (!setup.ok) {
      t.status = 'failed';
      t.message = setup.message;
      state.elapsed_ms = elapsedBefore + Date.now() - started;
      await saveTrial(t);
      o.events?.onTrialEnd?.(t, state);
      return;
    }
    t.config = { ...setup.setup.optimizer };
    if (setup.setup.batchSize !== undefined) t.batch_size = setup.setup.batchSize;
    if (setup.setup.l2 !== undefined) t.l2 = setup.setup.l2;
    if (setup.setup.dataParallel !== undefined) t.data_parallel = setup.setup.dataParallel;
    t.label = trialLabel(t.index, setup.setup);
    t.bracket = pruner ? bracketOf(pruner.config, s.seed, t.index) : null;
    const rungs = pruner && t.bracket !== null ? rungEpochs(pruner.config, t.bracket) : [];
    let specs: RunSpec[];
    try {
      specs = trialSpecs(e, t, setup.setup.optimizer, problem).map((x) => ({ ...x, rungs }));
    } catch (err) {
      // A sampled point the data refuses (e.g. more data-parallel workers than rows in a batch).
      if (!(err instanceof ConfigError)) throw err;
      t.status = 'failed';
      t.message = err.message;
      await save();
      o.events?.onTrialEnd?.(t, state);
      return;
    }
    t.runIds = specs.map((x) => x.runId);
    t.status = 'running';
    const summaries = new Map(specs.map((x) => [x.runId, baseSummary(x)]));
    await session.addRuns([...summaries.values()]);
    await saveTrial(t);
    o.events?.onTrialStart?.(t, specs);

    // Per run: its monitored value after each count of epochs (best so far with use: best).
    const perRun = specs.map(() => new Map<number, number | null>());
    const runningBest: (number | null)[] = specs.map(() => null);
    // Runs that ended, with their last value (null when they diverged or failed): a sibling waiting
    // at a rung must not wait for them.
    const ended = specs.map((): { value: number | null } | null => null);
    const decided = new Set<number>();

    /**
     * Decides rung `epoch` once every run of the trial is waiting there or has ended, on the mean
     * of their values: the runs wait in their workers (executeRun), so a pruned trial trains no
     * epoch past the rung and a trial that passes goes on from exactly there.
     */
    const decide = (epoch: number): void => {
      if (!pruner || decided.has(epoch) || t.pruned_at_epoch !== null) return;
      const waiting = specs.map((_, k) => perRun[k]!.has(epoch));
      if (!specs.every((_, k) => waiting[k] || ended[k] !== null)) return;
      if (!waiting.some(Boolean)) return; // every run ended before the rung: nothing to decide
      decided.add(epoch);
      const vals = specs.map((_, k) => (waiting[k] ? perRun[k]!.get(epoch)! : ended[k]!.value));
      const known = vals.filter((x): x is number => x !== null);
      const mean = known.length === vals.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
      const decision = pruner.report(t.bracket!, epoch, mean ?? NaN);
      t.rungs.push([epoch, mean]);
      if (decision === 'continue') {
        for (const id of t.runIds) pool.release(id);
        return;
      }
      t.pruned_at_epoch = epoch;
      for (const id of t.runIds) pool.cancel(id);
    };

    const onEpoch = (runIndex: number, ep: RunProgress['epochs'][number]): void => {
      // Progress numbers epochs from 0; epoch counts (rungs, pruned_at_epoch) from 1.
      const done = ep.epoch + 1;
      let v = monitored(e.objective.metric, ep);
      if (v !== null && !Number.isFinite(v)) v = null;
      if (e.objective.use === 'best' && v !== null) {
        const b = runningBest[runIndex];
        if (b !== null && b !== undefined && !better(mode, v, b)) v = b;
        runningBest[runIndex] = v;
      }
      perRun[runIndex]!.set(done, v);
      if (perRun.every((m) => m.has(done))) {
        const vals = perRun.map((m) => m.get(done)!);
        const mean = vals.some((x) => x === null) ? null : vals.reduce((a, b) => a + b!, 0)! / vals.length;
        t.intermediate.push([done, mean]);
      }
      if (rungs.includes(done)) decide(done);
    };

    /** A run ended: rungs its siblings wait at may now be decided without it. */
    const onRunEnded = (runIndex: number, summary: RunSummary): void => {
      const finishedRun = summary.status === 'done' || summary.status === 'early-stopped';
      const last = [...perRun[runIndex]!.values()].at(-1) ?? null;
      ended[runIndex] = { value: finishedRun ? last : null };
      for (const r of rungs) if (!decided.has(r)) decide(r);
    };

    const shared = (spec: RunSpec): Record<string, SharedArrayBuffer> | null => {
      if (problem.folds && spec.fold !== null) {
        const f = problem.folds[spec.fold]!;
        return { X: f.data.X, y: f.data.y };
      }
      return problem.layout ? { X: problem.layout.data.X, y: problem.layout.data.y } : null;
    };

    const results = await Promise.all(
      specs.map(async (spec, k) => {
        const outcome = await pool.submit({ runId: spec.runId, spec, data: shared(spec) }, (raw) => {
          const progress = runProgressSchema.safeParse(raw);
          if (!progress.success) return;
          const summary = summaries.get(spec.runId)!;
          if (summary.status === 'queued') summary.status = 'running';
          for (const ep of progress.data.epochs) onEpoch(k, ep);
          o.events?.onProgress?.(spec.runId, t.index, progress.data);
        });
        const base = baseSummary(spec);
        let summary: RunSummary;
        if (outcome.kind === 'cancelled-queued') {
          summary =
            t.pruned_at_epoch !== null
              ? {
                  ...base,
                  status: 'pruned',
                  message: `pruned at epoch ${t.pruned_at_epoch} before it started`,
                }
              : { ...base, status: 'cancelled', message: 'cancelled before it started' };
        } else if (outcome.kind === 'failed') {
          summary = { ...base, status: 'failed', message: outcome.message };
        } else {
          const parsed = runResultSchema.safeParse(outcome.result);
          if (!parsed.success) {
            summary = {
              ...base,
              status: 'failed',
              message: `invalid result from the worker: ${parsed.error.message}`,
            };
          } else {
            const r = parsed.data;
            summary = summarize(base, r, e);
            if (r.status === 'cancelled' && t.pruned_at_epoch !== null) {
              summary = { ...summary, status: 'pruned', message: `pruned at epoch ${t.pruned_at_epoch}` };
            }
            const file: CurvesFile = {
              runId: spec.runId,
              layout: r.layout ?? layoutOf(spec),
              initialParams: r.initialParams,
              finalParams: r.finalParams,
              ...r.curves,
            };
            curves.set(spec.runId, file);
            onRunEnded(k, summary);
            await session.endRun(summary, file);
            return summary;
          }
        }
        onRunEnded(k, summary);
        await session.endRun(summary, null);
        return summary;
      }),
    );

    t.elapsed_ms = Date.now() - t0;
    t.values = results.map((r) => r.objective);
    const failed = results.find((r) => r.status === 'failed');
    if (t.pruned_at_epoch !== null && !o.signal?.aborted) {
      t.status = 'pruned';
      t.message = `pruned at epoch ${t.pruned_at_epoch}`;
    } else if (results.some((r) => r.status === 'cancelled')) {
      t.status = 'cancelled';
      t.message = 'cancelled; a resumed search runs it again';
    } else if (failed) {
      t.status = 'failed';
      t.message = failed.message;
    } else if (results.some((r) => r.status === 'diverged')) {
      t.status = 'diverged';
      t.message = results.find((r) => r.status === 'diverged')!.message;
    } else if (t.values.some((v) => v === null)) {
      t.status = 'failed';
      t.message = `a run gave no ${e.objective.metric} value`;
    } else {
      const vs = t.values as number[];
      const mean = vs.reduce((a, b) => a + b, 0) / vs.length;
      t.status = 'done';
      t.value = mean;
      t.std = vs.length > 1 ? Math.sqrt(vs.reduce((a, v) => a + (v - mean) ** 2, 0) / vs.length) : null;
    }
    state.best = bestTrial(session.record);
    state.elapsed_ms = elapsedBefore + Date.now() - started;
    await saveTrial(t);
    o.events?.onTrialEnd?.(t, state);
  };

  const active = new Map<number, Promise<void>>();
  const stopReason = (): string | null => {
    if (o.signal?.aborted) return 'cancelled';
    if (exhausted) return `the search space has no new point after ${state.trials.length} trials`;
    const wall = state.budget.wall_time_s;
    if (wall !== null && elapsedBefore + Date.now() - started >= wall * 1000)
      return `wall time of ${wall} s reached`;
    return null;
  };
  try {
    for (;;) {
      while (active.size < window && stopReason() === null) {
        let trial = state.trials.find((t) => t.status === 'queued' && !active.has(t.index));
        if (!trial) {
          const i = state.trials.length;
          if (i >= budget || !ready(i)) break;
          const params = suggest(i);
          if (params === null) {
            exhausted = true;
            break;
          }
          seen.add(paramsKey(params));
          trial = emptyTrial(i, params);
          state.trials.push(trial);
        }
        const t = trial;
        t.status = 'running';
        active.set(
          t.index,
          runTrial(t).finally(() => active.delete(t.index)),
        );
      }
      if (active.size === 0) break;
      await Promise.race(active.values());
    }
  } catch (err) {
    // Whatever broke, the record says so and keeps every trial that ended.
    state.status = 'failed';
    state.stop_reason = (err as Error)?.message ?? String(err);
    await save().catch(() => undefined);
    await session.end('failed', state.stop_reason);
    throw err;
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    await pool.close();
    await launcher?.dispose();
  }
  const reason = stopReason();
  const cancelled = o.signal?.aborted ?? false;
  state.status = cancelled ? 'cancelled' : 'done';
  state.stop_reason = reason ?? `${state.trials.length} trials run`;
  state.elapsed_ms = elapsedBefore + Date.now() - started;
  state.best = bestTrial(session.record);
  await save();
  // The doctor reads the runs whose curves this session holds (a resumed search: the new ones).
  await session.end(cancelled ? 'cancelled' : 'done', stopMessage(o.signal), (r) =>
    diagnoseRecord(r, curves),
  );
  const record = session.record;
  if (o.finish) await o.finish(recordDir, record, curves);
  const best = state.best === null ? null : state.trials[state.best]!;
  return { recordDir, record, state, best, curves };
}
