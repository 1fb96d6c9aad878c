// Figure (9): training throughput per optimizer (Adam, SGD momentum, RMSprop, Adagrad) in float32
// and float64, and a wider softmax MLP, against torch eager (1 thread) and a hand-written numpy loop;
// then optimizer.step alone for the optimizers ported to SIMD last (./optimizerSteps.ts).
import { join } from 'node:path';
import type { Precision } from '../../src/engine/types';
import { syntheticClassification, syntheticRegression, writeRaw } from '../data';
import { runBaseline } from '../python';
import { figure, type Figure } from '../report';
import { summarize } from '../stats';
import { flopsFigures } from './flops';
import { optimizerStepFigures } from './optimizerSteps';
import { engineStepsPerSecond, type BenchOptimizer, type StepsJob } from './steps';
import type { FigureContext } from './trainingSpeed';

/** Learning rates of the figure's runs (the step's cost does not depend on them). */
const lrs: Record<BenchOptimizer, number> = { adam: 1e-3, sgd_momentum: 1e-2, rmsprop: 1e-3, adagrad: 1e-2 };
const labels: Record<BenchOptimizer, string> = {
  adam: 'Adam',
  sgd_momentum: 'SGD momentum',
  rmsprop: 'RMSprop',
  adagrad: 'Adagrad',
};

/**
 * Figure (9): engine steps per second, each against torch eager and numpy on the same data in the
 * same run, for the four optimizers on MLP 20-64-64-1 (MSE, batch 64) in both precisions, then
 * MLP 64-256-256-10 softmax (batch 128) with Adam and SGD momentum (quick: float32 only, fewer),
 * then Adadelta's, Adamax's, NAdam's and RAdam's `optimizer.step` alone against the JS steps they
 * replaced, then the dense kernels' GFLOP/s in a forward + backward pass against the SIMD peak
 * (./flops.ts).
 */
export function optimizerSpeedFigures(ctx: FigureContext): Figure[] {
  const reps = ctx.quick ? 3 : 5;
  const steps = ctx.quick ? 300 : 1000;
  const warmup = ctx.quick ? 50 : 200;
  const rows = 50_000;
  const reg32 = syntheticRegression(rows, 20, 1, 'float32');
  const cls32 = syntheticClassification(rows, 64, 10, 2, 'float32');
  const data = (d: typeof reg32, precision: Precision) =>
    precision === 'float32' ? d : { X: Float64Array.from(d.X), y: Float64Array.from(d.y) };
  const cases: { name: string; job: StepsJob }[] = [];
  const precisions: Precision[] = ctx.quick ? ['float32'] : ['float32', 'float64'];
  for (const precision of precisions)
    for (const optimizer of ['adam', 'sgd_momentum', 'rmsprop', 'adagrad'] as const)
      cases.push({
        name: `(9) MLP 20-64-64-1, ${labels[optimizer]}, batch 64, ${precision}`,
        job: {
          ...data(reg32, precision),
          rows,
          sizes: [20, 64, 64, 1],
          loss: 'mse',
          optimizer,
          lr: lrs[optimizer],
          precision,
          batch: 64,
          warmup,
          steps,
          reps,
          seed: 0,
          clock: 'cpu',
        },
      });
  for (const precision of precisions)
    for (const optimizer of ['adam', 'sgd_momentum'] as const)
      cases.push({
        name: `(9) MLP 64-256-256-10 softmax, ${labels[optimizer]}, batch 128, ${precision}`,
        job: {
          ...data(cls32, precision),
          rows,
          sizes: [64, 256, 256, 10],
          loss: 'cross_entropy',
          optimizer,
          lr: lrs[optimizer],
          precision,
          batch: 128,
          warmup,
          steps: Math.ceil(steps / 4),
          reps,
          seed: 0,
          clock: 'cpu',
        },
      });
  const warm = `${warmup} warm-up steps per repetition excluded`;
  const figures: Figure[] = [];
  for (const [i, c] of cases.entries()) {
    ctx.log(`  ${c.name}`);
    const engine = summarize(engineStepsPerSecond(c.job));
    if (!ctx.baselines) {
      figures.push(
        figure(c.name, 'steps/s', true, engine, null, {
          warmup: warm,
          note: 'rates by CPU time, not wall time',
        }),
      );
      continue;
    }
    const files = writeRaw(join(ctx.tmp, `optimizer${i}`), { X: c.job.X, y: c.job.y });
    const { X: _x, y: _y, precision, ...rest } = c.job;
    const pyJob = { ...rest, X: files['X'], y: files['y'], dtype: precision };
    for (const framework of ['torch', 'numpy'] as const) {
      const r = runBaseline<{ cpu_steps_per_s: number[]; what: string }>(
        'steps.py',
        { ...pyJob, framework },
        true,
      );
      const name = framework === 'torch' ? `${r.what} eager` : `${r.what}, 1 thread`;
      figures.push(
        figure(
          c.name,
          'steps/s',
          true,
          engine,
          { name, summary: summarize(r.cpu_steps_per_s) },
          { warmup: warm, note: 'rates by CPU time of each process, not wall time' },
        ),
      );
    }
  }
  ctx.log('  optimizer.step alone: Adadelta, Adamax, NAdam, RAdam in SIMD against their JS steps');
  figures.push(...optimizerStepFigures(ctx, precisions, ctx.quick ? 5 : 9));
  ctx.log('  dense kernels GFLOP/s against the WebAssembly SIMD peak');
  figures.push(...flopsFigures(precisions, reps, ctx.quick ? 200 : 400));
  return figures;
}
