import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KernelArena } from '../../../src/engine/kernels/wasmKernels';
import { Rng } from '../../../src/engine/random';
import type { Precision } from '../../../src/engine/types';
import { gemmShapes } from './gemmShapes';

// The packed GEMM keeps every output's sum in order (p = 0, 1, …, then the bias), so it must give
// the bits of the plain loop that rounds each operation to the precision: exactly, not within a
// tolerance. Shapes cover every panel kind (two-vector, one-vector, single columns) and row remainder.

for (const precision of ['float32', 'float64'] as Precision[]) {
  const round = precision === 'float32' ? Math.fround : (x: number) => x;
  for (const [m, n, k] of gemmShapes) {
    for (const transposedA of [false, true]) {
      for (const transposedB of [false, true]) {
        const what = `${m}×${k}·${k}×${n}${transposedA ? ', Aᵀ' : ''}${transposedB ? ', B packed from Bᵀ' : ''}`;
        test(`${precision} packed gemm ${what}: the plain loop's bits, plain, accumulated and with bias`, () => {
          const { arena, buffers } = KernelArena.create(precision, [m * k, k * n, k * n, m * n, n]);
          const [A, B, Bp, C, bias] = buffers as [
            (typeof buffers)[0],
            (typeof buffers)[0],
            (typeof buffers)[0],
            (typeof buffers)[0],
            (typeof buffers)[0],
          ];
          const rng = new Rng(m * 1000 + n * 10 + k);
          for (const buf of [A, B, C, bias])
            for (let i = 0; i < buf.view.length; i++) buf.view[i] = rng.normal();
          const a = (i: number, p: number) => (transposedA ? A.view[p * m + i]! : A.view[i * k + p]!);
          const b = (p: number, j: number) => (transposedB ? B.view[j * k + p]! : B.view[p * n + j]!);
          const [sAm, sAk] = transposedA ? [1, m] : [k, 1];
          const [sBk, sBn] = transposedB ? [1, k] : [n, 1];
          arena.packB(B.ptr, sBk, sBn, k, n, Bp.ptr);
          const before = Float64Array.from(C.view);
          arena.gemmPacked(m, n, k, A.ptr, sAm, sAk, Bp.ptr, C.ptr, n, true, 0);
          for (let i = 0; i < m; i++)
            for (let j = 0; j < n; j++) {
              let s = before[i * n + j]!;
              for (let p = 0; p < k; p++) s = round(s + round(a(i, p) * b(p, j)));
              assert.ok(
                Object.is(C.view[i * n + j], s),
                `accumulate (${i}, ${j}): ${C.view[i * n + j]} ≠ ${s}`,
              );
            }
          arena.gemmPacked(m, n, k, A.ptr, sAm, sAk, Bp.ptr, C.ptr, n, false, bias.ptr);
          for (let i = 0; i < m; i++)
            for (let j = 0; j < n; j++) {
              let s = 0;
              for (let p = 0; p < k; p++) s = round(s + round(a(i, p) * b(p, j)));
              s = round(s + bias.view[j]!);
              assert.ok(Object.is(C.view[i * n + j], s), `bias (${i}, ${j}): ${C.view[i * n + j]} ≠ ${s}`);
            }
        });
      }
    }
  }
}
