import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedExperiment } from '../../protocol/experiment';
import {
  runResultSchema,
  runProgressSchema,
  type RunProgress,
  type RunResult,
  type RunSpec,
} from '../../protocol/runs';
import type { CurvesFile, RunRecord, RunSummary } from '../../protocol/record';
import { RECORD_FORMAT, RECORD_VERSION } from '../../protocol/record';
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
import { layoutOf } from './executeRun';
import { objectiveOf } from './ranking';
import { updateVerdict } from '../verdict/recordVerdict';
import { recordId, writeCurves, writeRecord } from './records';
import { RunPool, defaultPoolSize } from './runPool';
import { shareSplits, type SharedLayout } from './sharedData';
import { pythonLauncherFor } from './pythonRun';

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

/** A run's summary before it starts (status queued); also used by the search driver. */
export function baseSummary(s: RunSpec): RunSummary {
  return {
    id: s.runId,
    configIndex: s.configIndex,
    label: s.label,
    config: { ...s.optimizer },
    seed: s.seed,
    fold: s.fold,
    restart: s.restart,
    status: 'queued',
    steps: 0,
    epochs: 0,
    final_train_loss: null,
    final_val_loss: null,
    best_val_loss: null,
    best_epoch: null,
    objective: null,
    metrics: {},
    diverged_at_step: null,
    message: null,
    elapsed_ms: 0,
    rank: null,
    curves: null,
  };
}

/** A finished run's summary from the worker's result; also used by the search driver. */
export function summarize(base: RunSummary, r: RunResult, e: ResolvedExperiment): RunSummary {
  const valLosses = r.curves.epochValidation.map((v) => v?.loss).filter((v): v is number => v !== undefined);
  return {
    ...base,
    status: r.status,
    steps: r.steps,
    epochs: r.epochs,
    final_train_loss: r.finalTrainLoss,
    final_val_loss: r.finalValidation?.loss ?? null,
    best_val_loss: valLosses.length ? Math.min(...valLosses) : null,
    best_epoch: r.bestEpoch,
    objective: r.status === 'cancelled' || r.status === 'failed' ? null : objectiveOf(e.objective, r),
    metrics: r.finalValidation?.metrics ?? {},
    ...(r.finalTest !== undefined
      ? { test_loss: r.finalTest?.loss ?? null, test_metrics: r.finalTest?.metrics ?? {} }
      : {}),
    diverged_at_step: r.divergedAtStep,
    message: r.divergenceReason ?? r.failure ?? null,
    elapsed_ms: r.elapsedMs,
    ...(r.traffic
      ? {
          bytes_sent: r.traffic.bytesSent,
          compression_ratio: r.traffic.compressionRatio,
          comm_time_s: r.traffic.simTimeS,
        }
      : {}),
  };
}

/**
 * Runs an experiment end to end: loads and shares the data once, expands the runs, executes them
 * on a worker pool, and keeps the record on disk current after every run (atomic writes), so a
 * crash or a cancel loses at most the runs that were still going.
 */
export async function runExperiment(o: RunExperimentOptions): Promise<ExperimentOutcome> {
  const e = o.experiment;
  let dataset: Dataset | null = null;
  let layout: SharedLayout | null = null;
  let stream: ExperimentStream | null = null;
  if (e.kind === 'data' && e.data.stream) stream = planExperimentStream(e, o.experimentFile);
  else if (e.kind === 'data') {
    dataset = await loadExperimentDataset(e, o.experimentFile, o.maxDataBytes);
    layout = shareSplits(dataset);
  }
  // A missing Python or torch is one clear error before any record exists.
  const launcher = await pythonLauncherFor(e, o.python, o.workerPath);
  const shape = stream ? stream.shape : dataset && layout ? dataShapeOf(dataset, layout) : null;
  const specs = withStream(expandRuns(e, shape), stream?.plan ?? null);
  const poolSize = Math.min(o.poolSize ?? defaultPoolSize(), Math.max(1, specs.length));
  const created = new Date();
  const id = recordId(e.name, created);
  const recordDir = join(o.recordsRoot, id);
  await fs.mkdir(recordDir, { recursive: true });
  const record: RunRecord = {
    format: RECORD_FORMAT,
    version: RECORD_VERSION,
    id,
    name: e.name,
    createdAt: created.toISOString(),
    finishedAt: null,
    status: 'running',
    experimentFile: o.experimentFile,
    environment: environmentOf(poolSize, e.training.precision),
    experiment: e as unknown as Record<string, unknown>,
    dataset: stream ? stream.info : dataset ? datasetInfoOf(dataset) : null,
    objective: e.objective,
    runs: specs.map(baseSummary),
  };
  updateVerdict(record);
  // Record writes are chained so that a later state never lands before an earlier one.
  let writing: Promise<void> = Promise.resolve();
  const save = (): Promise<void> => (writing = writing.then(() => writeRecord(recordDir, record)));
  await save();
  const pool = new RunPool({
    workerPath: o.workerPath,
    size: poolSize,
    ...(launcher ? { launch: launcher.launch } : {}),
  });
  o.events?.onStart?.({ recordDir, record, specs, cancelRun: (runId) => pool.cancel(runId) });
  const onAbort = (): void => pool.cancelAll();
  o.signal?.addEventListener('abort', onAbort);
  const curves = new Map<string, CurvesFile>();
  const index = new Map(record.runs.map((r, i) => [r.id, i]));

  const finishRun = async (spec: RunSpec, summary: RunSummary, file: CurvesFile | null): Promise<void> => {
    if (file) {
      summary.curves = await writeCurves(recordDir, file);
      curves.set(spec.runId, file);
    }
    record.runs[index.get(spec.runId)!] = summary;
    updateVerdict(record);
    await save();
    o.events?.onRunEnd?.(summary, record);
  };

  try {
    const ended = Promise.all(
      specs.map(async (spec) => {
        const shared = layout ? { X: layout.data.X, y: layout.data.y } : null;
        const outcome = await pool.submit({ runId: spec.runId, spec, data: shared }, (p) => {
          const progress = runProgressSchema.safeParse(p);
          if (progress.success) {
            const i = index.get(spec.runId)!;
            if (record.runs[i]!.status === 'queued') record.runs[i]!.status = 'running';
            o.events?.onProgress?.(spec.runId, progress.data);
          }
        });
        const base = baseSummary(spec);
        if (outcome.kind === 'cancelled-queued') {
          return finishRun(
            spec,
            { ...base, status: 'cancelled', message: 'cancelled before it started' },
            null,
          );
        }
        if (outcome.kind === 'failed') {
          return finishRun(spec, { ...base, status: 'failed', message: outcome.message }, null);
        }
        const parsed = runResultSchema.safeParse(outcome.result);
        if (!parsed.success) {
          return finishRun(
            spec,
            { ...base, status: 'failed', message: `invalid result from the worker: ${parsed.error.message}` },
            null,
          );
        }
        const r = parsed.data;
        const file: CurvesFile = {
          runId: spec.runId,
          layout: r.layout ?? layoutOf(spec),
          initialParams: r.initialParams,
          finalParams: r.finalParams,
          ...r.curves,
        };
        return finishRun(spec, summarize(base, r, e), file);
      }),
    );
    // Every job is queued by now (submit runs synchronously), so an abort that came earlier, while
    // the data loaded, cancels them all instead of finding an empty pool.
    if (o.signal?.aborted) onAbort();
    await ended;
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    await pool.close();
    await launcher?.dispose();
  }
  record.status = o.signal?.aborted ? 'cancelled' : 'done';
  record.finishedAt = new Date().toISOString();
  updateVerdict(record);
  // The doctor reads every finished run against the best of them (docs/doctor.md).
  diagnoseRecord(record, curves);
  await save();
  if (o.finish) await o.finish(recordDir, record, curves);
  return { recordDir, record, curves };
}
