/** One simulated worker's side of a sparsified gradient exchange: its residual, momentum and message. */
import type { ResolvedDataParallel } from '../../protocol/dataParallel';
import { clipGradNorm } from '../optim/clip';
import { allocLike, type FloatArray } from '../types';
import { topKIndices } from './topK';

/** SGD's momentum, run by each worker under DGC momentum correction. */
export interface LocalMomentum {
  momentum: number;
  dampening: number;
  weight_decay: number;
}

type Compression = ResolvedDataParallel['compression'];

/**
 * The threshold or the fraction in force in `epoch`: DGC's warm-up makes epoch e < W send
 * 4^(W − e) times more (topk: the fraction times that, at most 1; threshold: divided by it).
 */
export function warmedUp(c: Compression, epoch: number): { threshold: number; fraction: number } {
  const boost = epoch < c.warmup_epochs ? 4 ** (c.warmup_epochs - epoch) : 1;
  return {
    threshold: (c.threshold ?? 0) / boost,
    fraction: Math.min(1, (c.fraction ?? 1) * boost),
  };
}

/** Components a top-k worker sends out of n: ⌈fraction · n⌉, at least one (1e−9 absorbs 0.1·10 = 1.0000000000000002). */
export function topKCount(fraction: number, n: number): number {
  return Math.max(1, Math.min(n, Math.ceil(fraction * n - 1e-9)));
}

/**
 * A worker of a threshold or top-k exchange. Each step, with g its shard's gradient:
 *
 * ```
 * [clip:]       g ← g · min(clip / (‖g‖₂ + 1e−6), 1)                      (local gradient clipping)
 * [momentum correction, DGC:]
 *               g ← g + λ·θ;  u ← first step ? g : μ·u + (1 − τ)·g;  x ← u
 * otherwise:    x ← g
 * r ← (residual ? r : 0) + x                                       (error feedback)
 * S ← threshold: {i : |rᵢ| ≥ t}    topk: the ⌈f·n⌉ largest |rᵢ| (ties to the lower index)
 * send (i, rᵢ) for i ∈ S;  rᵢ ← 0 for i ∈ S;  [momentum correction: uᵢ ← 0 for i ∈ S]
 * ```
 *
 * The last line is DGC's momentum factor masking. What is not sent stays in r (with residual) and
 * is sent once it has grown enough, so Σ sent + r = Σ x over the run (see the conservation test).
 */
export class WorkerCompressor {
  /** The residual r: what this worker has accumulated and not sent yet. */
  readonly residual: FloatArray;
  /** The last message: `count` indices (ascending) and their values. */
  readonly indices: Int32Array;
  readonly values: FloatArray;
  count = 0;
  private readonly u: FloatArray | null;
  private momentumReady = false;
  private readonly scratch: Float64Array;

  constructor(
    private readonly c: Compression,
    like: FloatArray,
    private readonly localMomentum: LocalMomentum | null,
  ) {
    const n = like.length;
    this.residual = allocLike(like, n);
    this.indices = new Int32Array(n);
    this.values = allocLike(like, n);
    this.u = localMomentum ? allocLike(like, n) : null;
    this.scratch = new Float64Array(c.kind === 'topk' ? n : 0);
  }

  /** Compresses this step's gradient `g` (overwritten) at parameters `params` into the message. */
  compress(g: FloatArray, params: FloatArray, epoch: number): void {
    const n = g.length;
    if (this.c.clip !== null) clipGradNorm(g, this.c.clip, 2);
    let x = g;
    const lm = this.localMomentum;
    if (lm && this.u) {
      const u = this.u;
      const ready = this.momentumReady;
      for (let i = 0; i < n; i++) {
        let gi = g[i]!;
        if (lm.weight_decay !== 0) gi = gi + lm.weight_decay * params[i]!;
        u[i] = ready ? lm.momentum * u[i]! + (1 - lm.dampening) * gi : gi;
      }
      this.momentumReady = true;
      x = u;
    }
    const r = this.residual;
    if (this.c.residual) for (let i = 0; i < n; i++) r[i] = r[i]! + x[i]!;
    else for (let i = 0; i < n; i++) r[i] = x[i]!;

    const { threshold, fraction } = warmedUp(this.c, epoch);
    let c = 0;
    if (this.c.kind === 'topk') {
      c = topKIndices(r, topKCount(fraction, n), this.indices, this.scratch);
    } else {
      for (let i = 0; i < n; i++) if (Math.abs(r[i]!) >= threshold) this.indices[c++] = i;
    }
    this.count = c;
    for (let j = 0; j < c; j++) {
      const i = this.indices[j]!;
      this.values[j] = r[i]!;
      r[i] = 0;
      if (this.u) this.u[i] = 0;
    }
  }
}
