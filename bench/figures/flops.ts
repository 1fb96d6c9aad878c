// Figure (9), FLOP/s part: what the dense kernels achieve in a forward + backward pass against the
// multiply-add peak WebAssembly SIMD reaches on this machine, measured alternately in one run.
import { KernelArena } from '../../src/engine/kernels/wasmKernels';
import { createModel } from '../../src/engine/models/index';
import { initParams } from '../../src/engine/models/init';
import { Rng } from '../../src/engine/random';
import type { Precision } from '../../src/engine/types';
import { allocFloat } from '../../src/engine/types';
import { syntheticClassification, syntheticRegression } from '../data';
import { figure, type Figure } from '../report';
import { summarize } from '../stats';

/** Milliseconds of CPU time this process spent in user mode (immune to being descheduled). */
function cpuMs(): number {
  return process.cpuUsage().user / 1000;
}

/**
 * Floating-point operations (a multiply-add counts 2) of one forward + backward pass of a dense
 * chain over `rows` rows: the forward product and the weight gradient of every layer, and the
 * input gradient of every layer but the first (the engine skips it, as autograd does).
 */
export function denseFlops(sizes: readonly number[], rows: number): number {
  let f = 0;
  for (let l = 1; l < sizes.length; l++) {
    const mac = rows * sizes[l - 1]! * sizes[l]!;
    f += 2 * mac * (l === 1 ? 2 : 3);
  }
  return f;
}

/** GFLOP/s of the 4 × 2-vector register block with its operands in registers (KernelArena.peak). */
function peakGflops(arena: KernelArena, a: number, precision: Precision, ms: number): number {
  const lanes = precision === 'float32' ? 4 : 2;
  const iters = 1 << 20;
  let done = 0;
  const t0 = cpuMs();
  let t = t0;
  while (t - t0 < ms) {
    arena.peak(iters, a);
    done += iters;
    t = cpuMs();
  }
  // A round is 8 vector multiply-adds: 8 · lanes · 2 FLOP.
  return (done * 16 * lanes) / ((t - t0) / 1000) / 1e9;
}

interface FlopsCase {
  label: string;
  sizes: number[];
  batch: number;
  loss: 'mse' | 'cross_entropy';
}

const cases: FlopsCase[] = [
  {
    label: 'MLP 64-256-256-10 softmax, batch 128',
    sizes: [64, 256, 256, 10],
    batch: 128,
    loss: 'cross_entropy',
  },
  { label: 'MLP 20-64-64-1, batch 64', sizes: [20, 64, 64, 1], batch: 64, loss: 'mse' },
];

/**
 * The achieved GFLOP/s of `model.lossAndGrad` (forward, loss, backward: what a training step
 * spends in the dense kernels, with its copies and activations) against the peak kernel, each
 * repetition timing ~`ms` of each in turn on CPU time; ratio = achieved / peak.
 */
export function flopsFigures(precisions: readonly Precision[], reps: number, ms: number): Figure[] {
  const figures: Figure[] = [];
  for (const precision of precisions) {
    const { arena, buffers } = KernelArena.create(precision, [64]);
    const a = buffers[0]!;
    for (let i = 0; i < 64; i++) a.view[i] = 1 + i / 64;
    for (const c of cases) {
      const nIn = c.sizes[0]!;
      const nOut = c.sizes[c.sizes.length - 1]!;
      const data =
        c.loss === 'mse'
          ? syntheticRegression(c.batch, nIn, 3, precision)
          : syntheticClassification(c.batch, nIn, nOut, 3, precision);
      const model = createModel(
        { type: 'mlp', hidden: c.sizes.slice(1, -1), activation: 'relu' },
        { name: c.loss },
        { nFeatures: nIn, nOutputs: nOut, maxRows: c.batch, precision },
      );
      const params = allocFloat(precision, model.numParams);
      const grads = allocFloat(precision, model.numParams);
      initParams(model.layout, 'default', new Rng(3), params);
      const batch = { X: data.X, y: data.y, rows: c.batch };
      const flops = denseFlops(c.sizes, c.batch);
      const pass = (): number => {
        let n = 0;
        const t0 = cpuMs();
        let t = t0;
        while (t - t0 < ms) {
          model.lossAndGrad(params, batch, grads);
          n++;
          t = cpuMs();
        }
        return (n * flops) / ((t - t0) / 1000) / 1e9;
      };
      // Warm-up: both reach optimized (not baseline-tier) WebAssembly code before the clock.
      pass();
      peakGflops(arena, a.ptr, precision, ms);
      const achieved: number[] = [];
      const peak: number[] = [];
      for (let r = 0; r < reps; r++) {
        achieved.push(pass());
        peak.push(peakGflops(arena, a.ptr, precision, ms));
      }
      figures.push(
        figure(
          `(9) dense kernels, ${c.label}, forward + backward, ${precision}`,
          'GFLOP/s',
          true,
          summarize(achieved),
          {
            name: 'WebAssembly SIMD multiply-add peak (register block, no memory)',
            summary: summarize(peak),
          },
          {
            warmup: 'one timing of each before the clock',
            note: `${(flops / 1e6).toFixed(2)} MFLOP a pass; CPU time; ratio = share of the peak`,
          },
        ),
      );
    }
  }
  return figures;
}
