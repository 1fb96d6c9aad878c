// RunDataSidecar: What a reproduction script needs besides its code (also runDataSidecar).
import { ConfigError } from '../errors';
import { loadTable } from '../data/loadTable';
import { prepareDataset } from '../data/dataset';
import { findColumn } from '../data/findColumn';
import { paramsToNamed, type NamedParams } from '../models/namedParams';
import { denseLayout } from '../models/layout';
import { batchOrders } from '../train/batching';
import type { DataSpec } from '../../protocol/data';
import type { ExportRun } from './loadRun';
import { layoutFromShapes } from './pyUserModel';
import { portablePath } from './portablePath';
import type { SidecarData } from './sidecarData';
import { streamDataSidecar, streamShuffle } from './streamData';
import type { StreamDataSidecar, StreamShuffle } from './streamData';
import { functionDataSidecar, type FunctionDataSidecar } from './pyFunctionData';

/**
 * What a reproduction script needs besides its code: which file rows the run kept, how the
 * features were encoded and standardized, the split, the initial parameters, the batch order,
 * and the engine's own losses to compare with. Written as the script's sidecar JSON.
 */
export interface RunDataSidecar {
  format: 'optimizer-lab-export';
  version: 1;
  run: string;
  /**
   * A streamed run (`data.stream`) has no row lists: the script streams the file by the plan; a
   * data function's run (`model.data`) names the function, which the script calls.
   */
  data: InMemoryData | StreamDataSidecar | FunctionDataSidecar;
  /** Tensor name to nested values, as `model.state_dict()` holds them. */
  initial_params: NamedParams;
  /**
   * Row order of every epoch (indices into the training split), or null when batches are not
   * shuffled; for a streamed run, the seed of its shuffle buffer's generator; for a data
   * function's run, the seed of its DataLoader's torch.Generator (the run's seed).
   */
  batch_orders: number[][] | StreamShuffle | null;
  engine: {
    epoch_train_loss: (number | null)[];
    epoch_val_loss: (number | null)[];
    final_train_loss: number | null;
    final_val_loss: number | null;
    status: string;
  };
}

/** The data part of an in-memory run's sidecar. */
export interface InMemoryData extends SidecarData {
  /** 0-based data rows of the file that the run kept (rows with missing values may be dropped). */
  rows: number[];
  /** Indices into `rows` of the training and validation splits, ascending. */
  train: number[];
  validation: number[];
  /** Sums of the prepared training and validation values, so the script can tell a changed file. */
  check: { x_sum: number; x_abs_sum: number; y_sum: number };
}

/**
 * Re-reads the run's data file with the engine's own loading and preparation and builds the
 * sidecar. The file must still hold what the run trained on: a different row count, feature set
 * or split is a ConfigError rather than a script that silently trains on other data.
 */
export async function runDataSidecar(r: ExportRun): Promise<RunDataSidecar> {
  const { experiment, spec, record, curves, run } = r;
  if (experiment.kind !== 'data' || spec.problem.kind !== 'dataset' || !record.dataset) {
    throw new ConfigError('this export applies to data experiments only, not to a 2-D surface');
  }
  if (experiment.data === null) return functionSidecar(r);
  const dataSpec: DataSpec = experiment.data;
  if (dataSpec.stream) return streamedSidecar(r, dataSpec);
  const table = await loadTable(dataSpec.path, dataSpec.format ? { format: dataSpec.format } : {});
  const dataset = prepareDataset(table, dataSpec, { precision: 'float64' });
  const info = record.dataset;
  const same =
    dataset.nRows === info.rows &&
    JSON.stringify(dataset.featureNames) === JSON.stringify(info.features) &&
    dataset.splits.train.length === info.trainRows &&
    dataset.splits.validation.length === info.validationRows;
  if (!same) {
    throw new ConfigError(
      `${dataSpec.path} no longer holds the data run ${run.id} trained on ` +
        `(the run had ${info.rows} rows and ${info.features.length} features, the file now gives ${dataset.nRows} and ${dataset.nFeatures})`,
    );
  }
  const targetColumn = table.columns[findColumn(table, dataSpec.target, 'target column')]!;
  if (targetColumn.kind === 'empty' || targetColumn.kind === 'unusable')
    throw new ConfigError(`target column "${targetColumn.name}" has no values`);

  const nf = dataset.nFeatures;
  let xSum = 0;
  let xAbs = 0;
  let ySum = 0;
  for (const i of [...dataset.splits.train, ...dataset.splits.validation]) {
    for (let j = 0; j < nf; j++) {
      const v = dataset.X[i * nf + j]!;
      xSum += v;
      xAbs += Math.abs(v);
    }
    ySum += dataset.y[i]!;
  }
  const p = spec.problem;
  const sizes = [p.nFeatures, ...(p.model.type === 'mlp' ? (p.model.hidden ?? []) : []), p.nOutputs];
  // A user model's layout is what its runner reported; the record keeps it in the curves file.
  const layout =
    p.model.type === 'pytorch'
      ? layoutFromShapes(curves.initialParams.length > 0 ? (curves.layout ?? []) : [])
      : denseLayout(sizes, p.model.type === 'mlp');
  const st = dataset.standardization;
  const list = (a: Float64Array | null) => (a ? Array.from(a) : null);
  return {
    format: 'optimizer-lab-export',
    version: 1,
    run: run.id,
    data: {
      path: portablePath(r, dataSpec.path),
      format: table.format,
      delimiter: table.delimiter ?? null,
      target_column: targetColumn.name,
      target_kind: targetColumn.kind,
      task: dataset.task,
      classes: info.classes,
      features: dataset.featureSources,
      rows: Array.from(dataset.sourceRows),
      train: Array.from(dataset.splits.train),
      validation: Array.from(dataset.splits.validation),
      missing_fill: list(dataset.missingFill),
      feature_mean: list(st.featureMean),
      feature_std: list(st.featureStd),
      target_mean: st.targetMean,
      target_std: st.targetStd,
      check: { x_sum: xSum, x_abs_sum: xAbs, y_sum: ySum },
    },
    initial_params: paramsToNamed(layout, Float64Array.from(curves.initialParams)),
    batch_orders: batchOrders(spec.seed, p.trainRows, spec.batchSize, spec.shuffle, spec.epochs),
    engine: engineResults(r),
  };
}

/** The engine's own losses of the run, for the script to compare with. */
function engineResults(r: ExportRun): RunDataSidecar['engine'] {
  return {
    epoch_train_loss: r.curves.epochTrainLoss,
    epoch_val_loss: r.curves.epochValidation.map((v) => v?.loss ?? null),
    final_train_loss: r.run.final_train_loss,
    final_val_loss: r.run.final_val_loss,
    status: r.run.status,
  };
}

/**
 * A data function's run: the function to call instead of row lists, its DataLoader's generator
 * seeded with the run's seed as the runner seeds it (python/optimizer_lab_data.py).
 */
function functionSidecar(r: ExportRun): RunDataSidecar {
  return {
    format: 'optimizer-lab-export',
    version: 1,
    run: r.run.id,
    data: functionDataSidecar(r),
    initial_params: paramsToNamed(
      layoutFromShapes(r.curves.initialParams.length > 0 ? (r.curves.layout ?? []) : []),
      Float64Array.from(r.curves.initialParams),
    ),
    batch_orders: r.spec.shuffle ? { shuffle_seed: r.spec.seed } : null,
    engine: engineResults(r),
  };
}

/** A streamed run's sidecar: the plan instead of row lists, and its shuffle buffer's seed. */
function streamedSidecar(r: ExportRun, dataSpec: DataSpec): RunDataSidecar {
  const p = r.spec.problem;
  if (p.kind !== 'dataset' || p.model.type === 'pytorch')
    throw new ConfigError('a streamed run trains a built-in model on a data file');
  const sizes = [p.nFeatures, ...(p.model.type === 'mlp' ? (p.model.hidden ?? []) : []), p.nOutputs];
  return {
    format: 'optimizer-lab-export',
    version: 1,
    run: r.run.id,
    data: streamDataSidecar(r, dataSpec),
    initial_params: paramsToNamed(
      denseLayout(sizes, p.model.type === 'mlp'),
      Float64Array.from(r.curves.initialParams),
    ),
    batch_orders: streamShuffle(r.spec.seed, r.spec.shuffle),
    engine: engineResults(r),
  };
}
