import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KernelArena } from '../../../src/engine/kernels/wasmKernels';
import { Rng } from '../../../src/engine/random';
import type { Precision } from '../../../src/engine/types';
import { gemmShapes } from './gemmShapes';

// ReLU fused into the packed GEMM's stores, and ReLU's backward mask fused into the plain GEMM's,
// must give the bits of the product followed by the separate kernel (relu, reluBackward): on every
// store site (two-vector, one-vector and single-column panels, row remainders), with outputs that
// are negative, zero (an all-zero row of A; a sum starts at +0, so it is never −0) or NaN (a NaN
// input), and activations that are −0, +0, NaN, negative or positive.

/** Random values with some exact zeros, negative zeros and a NaN, so every branch of ReLU is taken. */
function fill(view: Float32Array | Float64Array, rng: Rng): void {
  for (let i = 0; i < view.length; i++) {
    const u = rng.uniform();
    view[i] = u < 0.05 ? -0 : u < 0.1 ? 0 : u < 0.12 ? NaN : rng.normal();
  }
}

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
}

for (const precision of ['float32', 'float64'] as Precision[]) {
  for (const [m, n, k] of gemmShapes) {
    test(`${precision} ${m}×${k}·${k}×${n}: fused ReLU and fused ReLU mask are the separate kernels' bits`, () => {
      const sizes = [m * k, k * n, k * n, m * n, m * n, n, m * n];
      const { arena, buffers } = KernelArena.create(precision, sizes);
      const [A, B, Bp, C1, C2, bias, act] = buffers as [
        (typeof buffers)[0],
        (typeof buffers)[0],
        (typeof buffers)[0],
        (typeof buffers)[0],
        (typeof buffers)[0],
        (typeof buffers)[0],
        (typeof buffers)[0],
      ];
      const rng = new Rng(m * 1000 + n * 10 + k);
      for (const buf of [A, B, bias, act]) fill(buf.view, rng);
      // Row 0 of A all −0: its outputs are zero (or the bias).
      for (let p = 0; p < k; p++) A.view[p] = -0;
      arena.packB(B.ptr, n, 1, k, n, Bp.ptr);
      for (const withBias of [false, true]) {
        const b = withBias ? bias.ptr : 0;
        arena.gemmPacked(m, n, k, A.ptr, k, 1, Bp.ptr, C1.ptr, n, false, b);
        arena.relu(C1.ptr, m * n);
        arena.gemmPacked(m, n, k, A.ptr, k, 1, Bp.ptr, C2.ptr, n, false, b, true);
        sameBits(C2.view, C1.view, `relu, bias ${withBias}`);
      }
      arena.gemm(m, n, k, A.ptr, k, 1, B.ptr, n, C1.ptr, n, false, 0);
      arena.reluBackward(act.ptr, C1.ptr, m * n);
      arena.gemm(m, n, k, A.ptr, k, 1, B.ptr, n, C2.ptr, n, false, 0, act.ptr);
      sameBits(C2.view, C1.view, 'mask');
    });
  }
}
