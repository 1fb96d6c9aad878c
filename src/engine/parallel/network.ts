/**
 * What a data-parallel step costs on the wire: the message encodings the accounting assumes and
 * the simulated time of the exchange on a network of given bandwidth and latency.
 */

/** A dense all-reduce sends every component as a float32. */
export const DENSE_BYTES_PER_VALUE = 4;
/** A sparse message sends each chosen component as an int32 index and a float32 value. */
export const SPARSE_BYTES_PER_VALUE = 8;

export interface NetworkModel {
  bandwidth_gbps: number;
  latency_us: number;
}

const bytesPerSecond = (n: NetworkModel): number => (n.bandwidth_gbps * 1e9) / 8;

/**
 * Seconds of a ring all-reduce of `bytes` per worker among `workers` (Patarasuk & Yuan): a
 * reduce-scatter and an all-gather, each `workers − 1` rounds of one message of `bytes / workers`.
 *
 * ```
 * t = 2(K − 1)·α + 2(K − 1)/K · B / β
 * ```
 */
export function allReduceSeconds(workers: number, bytes: number, net: NetworkModel): number {
  if (workers <= 1) return 0;
  const k = workers;
  return 2 * (k - 1) * net.latency_us * 1e-6 + ((2 * (k - 1)) / k) * (bytes / bytesPerSecond(net));
}

/**
 * Seconds of the sparse exchange: a ring all-gather of the message sizes, then one of the messages
 * themselves. The step ends when the busiest worker has received every other worker's message,
 * so the payload term is (all bytes − the smallest message) / β.
 *
 * ```
 * t = 2(K − 1)·α + (Σₖ Bₖ − minₖ Bₖ) / β
 * ```
 */
export function allGatherSeconds(bytes: ArrayLike<number>, net: NetworkModel): number {
  const k = bytes.length;
  if (k <= 1) return 0;
  let sum = 0;
  let min = Infinity;
  for (let i = 0; i < k; i++) {
    sum += bytes[i]!;
    min = Math.min(min, bytes[i]!);
  }
  return 2 * (k - 1) * net.latency_us * 1e-6 + (sum - min) / bytesPerSecond(net);
}
