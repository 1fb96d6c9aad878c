/** The simulated exchange of one data-parallel step: K workers' gradients in, their average out, traffic counted. */
import type { ResolvedDataParallel } from '../../protocol/dataParallel';
import { clipGradNorm } from '../optim/clip';
import { allocLike, type FloatArray } from '../types';
import { DENSE_BYTES_PER_VALUE, SPARSE_BYTES_PER_VALUE, allGatherSeconds, allReduceSeconds } from './network';
import { WorkerCompressor, type LocalMomentum } from './workerCompressor';

/** Traffic of the whole run, all workers together. */
export interface TrafficTotals {
  workers: number;
  bytesSent: number;
  valuesSent: number;
  /** What a dense float32 all-reduce would have sent over the same steps. */
  denseBytes: number;
  /** denseBytes / bytesSent; null when nothing was sent. */
  compressionRatio: number | null;
  simTimeS: number;
}

/** Traffic per step, all workers together. */
export interface TrafficCurves {
  stepBytes: number[];
  stepDensity: number[];
  stepCommS: number[];
}

/**
 * K synchronous workers exchanging gradients. The caller fills `workerGrad(k)` for every worker;
 * `exchange` then compresses each one (threshold / top-k with residuals), "sends" it, and writes
 * the average of what arrived into `out`:
 *
 * ```
 * none:              out = (Σₖ gₖ) / K                         (dense all-reduce)
 * threshold, topk:   out = (Σₖ scatter(Sₖ, rₖ[Sₖ])) / K          (sparse all-gather)
 * ```
 *
 * Sums run over the workers in order 0..K−1 and divide once at the end, which is the arithmetic
 * of the pytorch-ddp export's communication hook (an all-reduce sum or index_add_ per worker,
 * then div_), so a 2-process run of the export matches the simulation to the last bits.
 */
export class GradientExchange {
  readonly workers: number;
  readonly curves: TrafficCurves = { stepBytes: [], stepDensity: [], stepCommS: [] };
  private readonly grads: FloatArray[];
  private readonly compressors: WorkerCompressor[] | null;
  private readonly bytes: Float64Array;
  private totals = { bytes: 0, values: 0, dense: 0, time: 0 };

  constructor(
    private readonly dp: ResolvedDataParallel,
    like: FloatArray,
    localMomentum: LocalMomentum | null,
  ) {
    this.workers = dp.workers;
    this.grads = Array.from({ length: dp.workers }, () => allocLike(like));
    this.compressors =
      dp.compression.kind === 'none'
        ? null
        : this.grads.map(() => new WorkerCompressor(dp.compression, like, localMomentum));
    this.bytes = new Float64Array(dp.workers);
  }

  /** Worker k's gradient buffer, filled by the caller before `exchange`. */
  workerGrad(k: number): FloatArray {
    return this.grads[k]!;
  }

  /** The compressor of worker k (null for a dense exchange), for inspection by tests. */
  compressor(k: number): WorkerCompressor | null {
    return this.compressors?.[k] ?? null;
  }

  /** One step's exchange: compress, send, average into `out`, and count the traffic. */
  exchange(params: FloatArray, epoch: number, out: FloatArray): void {
    const n = out.length;
    const K = this.workers;
    out.fill(0);
    let values = 0;
    if (this.compressors === null) {
      for (let k = 0; k < K; k++) {
        const g = this.grads[k]!;
        if (this.dp.compression.clip !== null) clipGradNorm(g, this.dp.compression.clip, 2);
        for (let i = 0; i < n; i++) out[i] = out[i]! + g[i]!;
        this.bytes[k] = DENSE_BYTES_PER_VALUE * n;
      }
      values = K * n;
    } else {
      for (let k = 0; k < K; k++) {
        const w: WorkerCompressor = this.compressors[k]!;
        w.compress(this.grads[k]!, params, epoch);
        const { indices, values: v, count } = w;
        for (let j = 0; j < count; j++) {
          const i = indices[j]!;
          out[i] = out[i]! + v[j]!;
        }
        this.bytes[k] = SPARSE_BYTES_PER_VALUE * count;
        values += count;
      }
    }
    for (let i = 0; i < n; i++) out[i] = out[i]! / K;

    let stepBytes = 0;
    for (let k = 0; k < K; k++) stepBytes += this.bytes[k]!;
    const net = this.dp.network;
    const seconds =
      this.compressors === null
        ? allReduceSeconds(K, DENSE_BYTES_PER_VALUE * n, net)
        : allGatherSeconds(this.bytes, net);
    this.curves.stepBytes.push(stepBytes);
    this.curves.stepDensity.push(values / (K * n));
    this.curves.stepCommS.push(seconds);
    this.totals.bytes += stepBytes;
    this.totals.values += values;
    this.totals.dense += K * DENSE_BYTES_PER_VALUE * n;
    this.totals.time += seconds;
  }

  /** The traffic of every step so far. */
  totalsSoFar(): TrafficTotals {
    const t = this.totals;
    return {
      workers: this.workers,
      bytesSent: t.bytes,
      valuesSent: t.values,
      denseBytes: t.dense,
      compressionRatio: t.bytes > 0 ? t.dense / t.bytes : null,
      simTimeS: t.time,
    };
  }
}
