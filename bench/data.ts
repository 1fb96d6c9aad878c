// syntheticRegression: A seeded regression problem (also writeRaw, writeRegressionCsv,
// syntheticClassification).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../src/engine/random';
import type { FloatArray, Precision } from '../src/engine/types';
import { allocFloat } from '../src/engine/types';

/** A seeded regression problem: standard normal features, y = X·w + 0.1·noise. */
export function syntheticRegression(rows: number, nFeatures: number, seed: number, precision: Precision) {
  const rng = new Rng(seed);
  const w = Array.from({ length: nFeatures }, () => rng.normal());
  const X = allocFloat(precision, rows * nFeatures);
  const y = allocFloat(precision, rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < nFeatures; j++) {
      const x = rng.normal();
      X[r * nFeatures + j] = x;
      s += x * w[j]!;
    }
    y[r] = s + 0.1 * rng.normal();
  }
  return { X, y };
}

/** Writes arrays as raw little-endian files for numpy.fromfile; returns their paths. */
export function writeRaw(dir: string, arrays: Record<string, FloatArray>): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  const out: Record<string, string> = {};
  for (const [name, a] of Object.entries(arrays)) {
    out[name] = join(dir, `${name}.bin`);
    writeFileSync(out[name], new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  return out;
}

/** A CSV of `rows` × `nFeatures` seeded regression data with a target column `y`. */
export function writeRegressionCsv(path: string, rows: number, nFeatures: number, seed: number): void {
  const { X, y } = syntheticRegression(rows, nFeatures, seed, 'float64');
  const header = [...Array.from({ length: nFeatures }, (_, j) => `x${j}`), 'y'].join(',');
  const lines: string[] = [header];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let j = 0; j < nFeatures; j++) cells.push(X[r * nFeatures + j]!.toFixed(6));
    cells.push(y[r]!.toFixed(6));
    lines.push(cells.join(','));
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

/** A seeded classification problem: standard normal features, class = argmax of X·W (W normal). */
export function syntheticClassification(
  rows: number,
  nFeatures: number,
  nClasses: number,
  seed: number,
  precision: Precision,
) {
  const rng = new Rng(seed);
  const W = Array.from({ length: nFeatures * nClasses }, () => rng.normal());
  const X = allocFloat(precision, rows * nFeatures);
  const y = allocFloat(precision, rows);
  const scores = new Float64Array(nClasses);
  for (let r = 0; r < rows; r++) {
    scores.fill(0);
    for (let j = 0; j < nFeatures; j++) {
      const x = rng.normal();
      X[r * nFeatures + j] = x;
      for (let c = 0; c < nClasses; c++) scores[c]! += x * W[j * nClasses + c]!;
    }
    let best = 0;
    for (let c = 1; c < nClasses; c++) if (scores[c]! > scores[best]!) best = c;
    y[r] = best;
  }
  return { X, y };
}
