/** A data set served to K simulated data-parallel workers: the training loop sees one averaged gradient per step. */
import type { ResolvedDataParallel } from '../../protocol/dataParallel';
import { momentumCorrectionProblem } from '../../protocol/dataParallel';
import type { OptimizerConfig } from '../../protocol/optimizers';
import type { ScheduleConfig } from '../../protocol/schedules';
import { ConfigError } from '../errors';
import type { DatasetSource } from '../train/datasetSource';
import type { Evaluation, StepSource } from '../train/stepSource';
import type { FloatArray } from '../types';
import { GradientExchange } from './gradientExchange';
import type { LocalMomentum } from './workerCompressor';

/**
 * Rows of each worker's shard of a batch of `rows` rows: contiguous slices, the first `rows mod K`
 * one row longer, as `torch.tensor_split(batch, K)` cuts them.
 */
export function shardSizes(rows: number, workers: number): number[] {
  const base = Math.floor(rows / workers);
  const extra = rows % workers;
  return Array.from({ length: workers }, (_, k) => base + (k < extra ? 1 : 0));
}

/**
 * The wrapped source, batch by batch, with each batch cut into K shards; each simulated worker
 * takes the gradient of its shard (the mean over its rows, as DDP's processes do), and the
 * exchange averages the workers' (compressed) gradients into the one the optimizer steps with.
 * The batch loss reported is the mean of the shards' losses. With equal shards the average of
 * the shard means is the batch mean, so a dense exchange is single-process training; a smaller
 * last batch that does not split evenly weighs its rows unevenly, exactly as DDP does.
 */
export class DataParallelSource implements StepSource {
  readonly numParams: number;
  readonly batchesPerEpoch: number;
  private epoch = 0;

  constructor(
    private readonly inner: DatasetSource,
    readonly exchange: GradientExchange,
  ) {
    this.numParams = inner.numParams;
    this.batchesPerEpoch = inner.batchesPerEpoch;
  }

  beginEpoch(epoch: number): void {
    this.epoch = epoch;
    this.inner.beginEpoch(epoch);
  }

  lossAndGrad(params: FloatArray, grads: FloatArray, b: number): number {
    const K = this.exchange.workers;
    const rows = this.inner.batchRowCount(b);
    let first = 0;
    let loss = 0;
    shardSizes(rows, K).forEach((count, k) => {
      loss += this.inner.shardLossAndGrad(params, this.exchange.workerGrad(k), b, first, count);
      first += count;
    });
    this.exchange.exchange(params, this.epoch, grads);
    return loss / K;
  }

  trainLoss(params: FloatArray): number {
    return this.inner.trainLoss(params);
  }

  evaluate(params: FloatArray): Evaluation | null {
    return this.inner.evaluate(params);
  }
}

/**
 * Batches the workers cannot share are refused: the batch size must be a multiple of K (the file's
 * rules say so; a search trial may sample another), and the last batch of an epoch (training rows
 * mod batch size, or every row for full batch) must hold at least K rows, one for each worker.
 */
export function checkShards(dp: ResolvedDataParallel, trainRows: number, batchSize: number | null): void {
  if (batchSize !== null && batchSize % dp.workers !== 0) {
    throw new ConfigError(
      `training.data_parallel: the global batch of ${batchSize} rows does not split evenly among ${dp.workers} workers`,
    );
  }
  const batch = batchSize === null ? trainRows : Math.min(batchSize, trainRows);
  const last = trainRows % batch === 0 ? batch : trainRows % batch;
  if (last < dp.workers) {
    throw new ConfigError(
      `training.data_parallel: the last batch of each epoch has ${last} rows (${trainRows} training rows, batch_size ${batchSize ?? 'full'}), fewer than the ${dp.workers} workers, so a worker would have no rows: change batch_size or workers`,
    );
  }
}

/**
 * What the optimizer and the workers run under DGC momentum correction: the workers keep SGD's
 * momentum (and add its weight decay) themselves, and the optimizer applies what arrives as plain
 * SGD with the same learning rate (and schedule). Without momentum correction, nothing changes.
 */
export function splitMomentum(
  dp: ResolvedDataParallel,
  optimizer: OptimizerConfig,
  schedule: ScheduleConfig | null,
): { optimizer: OptimizerConfig; local: LocalMomentum | null } {
  if (!dp.compression.momentum_correction) return { optimizer, local: null };
  const problem = momentumCorrectionProblem(optimizer);
  if (problem || optimizer.name !== 'SGD')
    throw new ConfigError(`training.data_parallel.compression.momentum_correction ${problem ?? ''}`);
  if (schedule?.name === 'OneCycleLR' && schedule.cycle_momentum) {
    throw new ConfigError(
      'training.data_parallel.compression.momentum_correction: OneCycleLR cycles the momentum, which the workers then hold; set "cycle_momentum": false',
    );
  }
  return {
    optimizer: { ...optimizer, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false },
    local: {
      momentum: optimizer.momentum,
      dampening: optimizer.dampening,
      weight_decay: optimizer.weight_decay,
    },
  };
}
