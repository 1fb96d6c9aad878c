// Figure (3): many runs through runExperiment on 2 workers against 1, and against torch one after another.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadExperiment } from '../../src/engine/experiment/loadExperiment';
import { runExperiment } from '../../src/engine/runs/runExperiment';
import { distFile } from '../../src/cli/distPaths';
import { writeRegressionCsv } from '../data';
import { runBaseline } from '../python';
import { figure, type Figure } from '../report';
import { summarize } from '../stats';
import { watchThreadCpu, type CpuSplit } from '../threadCpu';
import type { FigureContext } from './trainingSpeed';

/**
 * Figure (3): one experiment of many runs through runExperiment (the CLI's and the extension's
 * path: data loaded and shared once, a worker pool, records written) with 2 workers against 1
 * worker, and against the same runs in torch one after another in one process.
 */
export async function poolScalingFigures(ctx: FigureContext): Promise<Figure[]> {
  const dir = join(ctx.tmp, 'pool');
  mkdirSync(dir, { recursive: true });
  const rows = ctx.quick ? 2500 : 10_000;
  const epochs = ctx.quick ? 2 : 3;
  const seeds = Array.from({ length: 8 }, (_, i) => i);
  const optimizers = [
    { name: 'SGD', lr: 0.01 },
    { name: 'SGD', lr: 0.01, momentum: 0.9 },
    { name: 'Adam', lr: 0.001 },
    { name: 'Adam', lr: 0.003 },
    ...(ctx.quick
      ? []
      : [
          { name: 'SGD', lr: 0.003, momentum: 0.9 },
          { name: 'SGD', lr: 0.03 },
          { name: 'Adam', lr: 0.0003 },
          { name: 'Adam', lr: 0.01 },
        ]),
  ];
  const runs = optimizers.length * seeds.length;
  writeRegressionCsv(join(dir, 'sweep.csv'), rows, 20, 7);
  const file = join(dir, 'sweep.optlab.json');
  writeFileSync(
    file,
    JSON.stringify({
      data: { path: 'sweep.csv', target: 'y', split: { validation: 0.2, seed: 0 } },
      model: { type: 'mlp', hidden: [64, 64] },
      loss: { name: 'mse' },
      training: { epochs, batch_size: 64, seeds, precision: 'float32' },
      optimizers,
    }),
  );
  const experiment = loadExperiment(file);
  const workerPath = distFile('worker.js');
  const cpu = new Map<number, CpuSplit[]>([
    [1, []],
    [2, []],
  ]);
  const timeRuns = async (poolSize: number, rep: number): Promise<number> => {
    const watch = watchThreadCpu();
    const t0 = performance.now();
    const outcome = await runExperiment({
      experiment,
      experimentFile: file,
      recordsRoot: join(dir, `records-${poolSize}-${rep}`),
      workerPath,
      poolSize,
    });
    const seconds = (performance.now() - t0) / 1000;
    const split = watch.stop();
    if (split && rep >= 0) cpu.get(poolSize)?.push(split);
    const failed = outcome.record.runs.filter((r) => r.status !== 'done');
    if (failed.length > 0)
      throw new Error(`pool figure: ${failed.length} runs did not finish (${failed[0]!.status})`);
    return seconds;
  };
  ctx.log(`  (3) ${runs} runs, ${rows} rows, ${epochs} epochs: warm-up experiment`);
  await timeRuns(2, -1);
  const reps = ctx.quick ? 2 : 3;
  const two: number[] = [];
  const one: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    ctx.log(`  (3) repetition ${rep + 1}/${reps}: 2 workers, then 1 worker`);
    two.push(await timeRuns(2, rep));
    one.push(await timeRuns(1, rep));
  }
  const name = `(3) ${runs}-run comparison (MLP 20-64-64-1, ${epochs} epochs of ${rows * 0.8} rows), 2 workers`;
  const note =
    'wall time of runExperiment, worker start-up and record writing included; one untimed warm-up experiment first';
  const split = cpuNote(cpu);
  if (split) ctx.log(`  (3) ${split}`);
  const figures = [
    figure(
      name,
      's',
      false,
      summarize(two),
      { name: 'the same engine, 1 worker', summary: summarize(one) },
      { warmup: note, ...(split ? { note: split } : {}) },
    ),
  ];
  if (ctx.baselines) {
    ctx.log(`  (3) torch: ${runs} runs sequentially`);
    const torchRuns = seeds.flatMap((seed) =>
      optimizers.map((o) => ({
        optimizer: o.name,
        lr: o.lr,
        momentum: 'momentum' in o ? o.momentum : 0,
        seed,
      })),
    );
    const t = runBaseline<{ seconds: number; what: string }>(
      'sweep.py',
      {
        csv: join(dir, 'sweep.csv'),
        target: 'y',
        validation: 0.2,
        seed: 0,
        hidden: [64, 64],
        epochs,
        batch: 64,
        runs: torchRuns,
      },
      false,
    );
    figures.push(
      figure(
        name,
        's',
        false,
        summarize(two),
        { name: t.what, summary: summarize([t.seconds]) },
        {
          warmup: `${note}; torch: one repetition, CSV load outside the clock`,
        },
      ),
    );
  }
  return figures;
}

/**
 * Where an experiment's CPU time went, median over the repetitions: the workers, the main thread
 * (data, messages, records) and the helper threads V8 and libuv had before it (optimizing
 * compiler, garbage collector, file writes). With 2 workers on 2 cores, everything beside the
 * workers competes with them; with 1 worker it runs on the other core.
 */
function cpuNote(cpu: Map<number, CpuSplit[]>): string | null {
  const median = (a: number[]): number => summarize(a).median / 1000;
  const parts: string[] = [];
  for (const [size, splits] of cpu) {
    if (splits.length === 0) return null;
    const workers = Array.from({ length: size }, (_, i) => median(splits.map((s) => s.workers[i] ?? 0)));
    parts.push(
      `${size} worker${size > 1 ? 's' : ''}: workers ${workers.map((w) => w.toFixed(2)).join(' + ')} s, main ${median(splits.map((s) => s.main)).toFixed(2)} s, helper threads ${median(splits.map((s) => s.helpers)).toFixed(2)} s`,
    );
  }
  return `CPU time per experiment (median): ${parts.join('; ')}`;
}
