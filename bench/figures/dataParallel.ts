// Figure (10): the Deep Gradient Compression claim at small scale — the traffic saved by threshold
// and top-k sparsification with residuals while the final validation loss stays within 1% of dense.
import { join } from 'node:path';
import { parseExperimentText } from '../../src/engine/experiment/loadExperiment';
import { loadTable } from '../../src/engine/data/loadTable';
import { prepareDataset } from '../../src/engine/data/dataset';
import { dataShapeOf } from '../../src/engine/runs/experimentData';
import { executeRun } from '../../src/engine/runs/executeRun';
import { expandRuns } from '../../src/engine/runs/expandRuns';
import { shareSplits } from '../../src/engine/runs/sharedData';
import type { DataParallelInput } from '../../src/protocol/dataParallel';
import type { RunResult } from '../../src/protocol/runs';
import { figure, type Figure } from '../report';
import type { FigureContext } from './trainingSpeed';

/**
 * The data sets, each with a small MLP trained by SGD with momentum on 4 simulated workers; batch
 * sizes leave every worker rows in the last batch of an epoch.
 */
const PROBLEMS: { name: string; file: string; target: string; batch: number; extra: object }[] = [
  { name: 'wine', file: 'wine.csv', target: 'class', batch: 32, extra: {} },
  { name: 'breast cancer', file: 'breast_cancer.csv', target: 'diagnosis', batch: 32, extra: {} },
  {
    name: 'diabetes',
    file: 'diabetes.csv',
    target: 'progression',
    batch: 24,
    extra: { preprocessing: { standardize: true, standardize_target: true } },
  },
];

const WORKERS = 4;
const FRACTIONS = [0.5, 0.25, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001];
const THRESHOLDS = [1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5];
/** Allowed excess of the final validation loss over dense training. */
const TOLERANCE = 0.01;

interface Outcome {
  setting: string;
  valLoss: number;
  ratio: number;
}

/** Mean final validation loss and compression ratio over the seeds of each data-parallel setting. */
async function sweep(ctx: FigureContext, p: (typeof PROBLEMS)[number], settings: DataParallelInput[]) {
  const seeds = ctx.quick ? [0] : [0, 1, 2];
  const experiment = parseExperimentText(
    JSON.stringify({
      data: {
        path: join(ctx.root, 'samples', p.file),
        target: p.target,
        split: { validation: 0.2, seed: 0 },
        ...p.extra,
      },
      model: { type: 'mlp', hidden: [16], activation: 'tanh' },
      training: { epochs: ctx.quick ? 20 : 60, batch_size: p.batch, seeds, data_parallel: settings },
      optimizers: [{ name: 'SGD', lr: 0.05, momentum: 0.9 }],
    }),
    'bench.optlab.json',
    ctx.root,
  );
  if (experiment.kind !== 'data' || !experiment.data) throw new Error('expected a data file experiment');
  const table = await loadTable(experiment.data.path);
  const dataset = prepareDataset(table, experiment.data, { precision: 'float64' });
  const layout = shareSplits(dataset);
  const specs = expandRuns(experiment, dataShapeOf(dataset, layout));
  const cancel = new Int32Array(new SharedArrayBuffer(4));
  const results = new Map<number, RunResult[]>();
  for (const spec of specs) {
    const r = executeRun(spec, layout.data, cancel, () => {});
    results.set(spec.configIndex, [...(results.get(spec.configIndex) ?? []), r]);
  }
  return settings.map((s, i): Outcome => {
    const rs = results.get(i)!;
    const mean = (f: (r: RunResult) => number) => rs.reduce((a, r) => a + f(r), 0) / rs.length;
    return {
      setting: JSON.stringify(s.compression ?? {}),
      valLoss: mean((r) => (r.status === 'done' ? r.finalValidation!.loss : Infinity)),
      ratio: mean((r) => r.traffic!.compressionRatio ?? 0),
    };
  });
}

/**
 * Per data set: dense training on 4 workers, then top-k over fractions from 50% to 0.1% and
 * threshold over τ from 1e-4 to 5 (residuals on); the figure is the largest compression ratio
 * against a dense float32 all-reduce whose mean final validation loss is within 1% of dense.
 */
export async function dataParallelFigures(ctx: FigureContext): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const p of PROBLEMS) {
    ctx.log(`(10) data-parallel compression: ${p.name}`);
    const settings: DataParallelInput[] = [
      { workers: WORKERS },
      ...FRACTIONS.map((fraction) => ({
        workers: WORKERS,
        compression: { kind: 'topk' as const, fraction },
      })),
      ...THRESHOLDS.map((threshold) => ({
        workers: WORKERS,
        compression: { kind: 'threshold' as const, threshold },
      })),
    ];
    const [dense, ...rest] = await sweep(ctx, p, settings);
    const limit = dense!.valLoss * (1 + TOLERANCE);
    for (const kind of ['topk', 'threshold'] as const) {
      const ok = rest.filter((o) => o.setting.includes(`"${kind}"`) && o.valLoss <= limit);
      const best = ok.reduce<Outcome | null>((a, o) => (a === null || o.ratio > a.ratio ? o : a), null);
      const ratio = best?.ratio ?? 1;
      figures.push(
        figure(
          `(10) data-parallel, ${p.name}: compression of ${kind} with residuals at val loss within 1% of dense (${WORKERS} workers)`,
          '×',
          true,
          { min: ratio, median: ratio, max: ratio, reps: 1 },
          null,
          {
            note: best
              ? `${best.setting}: val loss ${best.valLoss.toPrecision(5)} vs dense ${dense!.valLoss.toPrecision(5)}`
              : `no ${kind} setting reached within 1% of dense (${dense!.valLoss.toPrecision(5)})`,
          },
        ),
      );
    }
  }
  return figures;
}
