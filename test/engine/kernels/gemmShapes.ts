// GEMM shapes that reach every store site of the kernels: two-vector, one-vector and single-column
// panels, row remainders, one row or column, and an empty sum (k = 0).
export const gemmShapes: [m: number, n: number, k: number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 8, 20],
  [7, 3, 2],
  [9, 17, 5],
  [13, 10, 33],
  [64, 64, 20],
  [5, 1, 64],
  [6, 11, 0],
];
