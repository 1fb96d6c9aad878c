// engineStepRates: the engine side of the step figures (1 and 9), built into one bundle by ./steps.ts
// and run from it, as the CLI and the extension run the engine (bench/bundled.ts says why).
import type { OptimizerConfigInput } from '../../src/protocol/optimizers';
import { createModel } from '../../src/engine/models/index';
import { initParams } from '../../src/engine/models/init';
import { Rng } from '../../src/engine/random';
import { DatasetSource } from '../../src/engine/train/datasetSource';
import { trainLoop } from '../../src/engine/train/trainLoop';
import { ProgressBatcher } from '../../src/engine/runs/progressBatcher';
import { allocFloat } from '../../src/engine/types';
import type { BenchOptimizer, StepsJob } from './steps';

const optimizerConfigs: Record<BenchOptimizer, (lr: number) => OptimizerConfigInput> = {
  adam: (lr) => ({ name: 'Adam', lr }),
  sgd_momentum: (lr) => ({ name: 'SGD', lr, momentum: 0.9 }),
  rmsprop: (lr) => ({ name: 'RMSprop', lr }),
  adagrad: (lr) => ({ name: 'Adagrad', lr }),
};

/** CPU time of this process (user + system), in milliseconds. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Engine steps per second, one value per repetition, through the objects executeRun builds for a
 * data-set run (createModel, DatasetSource, trainLoop, ProgressBatcher) on the calling thread.
 * Each repetition is one trainLoop of `warmup + steps + 1` steps; the clock runs from the start of
 * step `warmup` to the start of step `warmup + steps`, so the loop's evaluations before the first
 * step and after the last are outside it, as they are outside the baseline's loop; so are the
 * full-data losses at the ends of epochs inside the window.
 */
export function engineStepRates(job: StepsJob): number[] {
  const nIn = job.sizes[0]!;
  const nOut = job.sizes[job.sizes.length - 1]!;
  const hidden = job.sizes.slice(1, -1);
  const type =
    hidden.length > 0
      ? 'mlp'
      : job.loss === 'mse'
        ? 'linear'
        : job.loss === 'bce_with_logits'
          ? 'logistic'
          : 'softmax';
  const model = createModel(
    { type, ...(hidden.length > 0 ? { hidden, activation: 'relu' as const } : {}) },
    { name: job.loss },
    { nFeatures: nIn, nOutputs: nOut, maxRows: job.rows, precision: job.precision },
  );
  const optimizer = optimizerConfigs[job.optimizer](job.lr);
  const rates: number[] = [];
  for (let rep = 0; rep < job.reps; rep++) {
    const params = allocFloat(job.precision, model.numParams);
    initParams(model.layout, 'default', new Rng(job.seed + rep), params);
    const source = new DatasetSource(model, { X: job.X, y: job.y, rows: job.rows }, null, {
      nFeatures: nIn,
      yWidth: job.loss === 'cross_entropy' ? 1 : nOut,
      nOutputs: nOut,
      batchSize: job.batch,
      shuffle: true,
      seed: job.seed + rep,
    });
    const batcher = new ProgressBatcher(() => {});
    const bpe = source.batchesPerEpoch;
    const cpuClock = job.clock === 'cpu';
    const now = cpuClock ? cpuMs : () => performance.now();
    let t0 = 0;
    let t1 = 0;
    // The full-data training loss the loop computes at each epoch's end is not a training step
    // (the baselines have none): its time, from the epoch's last step to its epoch event, is left out.
    let tStep = 0;
    let evaluating = 0;
    const last = job.warmup + job.steps;
    trainLoop(source, params, {
      optimizer,
      epochs: Math.ceil((last + 1) / source.batchesPerEpoch),
      maxSteps: last + 1,
      onStep: (e) => {
        if (e.step === job.warmup) t0 = now();
        else if (e.step === last) t1 = now();
        batcher.step(e);
        // Only an epoch's last step needs the time (a clock read per step, a system call for the
        // CPU clock, cost 1–3% of a small MLP's step, which the baselines do not pay).
        if ((e.step + 1) % bpe === 0) tStep = now();
      },
      onEpoch: (e) => {
        if (t0 > 0 && t1 === 0) evaluating += now() - tStep;
        batcher.epoch(e);
      },
      shouldStop: () => false,
    });
    rates.push(job.steps / ((t1 - t0 - evaluating) / 1000));
  }
  return rates;
}
