import type { FloatArray } from '../types';

/*
 * The three products of one nn.Linear layer over a row-major batch. Inputs `A` are rows × nIn,
 * weights `W` are [nOut, nIn] row-major inside the flat parameter buffer, so every inner loop runs
 * over `nIn` contiguously in both operands. Loops are blocked by four (outputs or rows) so each
 * value loaded feeds four multiply-adds; offsets replace subarrays, which would allocate per call.
 */

/** `Z[zOff + r·nOut + o] = Σ_i A[aOff + r·nIn + i] · P[wOff + o·nIn + i] + P[bOff + o]`. */
export function denseForward(
  A: FloatArray,
  aOff: number,
  rows: number,
  nIn: number,
  P: FloatArray,
  wOff: number,
  bOff: number,
  nOut: number,
  Z: FloatArray,
  zOff: number,
): void {
  for (let r = 0; r < rows; r++) {
    const a0 = aOff + r * nIn;
    const z0 = zOff + r * nOut;
    let o = 0;
    for (; o + 4 <= nOut; o += 4) {
      const w0 = wOff + o * nIn;
      const w1 = w0 + nIn;
      const w2 = w1 + nIn;
      const w3 = w2 + nIn;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = 0; i < nIn; i++) {
        const a = A[a0 + i]!;
        s0 += a * P[w0 + i]!;
        s1 += a * P[w1 + i]!;
        s2 += a * P[w2 + i]!;
        s3 += a * P[w3 + i]!;
      }
      // Bias added last, as torch's addmm does, so the rounding matches.
      Z[z0 + o] = s0 + P[bOff + o]!;
      Z[z0 + o + 1] = s1 + P[bOff + o + 1]!;
      Z[z0 + o + 2] = s2 + P[bOff + o + 2]!;
      Z[z0 + o + 3] = s3 + P[bOff + o + 3]!;
    }
    for (; o < nOut; o++) {
      const w0 = wOff + o * nIn;
      let s = 0;
      for (let i = 0; i < nIn; i++) s += A[a0 + i]! * P[w0 + i]!;
      Z[z0 + o] = s + P[bOff + o]!;
    }
  }
}

/**
 * Accumulates the layer's parameter gradients from the output deltas `D` (rows × nOut):
 * `G[wOff + o·nIn + i] += Σ_r D[r·nOut + o] · A[aOff + r·nIn + i]` and `G[bOff + o] += Σ_r D[r·nOut + o]`.
 */
export function denseBackwardParams(
  D: FloatArray,
  rows: number,
  nOut: number,
  A: FloatArray,
  aOff: number,
  nIn: number,
  G: FloatArray,
  wOff: number,
  bOff: number,
): void {
  // Rows outer: the weight gradient (nOut × nIn) is usually smaller than the batch, so it is the
  // block that stays in cache while rows stream past, four at a time.
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const a0 = aOff + r * nIn;
    const a1 = a0 + nIn;
    const a2 = a1 + nIn;
    const a3 = a2 + nIn;
    const e0 = r * nOut;
    for (let o = 0; o < nOut; o++) {
      const d0 = D[e0 + o]!;
      const d1 = D[e0 + nOut + o]!;
      const d2 = D[e0 + 2 * nOut + o]!;
      const d3 = D[e0 + 3 * nOut + o]!;
      // ReLU zeroes many deltas; such rows add nothing.
      if (d0 === 0 && d1 === 0 && d2 === 0 && d3 === 0) continue;
      G[bOff + o] = G[bOff + o]! + (d0 + d1 + d2 + d3);
      const g0 = wOff + o * nIn;
      for (let i = 0; i < nIn; i++) {
        G[g0 + i] = G[g0 + i]! + (d0 * A[a0 + i]! + d1 * A[a1 + i]! + d2 * A[a2 + i]! + d3 * A[a3 + i]!);
      }
    }
  }
  for (; r < rows; r++) {
    const a0 = aOff + r * nIn;
    const e0 = r * nOut;
    for (let o = 0; o < nOut; o++) {
      const d = D[e0 + o]!;
      if (d === 0) continue;
      G[bOff + o] = G[bOff + o]! + d;
      const g0 = wOff + o * nIn;
      for (let i = 0; i < nIn; i++) G[g0 + i] = G[g0 + i]! + d * A[a0 + i]!;
    }
  }
}

/** The deltas of the layer's input: `dA[r·nIn + i] = Σ_o D[r·nOut + o] · P[wOff + o·nIn + i]` (overwritten). */
export function denseBackwardInput(
  D: FloatArray,
  rows: number,
  nOut: number,
  P: FloatArray,
  wOff: number,
  nIn: number,
  dA: FloatArray,
): void {
  for (let r = 0; r < rows; r++) {
    const e0 = r * nOut;
    const a0 = r * nIn;
    dA.fill(0, a0, a0 + nIn);
    let o = 0;
    for (; o + 4 <= nOut; o += 4) {
      const d0 = D[e0 + o]!;
      const d1 = D[e0 + o + 1]!;
      const d2 = D[e0 + o + 2]!;
      const d3 = D[e0 + o + 3]!;
      if (d0 === 0 && d1 === 0 && d2 === 0 && d3 === 0) continue;
      const w0 = wOff + o * nIn;
      const w1 = w0 + nIn;
      const w2 = w1 + nIn;
      const w3 = w2 + nIn;
      for (let i = 0; i < nIn; i++) {
        dA[a0 + i] = dA[a0 + i]! + (d0 * P[w0 + i]! + d1 * P[w1 + i]! + d2 * P[w2 + i]! + d3 * P[w3 + i]!);
      }
    }
    for (; o < nOut; o++) {
      const d = D[e0 + o]!;
      if (d === 0) continue;
      const w0 = wOff + o * nIn;
      for (let i = 0; i < nIn; i++) dA[a0 + i] = dA[a0 + i]! + d * P[w0 + i]!;
    }
  }
}
