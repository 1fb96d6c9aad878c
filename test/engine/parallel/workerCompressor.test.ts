// One worker's compressor: error feedback conserves the gradient (what is not sent now is sent
// later), top-k picks exactly ⌈f·n⌉ components with ties to the lower index, threshold is |r| ≥ τ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerCompressor, topKCount } from '../../../src/engine/parallel/workerCompressor';
import { topKIndices } from '../../../src/engine/parallel/topK';
import { Rng } from '../../../src/engine/random';
import type { ResolvedDataParallel } from '../../../src/protocol/dataParallel';

type Compression = ResolvedDataParallel['compression'];
const base: Compression = {
  kind: 'threshold',
  threshold: 0.5,
  fraction: null,
  residual: true,
  momentum_correction: false,
  clip: null,
  warmup_epochs: 0,
};

function gaussian(rng: Rng, n: number, scale: number): Float64Array {
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) g[i] = scale * (rng.uniform() + rng.uniform() + rng.uniform() - 1.5);
  return g;
}

for (const c of [
  { ...base },
  { ...base, kind: 'topk' as const, threshold: null, fraction: 0.05 },
  { ...base, kind: 'topk' as const, threshold: null, fraction: 0.3, warmup_epochs: 2 },
]) {
  test(`residual accumulation conserves the gradient sum: sent_total + residual = Σ g (${c.kind}, ${c.fraction ?? c.threshold})`, () => {
    const n = 200;
    const rng = new Rng(7);
    const w = new WorkerCompressor(c, new Float64Array(n), null);
    const sumG = new Float64Array(n);
    const sent = new Float64Array(n);
    let sentCount = 0;
    for (let step = 0; step < 300; step++) {
      const g = gaussian(rng, n, 0.2);
      for (let i = 0; i < n; i++) sumG[i] = sumG[i]! + g[i]!;
      w.compress(g, new Float64Array(n), Math.floor(step / 50));
      for (let j = 0; j < w.count; j++) {
        const i = w.indices[j]!;
        sent[i] = sent[i]! + w.values[j]!;
      }
      sentCount += w.count;
    }
    assert.ok(sentCount > 0 && sentCount < 300 * n, 'some but not all components were sent');
    for (let i = 0; i < n; i++) {
      const lhs = sent[i]! + w.residual[i]!;
      assert.ok(Math.abs(lhs - sumG[i]!) <= 1e-12 * Math.max(1, Math.abs(sumG[i]!)), `component ${i}`);
    }
  });
}

test('without residuals what is not sent is lost: the sums differ', () => {
  const n = 100;
  const rng = new Rng(3);
  const w = new WorkerCompressor({ ...base, residual: false }, new Float64Array(n), null);
  let lost = 0;
  for (let step = 0; step < 50; step++) {
    const g = gaussian(rng, n, 0.2);
    w.compress(g.slice(), new Float64Array(n), 0);
    const sentHere = new Float64Array(n);
    for (let j = 0; j < w.count; j++) sentHere[w.indices[j]!] = w.values[j]!;
    for (let i = 0; i < n; i++) lost += Math.abs(g[i]! - sentHere[i]!);
    // The residual holds only this step's unsent part, never earlier ones.
    for (let i = 0; i < n; i++) assert.equal(w.residual[i], g[i]! - sentHere[i]!);
  }
  assert.ok(lost > 1);
});

test('threshold sends exactly the components with |r| ≥ τ, their accumulated values, and zeroes them', () => {
  const w = new WorkerCompressor({ ...base, threshold: 1 }, new Float64Array(4), null);
  w.compress(Float64Array.from([0.6, -1, 0.2, 3]), new Float64Array(4), 0);
  assert.deepEqual(Array.from(w.indices.subarray(0, w.count)), [1, 3]);
  assert.deepEqual(Array.from(w.values.subarray(0, w.count)), [-1, 3]);
  assert.deepEqual(Array.from(w.residual), [0.6, 0, 0.2, 0]);
  w.compress(Float64Array.from([0.6, 0, 0.2, 0]), new Float64Array(4), 0);
  assert.deepEqual(Array.from(w.indices.subarray(0, w.count)), [0]);
  assert.deepEqual(Array.from(w.values.subarray(0, w.count)), [1.2]);
});

test('top-k picks the k largest magnitudes, ties going to the lower index, indices ascending', () => {
  const out = new Int32Array(8);
  const scratch = new Float64Array(8);
  assert.equal(topKIndices([1, -5, 3, -3, 0, 2, 3, -0.5], 3, out, scratch), 3);
  assert.deepEqual(Array.from(out.subarray(0, 3)), [1, 2, 3]);
  assert.equal(topKIndices([0, 0, 0, 0], 2, out, scratch), 2);
  assert.deepEqual(Array.from(out.subarray(0, 2)), [0, 1]);
  assert.equal(topKIndices([NaN, 1, 2], 1, out, scratch), 1);
  assert.deepEqual(Array.from(out.subarray(0, 1)), [0], 'NaN counts as the largest magnitude');
  // Against a sort on random data.
  const rng = new Rng(11);
  for (let trial = 0; trial < 50; trial++) {
    const n = 1 + Math.floor(rng.uniform() * 300);
    const x = Array.from({ length: n }, () => Math.round((rng.uniform() - 0.5) * 40) / 4);
    const k = 1 + Math.floor(rng.uniform() * n);
    const o = new Int32Array(n);
    const got = Array.from(o.subarray(0, topKIndices(x, k, o, new Float64Array(n))));
    const want = x
      .map((v, i) => [Math.abs(v), i] as const)
      .sort((a, b) => b[0] - a[0] || a[1] - b[1])
      .slice(0, k)
      .map(([, i]) => i)
      .sort((a, b) => a - b);
    assert.deepEqual(got, want, `n ${n}, k ${k}`);
  }
});

test('topKCount is ⌈f·n⌉, at least one, not fooled by 0.1·10 = 1.0000000000000002', () => {
  assert.equal(topKCount(0.1, 10), 1);
  assert.equal(topKCount(0.001, 67), 1);
  assert.equal(topKCount(0.25, 67), 17);
  assert.equal(topKCount(1, 67), 67);
});

test('local clipping rescales the worker gradient by clip_grad_norm_ before it accumulates', () => {
  const w = new WorkerCompressor({ ...base, threshold: 0, clip: 1 }, new Float64Array(2), null);
  w.compress(Float64Array.from([3, 4]), new Float64Array(2), 0);
  const c = 1 / (5 + 1e-6);
  assert.deepEqual(Array.from(w.values.subarray(0, 2)), [3 * c, 4 * c]);
});
