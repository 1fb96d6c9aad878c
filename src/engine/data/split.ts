// SplitIndices: Row indices of each split, ascending (also SplitOptions, heldOutSize, splitRows, SplitId,
// …).
import { ConfigError } from '../errors';
import { Rng } from '../random';

/** Row indices of each split, ascending. */
export interface SplitIndices {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

export interface SplitOptions {
  validation: number;
  test: number;
  seed: number;
  /** Class index per row: each class is split in the same proportions. Null for a plain split. */
  strata?: ArrayLike<number> | null;
}

/**
 * Size of a held-out split of `n` rows: `round(fraction × n)` (halves round up), at least 1 when
 * the fraction is positive and the rows allow it, 0 when the fraction is 0.
 */
export function heldOutSize(fraction: number, n: number): number {
  if (fraction <= 0) return 0;
  return Math.min(n, Math.max(1, Math.round(fraction * n)));
}

/**
 * A seeded train/validation/test split of rows 0..n-1. The rows are shuffled with `Rng(seed)`;
 * the first `heldOutSize(test)` go to test, the next `heldOutSize(validation)` to validation, the
 * rest to train. Stratified, each class's rows are shuffled and cut the same way, with the held-out
 * counts shared among classes by largest remainder so the totals match the plain split. Training
 * keeps at least one row. Each split is returned in ascending row order.
 */
export function splitRows(n: number, options: SplitOptions): SplitIndices {
  const nTest = heldOutSize(options.test, n);
  const nValidation = heldOutSize(options.validation, n);
  if (n - nTest - nValidation < 1) {
    throw new ConfigError(
      `cannot split ${n} rows into validation ${options.validation} and test ${options.test} and keep a row to train on`,
    );
  }
  const rng = new Rng(options.seed);
  const groups = options.strata ? groupByClass(n, options.strata) : [identity(n)];
  const testCounts = share(
    nTest,
    groups.map((g) => g.length),
  );
  const validationCounts = share(
    nValidation,
    groups.map((g, i) => g.length - testCounts[i]!),
  );
  // Each row's split is marked, then the rows are collected in order: ascending without a sort.
  const splitOf = new Uint8Array(n);
  const counts = [0, 0, 0];
  groups.forEach((group: ArrayLike<number> & { [i: number]: number }, i) => {
    rng.shuffle(group);
    const t = testCounts[i]!;
    const v = validationCounts[i]!;
    for (let k = 0; k < group.length; k++) {
      const s = k < t ? 2 : k < t + v ? 1 : 0;
      splitOf[group[k]!] = s;
      counts[s]!++;
    }
  });
  const parts = counts.map((count) => new Int32Array(count));
  const filled = [0, 0, 0];
  for (let r = 0; r < n; r++) {
    const s = splitOf[r]!;
    parts[s]![filled[s]!++] = r;
  }
  return { train: parts[0]!, validation: parts[1]!, test: parts[2]! };
}

/** Which split a row goes to under the hash method: 0 train, 1 validation, 2 test. */
export type SplitId = 0 | 1 | 2;

/**
 * The split of the row at `position` (0-based data row of the file) under `split.method: "hash"`:
 * a seeded 32-bit hash of the position, read as a fraction u in [0, 1), goes to test when
 * u < test, to validation when u < test + validation, else to train. Decided row by row, so a
 * stream needs no row but the current one, and the same file and seed always give the same split.
 */
export function splitOfRow(position: number, seed: number, validation: number, test: number): SplitId {
  const u = hash32(position, seed) / 4294967296;
  return u < test ? 2 : u < test + validation ? 1 : 0;
}

/** murmur3's finaliser over the position mixed with the seed: every input bit moves every output bit. */
function hash32(position: number, seed: number): number {
  let h = (Math.imul(position ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(seed | 0, 0xc2b2ae35)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The hash split of kept rows whose file positions are `positions` (ascending): each row's split
 * by {@link splitOfRow}; as {@link splitRows}, indices into `positions`, ascending.
 */
export function hashSplit(positions: ArrayLike<number>, options: SplitOptions): SplitIndices {
  const parts: number[][] = [[], [], []];
  for (let i = 0; i < positions.length; i++) {
    parts[splitOfRow(positions[i]!, options.seed, options.validation, options.test)]!.push(i);
  }
  if (parts[0]!.length === 0) {
    throw new ConfigError(
      `the hash split put none of the ${positions.length} rows in training; lower split.validation and split.test`,
    );
  }
  return {
    train: Int32Array.from(parts[0]!),
    validation: Int32Array.from(parts[1]!),
    test: Int32Array.from(parts[2]!),
  };
}

/**
 * `k` folds for cross-validation over `indices`: the indices are shuffled with `Rng(seed)` and
 * dealt into folds whose sizes differ by at most one (the first `n mod k` folds are one larger,
 * as scikit-learn's KFold). With `strata` (class per index, aligned with `indices`), indices are
 * dealt class by class in turn so each fold keeps the class proportions. Fold i validates on its
 * own indices and trains on all others; the validation sets partition `indices`.
 */
export function kFold(
  indices: ArrayLike<number>,
  k: number,
  seed: number,
  strata?: ArrayLike<number> | null,
): { train: Int32Array; validation: Int32Array }[] {
  const n = indices.length;
  if (!Number.isInteger(k) || k < 2) throw new ConfigError(`k-fold needs an integer k >= 2, got ${k}`);
  if (k > n) throw new ConfigError(`cannot make ${k} folds from ${n} rows`);
  const rng = new Rng(seed);
  const order = rng.permutation(n);
  const foldOf = new Int32Array(n);
  if (strata) {
    // Dealing round-robin over the positions grouped by class keeps fold sizes within one.
    const byClass = Array.from(order).sort((a, b) => strata[a]! - strata[b]!);
    byClass.forEach((position, i) => (foldOf[position] = i % k));
  } else {
    const base = Math.floor(n / k);
    const extra = n % k;
    let position = 0;
    for (let f = 0; f < k; f++) {
      const size = base + (f < extra ? 1 : 0);
      for (let i = 0; i < size; i++) foldOf[order[position++]!] = f;
    }
  }
  return Array.from({ length: k }, (_, f) => {
    const validation: number[] = [];
    const train: number[] = [];
    for (let i = 0; i < n; i++) (foldOf[i] === f ? validation : train).push(indices[i]!);
    return { train: sorted(train), validation: sorted(validation) };
  });
}

function groupByClass(n: number, strata: ArrayLike<number>): number[][] {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const c = strata[i]!;
    let g = groups.get(c);
    if (!g) groups.set(c, (g = []));
    g.push(i);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
}

/**
 * Shares `total` among groups in proportion to their sizes (largest remainder, ties to the first
 * group), never giving a group more than it has.
 */
function share(total: number, sizes: number[]): number[] {
  const all = sizes.reduce((a, b) => a + b, 0);
  if (all === 0) return sizes.map(() => 0);
  const exact = sizes.map((s) => (total * s) / all);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((e, i) => i)
    .sort((a, b) => exact[b]! - counts[b]! - (exact[a]! - counts[a]!) || a - b);
  for (const i of byRemainder) {
    if (left === 0) break;
    if (counts[i]! < sizes[i]!) {
      counts[i] = counts[i]! + 1;
      left--;
    }
  }
  return counts;
}

/** 0..n-1. */
function identity(n: number): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

function sorted(values: number[]): Int32Array {
  return Int32Array.from(values).sort();
}
