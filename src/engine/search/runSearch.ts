// The search driver: one session of a hyperparameter search over the run session and the worker
// pool. It asks the sampler (trialSampler.ts) for points, runs each trial's runs, lets the pruner
// (trialRungs.ts) stop trials at rungs, and keeps search.json and trials.jsonl (searchState.ts).
import type { ResolvedExperiment } from '../../protocol/experiment';
import type { RunProgress, RunSpec } from '../../protocol/runs';
import { readProgress } from '../runs/progressWire';
import type { CurvesFile, RunRecord } from '../../protocol/record';
import {
  SEARCH_FORMAT,
  SEARCH_VERSION,
  gridTrialCount,
  type SearchState,
  type TrialState,
} from '../../protocol/search';
import { ConfigError } from '../errors';
import { assertWithinLimits, problemSizeOf } from '../experiment/limits';
import { datasetInfoOf, environmentOf } from '../runs/experimentData';
import { readRecord } from '../runs/records';
import { baseSummary, outcomeSummary, stopMessage } from '../runs/runSummary';
import { RunSession } from '../runs/runSession';
import { RunPool, defaultPoolSize } from '../runs/runPool';
import { diagnoseRecord } from '../doctor/diagnoseRecord';
import type { PythonRuntime } from '../runs/pythonCheck';
import { pythonLauncherFor } from '../runs/pythonRun';
import { Pruner, bracketOf, rungEpochs } from './pruning';
import {
  SEARCH_FILE,
  TRIALS_FILE,
  bestTrial,
  emptyTrial,
  isFinished,
  readSearchState,
  requeued,
} from './searchState';
import { trialLabel, trialSetup } from './space';
import { TrialRungs, settleTrial } from './trialRungs';
import { TrialSampler } from './trialSampler';
import { loadSearchProblem, sharedDataOf, trialSpecs, type SearchProblem } from './trialProblem';

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

/** What a new search's state starts from. */
interface SearchStart {
  fingerprint: string;
  poolSize: number;
  window: number;
  budget: number;
  gridTrials: number | null;
  /** The Python of a user model's trials, for the record's environment. */
  python?: PythonRuntime | undefined;
}

/**
 * The session and state of a search: a new record folder and state, or (resume) the folder of an
 * interrupted search with its finished trials kept and the others requeued at the same points.
 */
async function openSearch(
  o: RunSearchOptions,
  problem: SearchProblem,
  start: SearchStart,
): Promise<{ session: RunSession; state: SearchState }> {
  const e = o.experiment;
  const s = e.search!;
  if (o.resume !== undefined) {
    const resumeDir = o.resume;
    const state = await readSearchState(resumeDir);
    if (state.fingerprint !== start.fingerprint) {
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
    const session = await RunSession.reopen(resumeDir, (r) => kept.has(r.id));
    state.status = 'running';
    state.stop_reason = null;
    return { session, state };
  }
  const d = problem.dataset;
  const session = await RunSession.create(o.recordsRoot, {
    name: e.name,
    experimentFile: o.experimentFile,
    environment: environmentOf(start.poolSize, e.training.precision, start.python),
    experiment: { ...e },
    dataset: problem.info ?? (d ? datasetInfoOf(d) : null),
    objective: e.objective,
    runs: [],
  });
  const state: SearchState = {
    format: SEARCH_FORMAT,
    version: SEARCH_VERSION,
    status: 'running',
    stop_reason: null,
    strategy: s.strategy,
    seed: s.seed,
    window: start.window,
    budget: { trials: start.budget, wall_time_s: s.budget.wall_time_s },
    grid_trials: start.gridTrials,
    objective: e.objective,
    cv_folds: s.cv_folds,
    fingerprint: start.fingerprint,
    elapsed_ms: 0,
    best: null,
    trials: [],
  };
  return { session, state };
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
  // Trials of a pytorch model are Python processes: a missing Python or torch fails here, once.
  const launcher = await pythonLauncherFor(e, o.python, o.workerPath);
  const problem = await loadSearchProblem(e, s, o.experimentFile, o.maxDataBytes, launcher?.o);
  assertWithinLimits(e, problem.shape ? problemSizeOf(problem.shape) : null, o.experimentFile);
  const fingerprint = JSON.stringify(s);
  const runsPerTrial =
    e.training.seeds.length * (e.kind === 'surface' ? e.surface.restarts + 1 : 1) * (s.cv_folds ?? 1);
  const poolSize = Math.max(1, o.poolSize ?? defaultPoolSize());
  const sampler = new TrialSampler(s, e.objective.mode);
  const grid = sampler.grid;
  const budget = Math.min(s.budget.trials, grid?.length ?? Infinity);

  const resumed = o.resume !== undefined;
  const { session, state } = await openSearch(o, problem, {
    fingerprint,
    poolSize,
    window: Math.max(1, Math.floor(poolSize / runsPerTrial)),
    budget,
    gridTrials: grid ? gridTrialCount(s) : null,
    python: launcher?.runtime,
  });
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
  let exhausted = false;

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

    const trialRungs = new TrialRungs(t, specs.length, rungs, pruner, e.objective, {
      release: (id) => pool.release(id),
      cancel: (id) => pool.cancel(id),
    });

    const results = await Promise.all(
      specs.map(async (spec, k) => {
        const outcome = await pool.submit(
          { runId: spec.runId, spec, data: sharedDataOf(problem, spec) },
          (raw) => {
            const progress = readProgress(raw);
            if (!progress) return;
            const summary = summaries.get(spec.runId)!;
            if (summary.status === 'queued') summary.status = 'running';
            for (const ep of progress.epochs) trialRungs.onEpoch(k, ep);
            o.events?.onProgress?.(spec.runId, t.index, progress);
          },
        );
        const { result, file, encoded, ...ended } = outcomeSummary(spec, outcome, e);
        let summary = ended.summary;
        if (t.pruned_at_epoch !== null) {
          // A run the pruner stopped, before or after it started, is pruned rather than cancelled.
          if (outcome.kind === 'cancelled-queued') {
            summary = {
              ...summary,
              status: 'pruned',
              message: `pruned at epoch ${t.pruned_at_epoch} before it started`,
            };
          } else if (result?.status === 'cancelled') {
            summary = { ...summary, status: 'pruned', message: `pruned at epoch ${t.pruned_at_epoch}` };
          }
        }
        if (file) curves.set(spec.runId, file);
        trialRungs.onRunEnded(k, summary);
        await session.endRun(summary, file, encoded ?? null);
        return summary;
      }),
    );

    t.elapsed_ms = Date.now() - t0;
    settleTrial(t, results, e.objective.metric, o.signal?.aborted ?? false);
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
          if (i >= budget || !sampler.ready(i, state)) break;
          const params = sampler.suggest(i, state);
          if (params === null) {
            exhausted = true;
            break;
          }
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
