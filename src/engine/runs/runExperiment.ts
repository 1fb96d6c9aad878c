// runExperiment: Runs an experiment end to end (also ExperimentEvents, RunExperimentOptions,
// ExperimentOutcome).
import type { ResolvedExperiment } from '../../protocol/experiment';
import type { RunProgress, RunSpec } from '../../protocol/runs';
import { readProgress } from './progressWire';
import type { CurvesFile, RunRecord, RunSummary } from '../../protocol/record';
import type { Dataset } from '../data/dataset';
import {
  dataShapeOf,
  datasetInfoOf,
  environmentOf,
  loadExperimentDataset,
  planExperimentStream,
  withStream,
  type ExperimentStream,
} from './experimentData';
import { diagnoseRecord } from '../doctor/diagnoseRecord';
import { expandRuns } from './expandRuns';
import { assertWithinLimits, problemSizeOf } from '../experiment/limits';
import { RunSession } from './runSession';
import { RunPool, defaultPoolSize } from './runPool';
import { shareSplits, type SharedLayout } from './sharedData';
import { pythonLauncherFor } from './pythonRun';
import { hasDataFile, withDataFile } from '../experiment/dataFile';
import { probeOwnData } from './pythonProbe';
import { baseSummary, outcomeSummary, stopMessage } from './runSummary';

/** What a front door (CLI, extension) hears while an experiment runs. */
export interface ExperimentEvents {
  /**
   * The record folder exists and every run is queued. `cancelRun` stops one run (a queued one
   * never starts); the others go on.
   */
  onStart?(info: {
    recordDir: string;
    record: RunRecord;
    specs: RunSpec[];
    cancelRun(runId: string): void;
  }): void;
  /** Batched live points of one run. */
  onProgress?(runId: string, progress: RunProgress): void;
  /** A run ended (any status); its summary is in the record on disk already. */
  onRunEnd?(summary: RunSummary, record: RunRecord): void;
}

export interface RunExperimentOptions {
  experiment: ResolvedExperiment;
  /** The experiment file, kept in the record; data paths in messages are relative to its folder. */
  experimentFile: string | null;
  /** Folder holding record folders (usually `.optimizer-lab` beside the experiment file). */
  recordsRoot: string;
  /** The bundled worker script (dist/worker.js). */
  workerPath: string;
  poolSize?: number;
  /** Aborting cancels every run: queued ones never start, running ones stop at their next step. */
  signal?: AbortSignal;
  events?: ExperimentEvents;
  /** Largest data file read, in bytes. */
  maxDataBytes?: number;
  /** Writes the report once every run ended (the CLI renders the HTML report here). */
  finish?(recordDir: string, record: RunRecord, curves: Map<string, CurvesFile>): Promise<void>;
  /** The Python interpreter of a pytorch model's runs (default `python3`). */
  python?: string;
}

export interface ExperimentOutcome {
  recordDir: string;
  record: RunRecord;
  curves: Map<string, CurvesFile>;
}

/**
 * Runs an experiment end to end: loads and shares the data once, expands the runs, executes them
 * on a worker pool, and keeps the record through a RunSession: every run that ends is saved at
 * once (O(its own data)), and every way out (done, cancel, an error) leaves the status it ended with.
 */
export async function runExperiment(o: RunExperimentOptions): Promise<ExperimentOutcome> {
  const e = o.experiment;
  let dataset: Dataset | null = null;
  let layout: SharedLayout | null = null;
  let stream: ExperimentStream | null = null;
  if (e.kind === 'data' && e.data?.stream)
    stream = planExperimentStream(withDataFile(e, 'streaming'), o.experimentFile);
  else if (e.kind === 'data' && hasDataFile(e)) {
    dataset = await loadExperimentDataset(e, o.experimentFile, o.maxDataBytes);
    layout = shareSplits(dataset);
  }
  // A missing Python or torch is one clear error before any record exists.
  const launcher = await pythonLauncherFor(e, o.python, o.workerPath);
  // A model's data function (model.data): one probe reports its splits' sizes before any run.
  const own = e.kind === 'data' && launcher ? await probeOwnData(e, launcher.o) : null;
  const shape = own
    ? own.shape
    : stream
      ? stream.shape
      : dataset && layout
        ? dataShapeOf(dataset, layout)
        : null;
  assertWithinLimits(e, shape ? problemSizeOf(shape) : null, o.experimentFile);
  const specs = withStream(expandRuns(e, shape), stream?.plan ?? null);
  const poolSize = Math.min(o.poolSize ?? defaultPoolSize(), Math.max(1, specs.length));
  const session = await RunSession.create(o.recordsRoot, {
    name: e.name,
    experimentFile: o.experimentFile,
    environment: environmentOf(poolSize, e.training.precision, launcher?.runtime),
    experiment: { ...e },
    dataset: own ? own.info : stream ? stream.info : dataset ? datasetInfoOf(dataset) : null,
    objective: e.objective,
    runs: specs.map(baseSummary),
  });
  const recordDir = session.dir;
  const pool = new RunPool({
    workerPath: o.workerPath,
    size: poolSize,
    ...(launcher ? { launch: launcher.launch } : {}),
  });
  const onAbort = (): void => pool.cancelAll();
  const curves = new Map<string, CurvesFile>();

  const finishRun = async (
    spec: RunSpec,
    summary: RunSummary,
    file: CurvesFile | null,
    encoded: Uint8Array | null,
  ): Promise<void> => {
    await session.endRun(summary, file, encoded);
    if (file) curves.set(spec.runId, file);
    o.events?.onRunEnd?.(summary, session.record);
  };

  try {
    o.events?.onStart?.({
      recordDir,
      record: session.record,
      specs,
      cancelRun: (runId) => pool.cancel(runId),
    });
    o.signal?.addEventListener('abort', onAbort);
    const ended = Promise.all(
      specs.map(async (spec) => {
        const shared = layout ? { X: layout.data.X, y: layout.data.y } : null;
        const outcome = await pool.submit({ runId: spec.runId, spec, data: shared }, (p) => {
          const progress = readProgress(p);
          if (progress) {
            session.markRunning(spec.runId);
            o.events?.onProgress?.(spec.runId, progress);
          }
        });
        const { summary, file, encoded } = outcomeSummary(spec, outcome, e);
        return finishRun(spec, summary, file, encoded ?? null);
      }),
    );
    // Every job is queued by now (submit runs synchronously), so an abort that came earlier, while
    // the data loaded, cancels them all instead of finding an empty pool.
    if (o.signal?.aborted) onAbort();
    await ended;
  } catch (err) {
    // Whatever broke, the record says so and keeps every run that ended.
    await session.end('failed', (err as Error)?.message ?? String(err));
    throw err;
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    await pool.close();
    await launcher?.dispose();
  }
  // The doctor reads every finished run against the best of them (docs/doctor.md).
  await session.end(o.signal?.aborted ? 'cancelled' : 'done', stopMessage(o.signal), (r) =>
    diagnoseRecord(r, curves),
  );
  const record = session.record;
  if (o.finish) await o.finish(recordDir, record, curves);
  return { recordDir, record, curves };
}
