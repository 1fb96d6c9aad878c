// BenchOptimizer: The optimizers the speed figures train with, each with torch's defaults but lr (SGD:
// momentum 0.9) (also StepsJob, engineStepsPerSecond).
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LossName } from '../../src/engine/losses/loss';
import type { FloatArray, Precision } from '../../src/engine/types';
import { bundled } from '../bundled';

/** The optimizers the speed figures train with, each with torch's defaults but lr (SGD: momentum 0.9). */
export type BenchOptimizer = 'adam' | 'sgd_momentum' | 'rmsprop' | 'adagrad';

/** One steps-per-second measurement: a model, its data, an optimizer and the repetition plan. */
export interface StepsJob {
  X: FloatArray;
  y: FloatArray;
  rows: number;
  /** `[in, hidden..., out]`; one layer is linear/logistic/softmax regression. */
  sizes: number[];
  loss: LossName;
  optimizer: BenchOptimizer;
  lr: number;
  precision: Precision;
  batch: number;
  warmup: number;
  steps: number;
  reps: number;
  seed: number;
  /**
   * `cpu`: rates by this process's CPU time (user + system) instead of the wall clock, so that
   * other processes sharing the cores do not enter the figure (the baseline then reports its
   * `time.process_time()` rate).
   */
  clock?: 'wall' | 'cpu';
}

const root = join(__dirname, '..', '..');
let loop: ((job: StepsJob) => number[]) | null = null;

/**
 * Engine steps per second, one value per repetition, through the objects executeRun builds for a
 * data-set run (createModel, DatasetSource, trainLoop, ProgressBatcher) on the calling thread
 * (./stepsLoop.ts has the loop and its clock). The engine runs bundled by esbuild into one file,
 * as dist/worker.js and dist/cli.js run it, beside a copy of dist/kernels.wasm: loaded file by
 * file through tsx, each call across modules goes through an export getter, which made a small
 * MLP's step ~8% slower than the shipped engine's (docs/bench.md, "Step overhead").
 */
export function engineStepsPerSecond(job: StepsJob): number[] {
  if (loop === null) {
    const tmp = mkdtempSync(join(tmpdir(), 'optlab-steps-'));
    process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
    copyFileSync(join(root, 'dist', 'kernels.wasm'), join(tmp, 'kernels.wasm'));
    loop = bundled<{ engineStepRates: (job: StepsJob) => number[] }>(root, tmp, 'steps', {
      'bench/figures/stepsLoop.ts': ['engineStepRates'],
    }).engineStepRates;
  }
  return loop(job);
}
