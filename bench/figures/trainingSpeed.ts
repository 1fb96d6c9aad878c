// FigureContext: Options shared by the figure functions (also trainingSpeedFigures).
import { join } from 'node:path';
import { dataSpecSchema } from '../../src/protocol/data';
import { loadTable } from '../../src/engine/data/loadTable';
import { prepareDataset } from '../../src/engine/data/dataset';
import type { Precision } from '../../src/engine/types';
import { syntheticRegression, writeRaw } from '../data';
import { runBaseline } from '../python';
import { figure, type Figure } from '../report';
import { summarize } from '../stats';
import { engineStepsPerSecond, type StepsJob } from './steps';

/** Options shared by the figure functions. */
export interface FigureContext {
  quick: boolean;
  /** Scratch folder for data handed to the baselines. */
  tmp: string;
  /** Baselines are skipped when Python or its libraries are missing. */
  baselines: boolean;
  /** Repository root (samples/). */
  root: string;
  log: (line: string) => void;
}

interface Case {
  name: string;
  job: StepsJob;
  numpy: boolean;
}

async function sampleData(root: string, file: string, target: string) {
  const path = join(root, 'samples', file);
  const table = await loadTable(path);
  const spec = dataSpecSchema.parse({ path, target, split: { validation: 0 } });
  return prepareDataset(table, spec, { precision: 'float32' });
}

/**
 * Figures (1) and (2): training steps per second of the engine against torch eager with one
 * thread (and numpy for the MLP), on the same data, in the same run. The clock leaves out
 * `warmup` steps per repetition.
 */
export async function trainingSpeedFigures(
  ctx: FigureContext,
): Promise<{ figures: Figure[]; blas: string | null }> {
  const reps = ctx.quick ? 3 : 7;
  const steps = ctx.quick ? 400 : 1200;
  const warmup = ctx.quick ? 100 : 200;
  const base = { warmup, steps, reps, seed: 0 };
  const rows = 100_000;
  const reg32 = syntheticRegression(rows, 20, 1, 'float32');
  const reg64 = { X: Float64Array.from(reg32.X), y: Float64Array.from(reg32.y) };
  const mlp = (precision: Precision, optimizer: 'adam' | 'sgd_momentum'): StepsJob => ({
    ...(precision === 'float32' ? reg32 : reg64),
    rows,
    sizes: [20, 64, 64, 1],
    loss: 'mse',
    optimizer,
    lr: optimizer === 'adam' ? 1e-3 : 1e-2,
    precision,
    batch: 64,
    ...base,
  });
  const cancer = await sampleData(ctx.root, 'breast_cancer.csv', 'diagnosis');
  const iris = await sampleData(ctx.root, 'iris.csv', 'species');
  const cases: Case[] = [
    { name: '(1) MLP 20-64-64-1, Adam, batch 64, float32', job: mlp('float32', 'adam'), numpy: true },
    { name: '(1) MLP 20-64-64-1, Adam, batch 64, float64', job: mlp('float64', 'adam'), numpy: true },
    {
      name: '(1) MLP 20-64-64-1, SGD momentum, batch 64, float32',
      job: mlp('float32', 'sgd_momentum'),
      numpy: true,
    },
    {
      name: '(2) logistic regression, breast cancer, Adam, batch 32, float32',
      job: {
        X: cancer.X,
        y: cancer.y,
        rows: cancer.nRows,
        sizes: [cancer.nFeatures, 1],
        loss: 'bce_with_logits',
        optimizer: 'adam',
        lr: 1e-2,
        precision: 'float32',
        batch: 32,
        ...base,
      },
      numpy: false,
    },
    {
      name: '(2) MLP 4-8-3 softmax, iris, Adam, batch 16, float32',
      job: {
        X: iris.X,
        y: iris.y,
        rows: iris.nRows,
        sizes: [iris.nFeatures, 8, 3],
        loss: 'cross_entropy',
        optimizer: 'adam',
        lr: 1e-2,
        precision: 'float32',
        batch: 16,
        ...base,
      },
      numpy: false,
    },
  ];
  if (ctx.quick) cases.splice(1, 2);
  const figures: Figure[] = [];
  let blas: string | null = null;
  const warm = `${warmup} warm-up steps per repetition excluded; ${steps} timed steps per repetition`;
  for (const [i, c] of cases.entries()) {
    ctx.log(`  ${c.name}`);
    const engine = summarize(engineStepsPerSecond(c.job));
    if (!ctx.baselines) {
      figures.push(figure(c.name, 'steps/s', true, engine, null, { warmup: warm }));
      continue;
    }
    const files = writeRaw(join(ctx.tmp, `steps${i}`), { X: c.job.X, y: c.job.y });
    const pyJob = {
      X: files['X'],
      y: files['y'],
      rows: c.job.rows,
      sizes: c.job.sizes,
      loss: c.job.loss,
      optimizer: c.job.optimizer,
      lr: c.job.lr,
      dtype: c.job.precision,
      batch: c.job.batch,
      warmup,
      steps,
      reps,
      seed: 0,
    };
    const torch = runBaseline<{ steps_per_s: number[]; what: string }>(
      'steps.py',
      { ...pyJob, framework: 'torch' },
      true,
    );
    figures.push(
      figure(
        c.name,
        'steps/s',
        true,
        engine,
        { name: `${torch.what} eager`, summary: summarize(torch.steps_per_s) },
        { warmup: warm },
      ),
    );
    if (c.numpy) {
      const np = runBaseline<{ steps_per_s: number[]; what: string }>(
        'steps.py',
        { ...pyJob, framework: 'numpy' },
        true,
      );
      blas = np.what;
      figures.push(
        figure(
          c.name,
          'steps/s',
          true,
          engine,
          { name: `${np.what}, 1 thread`, summary: summarize(np.steps_per_s) },
          { warmup: warm },
        ),
      );
    }
  }
  return { figures, blas };
}
