// loadExperimentTable: Reads an experiment's data file (also ExperimentStream, planExperimentStream,
// withStream, loadExperimentDataset, …).
import { availableParallelism } from 'node:os';
import { dirname, relative } from 'node:path';
import type { FileDataExperiment } from '../experiment/dataFile';
import type { RunRecord } from '../../protocol/record';
import { loadTable } from '../data/loadTable';
import { detectFormat } from '../data/detectFormat';
import { planStream } from '../data/stream/streamPlan';
import { ConfigError, DataError } from '../errors';
import type { RunSpec } from '../../protocol/runs';
import type { StreamPlan } from '../../protocol/streamPlan';
import { prepareDataset, type Dataset } from '../data/dataset';
import type { Table } from '../data/table';
import { ENGINE_VERSION } from '../version';
import type { DataShape } from './expandRuns';

// What every driver of the run pool (an experiment, a search, an LR range test) does the same way
// with its data and its record header, so that their records agree field for field.

/**
 * Reads an experiment's data file. Located errors name the file relative to the experiment file,
 * as the user wrote it.
 */
export async function loadExperimentTable(
  e: FileDataExperiment,
  experimentFile: string | null,
  maxBytes?: number,
): Promise<Table> {
  if (e.data.stream) {
    throw new ConfigError(
      'this command reads the data file whole; "data.stream" is for running an experiment (remove it here)',
    );
  }
  const display = displayName(e, experimentFile);
  try {
    return await loadTable(e.data.path, {
      ...(e.data.format ? { format: e.data.format } : {}),
      ...(maxBytes !== undefined ? { maxBytes } : {}),
      displayName: display,
    });
  } catch (err) {
    // Too large to load whole: an experiment can stream it instead.
    if (err instanceof DataError && err.limit === 'maxBytes') {
      throw new DataError(
        `${err.message}; set "stream": true in the data section to train from the file chunk by chunk`,
        err.location,
        err.limit,
      );
    }
    throw err;
  }
}

function displayName(e: FileDataExperiment, experimentFile: string | null): string {
  return experimentFile ? relative(dirname(experimentFile), e.data.path) || e.data.path : e.data.path;
}

/** A streamed data set: its plan, and what run expansion and the record need to know of it. */
export interface ExperimentStream {
  plan: StreamPlan;
  shape: DataShape;
  info: NonNullable<RunRecord['dataset']>;
}

/**
 * The statistics pass of a streamed experiment (`data.stream`): one read of the file, no size
 * limit, nothing of the table kept but the plan.
 */
export function planExperimentStream(e: FileDataExperiment, experimentFile: string | null): ExperimentStream {
  if (e.training.batch_size === null) {
    throw new ConfigError(
      'streaming training needs training.batch_size (a full batch would hold the whole file)',
    );
  }
  if (e.training.data_parallel) {
    // The workers would each need their own slice of every batch; a stream serves one process.
    throw new ConfigError(
      'streaming trains in one process; remove "training.data_parallel" or "data.stream"',
    );
  }
  if (e.model.type === 'pytorch') {
    throw new ConfigError(
      'streaming trains the built-in models; a pytorch model reads its data in memory (remove "stream")',
    );
  }
  const format = detectFormat(e.data.path, displayName(e, experimentFile), e.data.format);
  const plan = planStream(e.data.path, format, displayName(e, experimentFile), e.data);
  return {
    plan,
    shape: {
      task: plan.task,
      nFeatures: plan.nFeatures,
      nClasses: plan.classes?.length ?? null,
      trainRows: plan.rows.train,
      validationRows: plan.rows.validation,
      targetScale: plan.targetStd,
    },
    info: {
      file: plan.file,
      rows: plan.rows.kept,
      features: plan.featureNames,
      target: plan.target.name,
      task: plan.task,
      classes: plan.classes ? plan.classes.map(String) : null,
      trainRows: plan.rows.train,
      validationRows: plan.rows.validation,
      testRows: plan.rows.test,
      warnings: plan.warnings,
    },
  };
}

/** Run specs that read their data through `plan` (no shared matrices). */
export function withStream(specs: RunSpec[], plan: StreamPlan | null): RunSpec[] {
  if (!plan) return specs;
  return specs.map((s) =>
    s.problem.kind === 'dataset' ? { ...s, problem: { ...s.problem, stream: plan } } : s,
  );
}

/** Reads an experiment's data file and prepares it (typing, split, standardization) in its precision. */
export async function loadExperimentDataset(
  e: FileDataExperiment,
  experimentFile: string | null,
  maxBytes?: number,
): Promise<Dataset> {
  const table = await loadExperimentTable(e, experimentFile, maxBytes);
  return prepareDataset(table, e.data, { precision: e.training.precision });
}

/** What run expansion needs to know of a data set shared with the given row counts. */
export function dataShapeOf(
  d: Dataset,
  rows: { trainRows: number; validationRows: number; testRows?: number },
): DataShape {
  return {
    task: d.task,
    nFeatures: d.nFeatures,
    nClasses: d.classes?.length ?? null,
    trainRows: rows.trainRows,
    validationRows: rows.validationRows,
    testRows: rows.testRows ?? 0,
    targetScale: d.standardization.targetStd,
  };
}

/** The data set as a record describes it. */
export function datasetInfoOf(d: Dataset): NonNullable<RunRecord['dataset']> {
  return {
    file: d.file,
    rows: d.nRows,
    features: d.featureNames,
    target: d.targetName,
    task: d.task,
    classes: d.classes ? d.classes.map(String) : null,
    trainRows: d.splits.train.length,
    validationRows: d.splits.validation.length,
    testRows: d.splits.test.length,
    warnings: d.warnings,
  };
}

/** The machine and engine a record was made with (and the Python of a user model's runs). */
export function environmentOf(
  poolSize: number,
  precision: 'float32' | 'float64',
  python?: RunRecord['environment']['python'],
): RunRecord['environment'] {
  return {
    ...(python ? { python } : {}),
    engineVersion: ENGINE_VERSION,
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: availableParallelism(),
    poolSize,
    precision,
  };
}
