import { availableParallelism } from 'node:os';
import { dirname, relative } from 'node:path';
import type { ResolvedDataExperiment } from '../../protocol/experiment';
import type { RunRecord } from '../../protocol/record';
import { loadTable } from '../data/loadTable';
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
  e: ResolvedDataExperiment,
  experimentFile: string | null,
  maxBytes?: number,
): Promise<Table> {
  const display = experimentFile
    ? relative(dirname(experimentFile), e.data.path) || e.data.path
    : e.data.path;
  return loadTable(e.data.path, {
    ...(e.data.format ? { format: e.data.format } : {}),
    ...(maxBytes !== undefined ? { maxBytes } : {}),
    displayName: display,
  });
}

/** Reads an experiment's data file and prepares it (typing, split, standardization) in its precision. */
export async function loadExperimentDataset(
  e: ResolvedDataExperiment,
  experimentFile: string | null,
  maxBytes?: number,
): Promise<Dataset> {
  const table = await loadExperimentTable(e, experimentFile, maxBytes);
  return prepareDataset(table, e.data, { precision: e.training.precision });
}

/** What run expansion needs to know of a data set shared with the given row counts. */
export function dataShapeOf(d: Dataset, rows: { trainRows: number; validationRows: number }): DataShape {
  return {
    task: d.task,
    nFeatures: d.nFeatures,
    nClasses: d.classes?.length ?? null,
    trainRows: rows.trainRows,
    validationRows: rows.validationRows,
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

/** The machine and engine a record was made with. */
export function environmentOf(poolSize: number, precision: 'float32' | 'float64'): RunRecord['environment'] {
  return {
    engineVersion: ENGINE_VERSION,
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: availableParallelism(),
    poolSize,
    precision,
  };
}
