// Figure 9: what pruning saves and what it costs. Random searches over SGD's learning rate and
// momentum on bundled data sets, each run three times with the same seed (the same trial points):
// without pruning, with ASHA and with Hyperband. Epochs trained and the best validation loss found
// (by the verdict's rule, docs/records.md) are compared per data set × seed, medians reported.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExperimentText } from '../../src/engine/experiment/loadExperiment';
import { runSearch } from '../../src/engine/search/runSearch';
import { distFile } from '../../src/cli/distPaths';
import { figure, type Figure } from '../report';
import { summarize } from '../stats';
import type { FigureContext } from './trainingSpeed';

const DATA_SETS = [
  { file: 'iris.csv', target: 'species', model: { type: 'softmax' } },
  { file: 'wine.csv', target: 'class', model: { type: 'softmax' } },
  { file: 'breast_cancer.csv', target: 'diagnosis', model: { type: 'logistic' } },
  { file: 'diabetes.csv', target: 'progression', model: { type: 'linear' } },
] as const;

type Mode = 'none' | 'asha' | 'hyperband';
const MODES: Mode[] = ['none', 'asha', 'hyperband'];

/** Epochs trained and best validation loss of pruning against none, over data sets × seeds. */
export async function pruningFigures(ctx: FigureContext): Promise<Figure[]> {
  const seeds = 5;
  const trials = ctx.quick ? 9 : 18;
  const epochs = ctx.quick ? 9 : 27;
  const sets = ctx.quick ? DATA_SETS.slice(0, 3) : DATA_SETS;
  const work = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'optlab-pruning-bench-'));
  // Per mode: one entry per data set × seed.
  const epochsTrained: Record<Mode, number[]> = { none: [], asha: [], hyperband: [] };
  const best: Record<Mode, number[]> = { none: [], asha: [], hyperband: [] };
  const ratios: Record<Mode, number[]> = { none: [], asha: [], hyperband: [] };
  try {
    for (const d of sets) {
      for (let seed = 0; seed < seeds; seed++) {
        const none: { epochs: number; best: number } = { epochs: 0, best: 0 };
        for (const mode of MODES) {
          const json = {
            data: { path: d.file, target: d.target, split: { validation: 0.25, seed: 0 } },
            model: d.model,
            training: { epochs, batch_size: 32 },
            optimizers: [{ name: 'SGD' }],
            objective: { metric: 'val_loss', use: 'best' },
            search: {
              strategy: 'random',
              seed,
              parameters: {
                lr: { type: 'loguniform', low: 1e-4, high: 0.3 },
                momentum: { type: 'uniform', low: 0, high: 0.95 },
              },
              budget: { trials },
              ...(mode === 'none' ? {} : { pruning: { type: mode, min_epochs: 1, reduction_factor: 3 } }),
            },
          };
          const e = parseExperimentText(
            JSON.stringify(json),
            `${d.file}.optlab.json`,
            join(ctx.root, 'samples'),
          );
          const r = await runSearch({
            experiment: e,
            experimentFile: null,
            recordsRoot: work,
            workerPath: distFile('worker.js'),
            poolSize: 2,
          });
          const trained = r.record.runs.reduce((a, x) => a + x.epochs, 0);
          const top = r.record.configurations?.find((c) => c.rank === 1)?.mean ?? Infinity;
          epochsTrained[mode].push(trained);
          best[mode].push(top);
          if (mode === 'none') Object.assign(none, { epochs: trained, best: top });
          else ratios[mode].push(top / none.best);
          ctx.log(`  ${d.file} seed ${seed} ${mode}: ${trained} epochs, best val_loss ${top.toPrecision(4)}`);
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const setup = `${sets.length} data sets × ${seeds} seeds, random search of ${trials} trials × ${epochs} epochs (SGD lr, momentum), min_epochs 1, η 3`;
  const none = { name: 'no pruning', summary: summarize(epochsTrained.none) };
  const noneBest = { name: 'no pruning', summary: summarize(best.none) };
  return (['asha', 'hyperband'] as const).flatMap((mode) => {
    const label = mode === 'asha' ? 'ASHA' : 'Hyperband';
    const worst = Math.max(...ratios[mode]);
    return [
      figure(`pruning: epochs trained, ${label}`, 'epochs', false, summarize(epochsTrained[mode]), none, {
        note: setup,
      }),
      figure(`pruning: best val_loss, ${label}`, 'val_loss', false, summarize(best[mode]), noneBest, {
        note: `${setup}; medians over data sets × seeds of the best configuration's mean; worst case ${worst.toFixed(3)} × the unpruned best`,
      }),
    ];
  });
}
