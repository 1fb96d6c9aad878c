import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KernelArena } from '../../../src/engine/kernels/wasmKernels';
import { Rng } from '../../../src/engine/random';
import type { Precision } from '../../../src/engine/types';

// The SIMD kernels against plain loops, on shapes that exercise every remainder path: rows not a
// multiple of 4, columns below one vector, between one and two vectors, and above.
const shapes: [m: number, n: number, k: number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 8, 20],
  [7, 3, 2],
  [9, 17, 5],
  [64, 64, 20],
  [5, 1, 64],
];

for (const precision of ['float32', 'float64'] as Precision[]) {
  const tol = precision === 'float32' ? 1e-5 : 1e-13;
  for (const [m, n, k] of shapes) {
    for (const transposedA of [false, true]) {
      test(`${precision} gemm ${m}×${k}·${k}×${n}${transposedA ? ' (A read transposed)' : ''}, plain and accumulated, with bias`, () => {
        const { arena, buffers } = KernelArena.create(precision, [m * k, k * n, m * n, n]);
        const [A, B, C, bias] = buffers as [
          (typeof buffers)[0],
          (typeof buffers)[0],
          (typeof buffers)[0],
          (typeof buffers)[0],
        ];
        const rng = new Rng(m * 1000 + n * 10 + k);
        for (const buf of [A, B, C, bias])
          for (let i = 0; i < buf.view.length; i++) buf.view[i] = rng.normal();
        const a = (i: number, p: number) => (transposedA ? A.view[p * m + i]! : A.view[i * k + p]!);
        const [sAm, sAk] = transposedA ? [1, m] : [k, 1];
        const before = Float64Array.from(C.view);
        arena.gemm(m, n, k, A.ptr, sAm, sAk, B.ptr, n, C.ptr, n, true, 0);
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) {
            let s = before[i * n + j]!;
            for (let p = 0; p < k; p++) s += a(i, p) * B.view[p * n + j]!;
            assert.ok(Math.abs(C.view[i * n + j]! - s) <= tol * (1 + Math.abs(s)), `accumulate (${i}, ${j})`);
          }
        arena.gemm(m, n, k, A.ptr, sAm, sAk, B.ptr, n, C.ptr, n, false, bias.ptr);
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let p = 0; p < k; p++) s += a(i, p) * B.view[p * n + j]!;
            s += bias.view[j]!;
            assert.ok(Math.abs(C.view[i * n + j]! - s) <= tol * (1 + Math.abs(s)), `bias (${i}, ${j})`);
          }
      });
    }
  }

  test(`${precision} column sums, transpose and ReLU keep the JS semantics (−0 and NaN pass)`, () => {
    const rows = 5;
    const cols = 7;
    const { arena, buffers } = KernelArena.create(precision, [rows * cols, cols, rows * cols, 10, 10]);
    const [src, dst, tr, act, delta] = buffers as [
      (typeof buffers)[0],
      (typeof buffers)[0],
      (typeof buffers)[0],
      (typeof buffers)[0],
      (typeof buffers)[0],
    ];
    for (let i = 0; i < rows * cols; i++) src.view[i] = i - 10;
    dst.view.fill(1);
    arena.colSumAdd(src.ptr, rows, cols, dst.ptr);
    for (let j = 0; j < cols; j++) {
      let s = 1;
      for (let r = 0; r < rows; r++) s += src.view[r * cols + j]!;
      assert.equal(dst.view[j], s);
    }
    arena.transpose(src.ptr, rows, cols, tr.ptr);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) assert.equal(tr.view[c * rows + r], src.view[r * cols + c]);

    const xs = [-2, -0, 0, 3, NaN, -Infinity, Infinity, -1e-30, 1e-30, 5];
    act.view.set(xs);
    arena.relu(act.ptr, xs.length);
    const expected = xs.map((x) => (x < 0 ? 0 : x));
    assert.deepEqual(
      Array.from(act.view),
      expected.map((x) => (precision === 'float32' ? Math.fround(x) : x)),
    );
    assert.ok(Object.is(act.view[1], -0), '−0 stays −0, as the JS loop leaves it');
    act.view.set(xs);
    delta.view.fill(7);
    arena.reluBackward(act.ptr, delta.ptr, xs.length);
    assert.deepEqual(
      Array.from(delta.view),
      xs.map((x) => (x <= 0 ? 0 : 7)),
    );
  });
}
