// The sidecar of a streamed run (`data.stream`): the statistics pass's plan, so the exported script reads the file as the engine streamed it.
import { ConfigError } from '../errors';
import { detectFormat } from '../data/detectFormat';
import { ChunkReader } from '../data/stream/chunkReader';
import { planStream } from '../data/stream/streamPlan';
import { evaluationBlockRows } from '../train/streamSource';
import { SHUFFLE_SEED_MIX } from '../train/batching';
import type { DataSpec } from '../../protocol/data';
import type { StreamPlan } from '../../protocol/streamPlan';
import type { ExportRun } from './loadRun';
import type { SidecarData } from './sidecarData';
import { portablePath } from './portablePath';

/** What the script's StreamedData reads: no row lists, the plan's encoding and the hash split. */
export interface StreamDataSidecar extends SidecarData {
  stream: true;
  /** Planned feature columns: the first feature index of each and, for a categorical one, its levels. */
  columns: StreamPlan['features'];
  n_features: number;
  missing: 'error' | 'drop' | 'mean';
  /** The divisor of each feature (its std, or 1 where the std is 0). */
  feature_std: number[] | null;
  split: { seed: number; validation: number; test: number };
  /** Kept rows per split, as the run's statistics pass counted them: a pass that finds others means the file changed. */
  counts: { train: number; validation: number };
  shuffle_buffer: number;
  /** Rows per block of an evaluation pass (the engine's; the losses are averaged block by block). */
  block_rows: number;
}

/** A streamed run's shuffle: the seed of its buffer's generator (the order is drawn while reading). */
export interface StreamShuffle {
  shuffle_seed: number;
}

/**
 * The data part of a streamed run's sidecar: the statistics pass run again on the file (one read,
 * nothing kept but the plan), checked against the record so a changed file is a ConfigError.
 */
export function streamDataSidecar(r: ExportRun, dataSpec: DataSpec): StreamDataSidecar {
  const info = r.record.dataset!;
  const format = detectFormat(dataSpec.path, dataSpec.path, dataSpec.format);
  const plan = planStream(dataSpec.path, format, dataSpec.path, dataSpec);
  const same =
    plan.rows.kept === info.rows &&
    JSON.stringify(plan.featureNames) === JSON.stringify(info.features) &&
    plan.rows.train === info.trainRows &&
    plan.rows.validation === info.validationRows;
  if (!same) {
    throw new ConfigError(
      `${dataSpec.path} no longer holds the data run ${r.run.id} trained on ` +
        `(the run had ${info.rows} rows and ${info.features.length} features, the file now gives ${plan.rows.kept} and ${plan.nFeatures})`,
    );
  }
  return {
    stream: true,
    path: portablePath(r, dataSpec.path),
    format,
    delimiter: format === 'csv' || format === 'tsv' ? detectedDelimiter(dataSpec.path, format) : null,
    target_column: plan.target.name,
    target_kind: plan.target.kind,
    task: plan.task,
    classes: plan.classes ? plan.classes.map(String) : null,
    columns: plan.features,
    features: plan.featureSources,
    n_features: plan.nFeatures,
    missing: plan.missing,
    missing_fill: plan.fill,
    feature_mean: plan.mean,
    feature_std: plan.scale,
    target_mean: plan.targetMean,
    target_std: plan.targetStd,
    split: plan.split,
    counts: { train: plan.rows.train, validation: plan.rows.validation },
    shuffle_buffer: plan.shuffleBuffer,
    block_rows: evaluationBlockRows,
  };
}

/** The delimiter the engine's chunk reader detects in the file's first chunk. */
function detectedDelimiter(path: string, format: 'csv' | 'tsv'): string {
  const reader = new ChunkReader(path, format, path);
  try {
    reader.next();
    return reader.detectedDelimiter;
  } finally {
    reader.close();
  }
}

/** The batch order entry of a streamed run: its buffer's seed when it shuffles, else null. */
export function streamShuffle(seed: number, shuffle: boolean): StreamShuffle | null {
  return shuffle ? { shuffle_seed: (seed ^ SHUFFLE_SEED_MIX) >>> 0 } : null;
}
