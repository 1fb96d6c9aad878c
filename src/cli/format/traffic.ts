/** The data-parallel columns of the CLI tables: bytes sent and compression ratio, beside the objective. */
import type { RunSummary } from '../../protocol/record';
import { formatNumber } from '../../engine/format';

/** Bytes in binary units: `512 B`, `3.4 MiB`. */
export function fmtBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${Math.round(v)} B` : `${v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)} ${units[u]}`;
}

/** True when any run of the record trained data-parallel, so the tables show its traffic. */
export function hasTraffic(runs: readonly RunSummary[]): boolean {
  return runs.some((r) => r.bytes_sent !== undefined);
}

/**
 * The two traffic cells of a group of runs (a configuration's seeds, a trial's runs): the mean
 * bytes all workers sent per run, and the compression ratio of their totals against dense float32.
 */
export function trafficCells(runs: readonly RunSummary[]): [string, string] {
  const sent = runs.filter((r) => r.bytes_sent !== undefined && r.curves !== null);
  if (sent.length === 0) return ['—', '—'];
  const bytes = sent.reduce((a, r) => a + r.bytes_sent!, 0) / sent.length;
  const ratios = sent.map((r) => r.compression_ratio).filter((x): x is number => typeof x === 'number');
  const ratio = ratios.length ? ratios.reduce((a, b) => a + b, 0) / ratios.length : null;
  return [fmtBytes(bytes), ratio === null ? '—' : `${formatNumber(ratio)}×`];
}

/** Column headers of the traffic cells. */
export const TRAFFIC_HEADERS = ['bytes sent', 'compression'] as const;
