// The feature matrix written from the table's columns: training statistics, the mean fill and the standardized rows.
import type { FloatArray } from '../types';
import type { FeaturePart, FeaturePlan } from './encode';
import type { ColumnStats } from './standardize';

/**
 * Per feature, over the training rows `rows[train[k]]`: the mean and population std, in float64,
 * skipping missing values unless `fill` gives one per feature, and how many values each had.
 * The same numbers, bit for bit, as `columnStats` over the encoded float64 matrix (filled with
 * `fill` where missing): each feature is summed in the same row order, mean first, then the
 * squared deviations. Read from the columns, so no float64 matrix of every row is needed.
 */
export function featureStats(
  plan: FeaturePlan,
  rows: Int32Array,
  train: Int32Array,
  fill: Float64Array | null,
): ColumnStats & { count: Float64Array } {
  const n = plan.names.length;
  const stats = { mean: new Float64Array(n), std: new Float64Array(n), count: new Float64Array(n) };
  const at = new Int32Array(train.length);
  for (let i = 0; i < at.length; i++) at[i] = rows[train[i]!]!;
  for (const quad of valueQuads(plan)) valueStats(quad, at, fill, stats);
  for (const part of plan.parts) {
    if (part.values) continue;
    part.offsets.forEach((offset, code) => {
      if (offset >= 0) levelStats(part.codes, code, at, part.first + offset, stats);
    });
  }
  return stats;
}

/**
 * The numeric and boolean features in fours (the last four padded with repeats of its last
 * feature, which compute the same numbers again): four sums in one loop keep the floating-point
 * adder busy where one sum waits for its previous addition, each sum still in row order (4× on
 * the statistics, 3× on writing the matrix).
 */
function valueQuads(plan: FeaturePlan): { values: Float64Array[]; features: number[] }[] {
  const parts = plan.parts.filter((p) => p.values !== null);
  const quads: { values: Float64Array[]; features: number[] }[] = [];
  for (let q = 0; q < parts.length; q += 4) {
    const four = [0, 1, 2, 3].map((k) => parts[Math.min(q + k, parts.length - 1)]!);
    quads.push({ values: four.map((p) => p.values!), features: four.map((p) => p.first) });
  }
  return quads;
}

/**
 * Training rows per call of {@link sumBlock} and {@link squareBlock}. Why blocks: V8 compiles a
 * function that is called often with the feedback of all its lines, but one long loop is compiled
 * in the middle of its first run (on-stack replacement), and that code deoptimizes at the first
 * line after the loop that had not run yet: with one loop over all rows, every call of the first
 * two loads of a 100k-row file deoptimized twice and went on in the interpreter (`--trace-deopt`).
 * 4096-row blocks still met it (the first call compiled on the stack, then every call deoptimized
 * there); 256 rows, as writeFeatures uses, did not.
 */
const statRows = 256;

/** The statistics of four value features over the training rows `at`. */
function valueStats(
  quad: { values: Float64Array[]; features: number[] },
  at: Int32Array,
  fill: Float64Array | null,
  stats: ColumnStats & { count: Float64Array },
): void {
  const [a, b, c, d] = quad.values as [Float64Array, Float64Array, Float64Array, Float64Array];
  const [ja, jb, jc, jd] = quad.features as [number, number, number, number];
  // NaN: a missing value is skipped, as columnStats skips NaN.
  const fills = fill
    ? Float64Array.of(fill[ja]!, fill[jb]!, fill[jc]!, fill[jd]!)
    : new Float64Array(4).fill(NaN);
  // Four sums, then four counts; carried from block to block, so each sum stays in row order.
  const sums = new Float64Array(8);
  for (let i = 0; i < at.length; i += statRows)
    sumBlock(a, b, c, d, at, i, Math.min(at.length, i + statRows), fills, sums);
  const k = sums.subarray(4);
  const means = new Float64Array(4);
  for (let q = 0; q < 4; q++) means[q] = k[q]! > 0 ? sums[q]! / k[q]! : 0;
  const squares = new Float64Array(4);
  for (let i = 0; i < at.length; i += statRows)
    squareBlock(a, b, c, d, at, i, Math.min(at.length, i + statRows), fills, means, squares);
  // Padding repeats the last feature: the same numbers written again.
  const { mean, std, count } = stats;
  [ja, jb, jc, jd].forEach((j, q) => {
    mean[j] = means[q]!;
    std[j] = k[q]! > 0 ? Math.sqrt(squares[q]! / k[q]!) : 0;
    count[j] = k[q]!;
  });
}

/** Adds the values of rows `at[start, stop)` to `sums[0..3]` and counts them in `sums[4..7]`. */
function sumBlock(
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  d: Float64Array,
  at: Int32Array,
  start: number,
  stop: number,
  fills: Float64Array,
  sums: Float64Array,
): void {
  const fa = fills[0]!, fb = fills[1]!, fc = fills[2]!, fd = fills[3]!; // prettier-ignore
  let sa = sums[0]!, sb = sums[1]!, sc = sums[2]!, sd = sums[3]!; // prettier-ignore
  let ka = sums[4]!, kb = sums[5]!, kc = sums[6]!, kd = sums[7]!; // prettier-ignore
  for (let i = start; i < stop; i++) {
    const r = at[i]!;
    let v = a[r]!;
    if (v !== v) v = fa;
    if (v === v) {
      sa += v;
      ka++;
    }
    v = b[r]!;
    if (v !== v) v = fb;
    if (v === v) {
      sb += v;
      kb++;
    }
    v = c[r]!;
    if (v !== v) v = fc;
    if (v === v) {
      sc += v;
      kc++;
    }
    v = d[r]!;
    if (v !== v) v = fd;
    if (v === v) {
      sd += v;
      kd++;
    }
  }
  sums[0] = sa;
  sums[1] = sb;
  sums[2] = sc;
  sums[3] = sd;
  sums[4] = ka;
  sums[5] = kb;
  sums[6] = kc;
  sums[7] = kd;
}

/** Adds the squared deviations from `means` of rows `at[start, stop)` to `squares`. */
function squareBlock(
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  d: Float64Array,
  at: Int32Array,
  start: number,
  stop: number,
  fills: Float64Array,
  means: Float64Array,
  squares: Float64Array,
): void {
  const fa = fills[0]!, fb = fills[1]!, fc = fills[2]!, fd = fills[3]!; // prettier-ignore
  const ma = means[0]!, mb = means[1]!, mc = means[2]!, md = means[3]!; // prettier-ignore
  let qa = squares[0]!, qb = squares[1]!, qc = squares[2]!, qd = squares[3]!; // prettier-ignore
  for (let i = start; i < stop; i++) {
    const r = at[i]!;
    let v = a[r]!;
    if (v !== v) v = fa;
    if (v === v) qa += (v - ma) * (v - ma);
    v = b[r]!;
    if (v !== v) v = fb;
    if (v === v) qb += (v - mb) * (v - mb);
    v = c[r]!;
    if (v !== v) v = fc;
    if (v === v) qc += (v - mc) * (v - mc);
    v = d[r]!;
    if (v !== v) v = fd;
    if (v === v) qd += (v - md) * (v - md);
  }
  squares[0] = qa;
  squares[1] = qb;
  squares[2] = qc;
  squares[3] = qd;
}

/** Feature `j`, the one-hot indicator of level `code` (1 where the row has it, else 0; never missing). */
function levelStats(
  codes: Int32Array,
  code: number,
  at: Int32Array,
  j: number,
  stats: ColumnStats & { count: Float64Array },
): void {
  let sum = 0;
  for (let i = 0; i < at.length; i++) sum += codes[at[i]!] === code ? 1 : 0;
  const m = at.length > 0 ? sum / at.length : 0;
  let squares = 0;
  for (let i = 0; i < at.length; i++) {
    const d = (codes[at[i]!] === code ? 1 : 0) - m;
    squares += d * d;
  }
  stats.mean[j] = m;
  stats.std[j] = at.length > 0 ? Math.sqrt(squares / at.length) : 0;
  stats.count[j] = at.length;
}

/**
 * The `missing: "mean"` fill: each feature's mean over the training rows' values (0 for a feature
 * with none there, with a warning that its missing values become 0).
 */
export function trainMeanFill(
  plan: FeaturePlan,
  rows: Int32Array,
  train: Int32Array,
  warnings: string[],
): Float64Array {
  const { mean, count } = featureStats(plan, rows, train, null);
  plan.names.forEach((name, j) => {
    if (count[j] === 0)
      warnings.push(
        `feature "${name}" has no values on the training rows; its missing values are filled with 0`,
      );
  });
  return mean;
}

/** Rows per block of {@link writeFeatures}: 256 rows of 20 float64 features are 40 kB. */
const blockRows = 256;

/**
 * Writes the feature matrix of `rows` into a new, zeroed `out` (row-major, `rows.length ×
 * features`, in its own precision): each feature's value on the row, `fill[j]` where missing (when
 * given), then `(x - mean[j]) / scale[j]` when standardized, computed in float64 and rounded once
 * on the store, as standardizing a float64 matrix and casting it would (unstandardized, `(x - 0) /
 * 1` is x itself). Filled a block of rows at a time, four features at once within it: whole
 * columns at once wrote across all of the matrix for each (9% of a 1M-row load).
 */
export function writeFeatures(
  plan: FeaturePlan,
  rows: Int32Array,
  out: FloatArray,
  fill: Float64Array | null,
  mean: Float64Array | null,
  scale: Float64Array | null,
): void {
  const width = plan.names.length;
  const m = mean ?? new Float64Array(width);
  const s = scale ?? new Float64Array(width).fill(1);
  const f = fill ?? new Float64Array(width).fill(NaN);
  const quads = valueQuads(plan);
  for (let start = 0; start < rows.length; start += blockRows) {
    const stop = Math.min(rows.length, start + blockRows);
    for (const quad of quads) writeValues(quad, rows, start, stop, out, width, f, m, s);
    for (const part of plan.parts) if (part.codes) writeLevels(part, rows, start, stop, out, width, m, s);
  }
}

function writeValues(
  quad: { values: Float64Array[]; features: number[] },
  rows: Int32Array,
  start: number,
  stop: number,
  out: FloatArray,
  width: number,
  fill: Float64Array,
  mean: Float64Array,
  scale: Float64Array,
): void {
  const [a, b, c, d] = quad.values as [Float64Array, Float64Array, Float64Array, Float64Array];
  const [ja, jb, jc, jd] = quad.features as [number, number, number, number];
  const fa = fill[ja]!, fb = fill[jb]!, fc = fill[jc]!, fd = fill[jd]!; // prettier-ignore
  const ma = mean[ja]!, mb = mean[jb]!, mc = mean[jc]!, md = mean[jd]!; // prettier-ignore
  const sa = scale[ja]!, sb = scale[jb]!, sc = scale[jc]!, sd = scale[jd]!; // prettier-ignore
  for (let i = start; i < stop; i++) {
    const r = rows[i]!;
    const o = i * width;
    let v = a[r]!;
    out[o + ja] = ((v === v ? v : fa) - ma) / sa;
    v = b[r]!;
    out[o + jb] = ((v === v ? v : fb) - mb) / sb;
    v = c[r]!;
    out[o + jc] = ((v === v ? v : fc) - mc) / sc;
    v = d[r]!;
    out[o + jd] = ((v === v ? v : fd) - md) / sd;
  }
}

/** A categorical column's one-hot features: `(0 - mean) / scale`, and `(1 - mean) / scale` at the row's level. */
function writeLevels(
  part: FeaturePart & { codes: Int32Array },
  rows: Int32Array,
  start: number,
  stop: number,
  out: FloatArray,
  width: number,
  mean: Float64Array,
  scale: Float64Array,
): void {
  const { first, codes, offsets } = part;
  let levels = 0;
  for (const offset of offsets) if (offset >= 0) levels++;
  const zero = new Float64Array(levels);
  const one = new Float64Array(levels);
  for (let k = 0; k < levels; k++) {
    zero[k] = (0 - mean[first + k]!) / scale[first + k]!;
    one[k] = (1 - mean[first + k]!) / scale[first + k]!;
  }
  for (let i = start; i < stop; i++) {
    const base = i * width + first;
    for (let k = 0; k < levels; k++) out[base + k] = zero[k]!;
    const code = codes[rows[i]!]!;
    if (code >= 0) out[base + offsets[code]!] = one[offsets[code]!]!;
  }
}
