// `node --import tsx bench/searchBench.ts [--quick]` (after `npm run build`): TPE against random
// search at the same budget, averaged over seeds, on standard test functions (in process) and on a
// bundled data set (real trials on the worker pool); then LR range test suggestions checked against
// short training runs over a grid of learning rates. Prints tables, and as its last stdout line one
// JSON object {"figures": [...]} (engine = TPE or the LR suggestion, baseline = random search or
// torch's default lr; ratio > 1 favours the engine).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseExperimentText } from '../src/engine/experiment/loadExperiment';
import { runSearch } from '../src/engine/search/runSearch';
import { lrFind } from '../src/engine/search/lrFind';
import { runExperiment } from '../src/engine/runs/runExperiment';
import { dimensions, sampleRandom } from '../src/engine/search/space';
import { suggestTpe, type TpeObservation } from '../src/engine/search/tpe';
import { Rng } from '../src/engine/random';
import { distFile } from '../src/cli/distPaths';
import { formatNumber } from '../src/engine/format';
import { textTable } from '../src/cli/format/textTable';
import { FUNCTIONS, type TestFunction } from './searchFunctions';
import { optimizerSchemas } from '../src/protocol/optimizers';

const quick = process.argv.includes('--quick');
const SAMPLES = resolve(__dirname, '..', 'samples');
const WORKER = distFile('worker.js');
const log = (s: string) => process.stdout.write(`${s}\n`);

interface Fig {
  name: string;
  unit: string;
  engine: number;
  baseline: number;
  baseline_name: string;
  ratio: number;
  higher_is_better: boolean;
}
const figures: Fig[] = [];
/** Lower-is-better figure: ratio = baseline / engine, so > 1 favours the engine. */
function lowerBetter(
  name: string,
  unit: string,
  engine: number,
  baseline: number,
  baselineName: string,
): void {
  figures.push({
    name,
    unit,
    engine,
    baseline,
    baseline_name: baselineName,
    ratio: baseline / engine,
    higher_is_better: false,
  });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sem = (xs: number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1) / xs.length);
};

// ---- 1. Standard functions -------------------------------------------------------------------

function bestSoFar(fn: TestFunction, strategy: 'tpe' | 'random', seed: number, budget: number): number {
  const dims = dimensions({ parameters: fn.params, conditional: fn.conditional ?? {} });
  const obs: TpeObservation[] = [];
  let best = Infinity;
  for (let i = 0; i < budget; i++) {
    // The same stream per (seed, trial) for both strategies: TPE's startup trials equal random's.
    const rng = new Rng(seed * 100_003 + i);
    const p =
      strategy === 'tpe'
        ? suggestTpe(dims, obs, { startupTrials: 10, eiCandidates: 24 }, rng)
        : sampleRandom(dims, rng);
    const y = fn.f(p);
    obs.push({ index: i, params: p, state: 'complete', loss: y });
    if (y < best) best = y;
  }
  return best - fn.min;
}

const fnSeeds = quick ? 10 : 30;
const fnBudget = quick ? 60 : 100;
log(
  `TPE vs random search: simple regret (best found − optimum) after ${fnBudget} trials, mean ± s.e. over ${fnSeeds} seeds`,
);
const fnRows: string[][] = [];
for (const fn of FUNCTIONS) {
  const seeds = Array.from({ length: fnSeeds }, (_, s) => s);
  const tpe = seeds.map((s) => bestSoFar(fn, 'tpe', s, fnBudget));
  const rnd = seeds.map((s) => bestSoFar(fn, 'random', s, fnBudget));
  const wins = seeds.filter((_, i) => tpe[i]! < rnd[i]!).length;
  fnRows.push([
    fn.name,
    `${formatNumber(mean(tpe))} ± ${formatNumber(sem(tpe))}`,
    `${formatNumber(mean(rnd))} ± ${formatNumber(sem(rnd))}`,
    `${wins}/${fnSeeds}`,
  ]);
  lowerBetter(
    `search: ${fn.name} regret after ${fnBudget} trials (mean of ${fnSeeds} seeds)`,
    'regret',
    mean(tpe),
    mean(rnd),
    'random search',
  );
}
log(textTable(['function', 'TPE', 'random', 'TPE better'], fnRows));

// ---- 2. A real data set, trials on the worker pool ---------------------------------------------

// Records are written with fsync after every trial; a RAM disk keeps that from dominating the bench.
const work = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'optlab-search-bench-'));
function experimentOf(json: object, name: string) {
  return parseExperimentText(JSON.stringify(json), `${name}.optlab.json`, SAMPLES);
}

async function dataSetBench(): Promise<void> {
  const seeds = quick ? 10 : 20;
  const budget = quick ? 14 : 40;
  const startup = quick ? 6 : 10;
  const base = {
    data: { path: 'wine.csv', target: 'class', split: { validation: 0.3, seed: 0, stratify: true } },
    model: { type: 'softmax' },
    training: { epochs: quick ? 8 : 15, batch_size: 32 },
    optimizers: [{ name: 'SGD' }],
    objective: { metric: 'val_loss', use: 'final' },
  };
  const space = {
    lr: { type: 'loguniform', low: 1e-5, high: 10 },
    momentum: { type: 'uniform', low: 0, high: 0.99 },
    weight_decay: { type: 'loguniform', low: 1e-6, high: 0.3 },
  };
  const results: Record<'tpe' | 'random', number[]> = { tpe: [], random: [] };
  const t0 = Date.now();
  for (let seed = 0; seed < seeds; seed++) {
    for (const strategy of ['tpe', 'random'] as const) {
      const e = experimentOf(
        {
          ...base,
          search: {
            strategy,
            seed,
            parameters: space,
            budget: { trials: budget },
            tpe: { startup_trials: startup },
          },
        },
        'wine-search',
      );
      const r = await runSearch({
        experiment: e,
        experimentFile: null,
        recordsRoot: work,
        workerPath: WORKER,
        poolSize: 2,
      });
      results[strategy].push(r.best?.value ?? Infinity);
    }
  }
  const wins = results.tpe.filter((v, i) => v < results.random[i]!).length;
  log(
    `\nWine (softmax regression, SGD lr/momentum/weight_decay, ${base.training.epochs} epochs): best validation loss after ${budget} trials, ${seeds} seeds (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
  log(
    textTable(
      ['data set', 'TPE', 'random', 'TPE better'],
      [
        [
          'wine.csv',
          `${formatNumber(mean(results.tpe))} ± ${formatNumber(sem(results.tpe))}`,
          `${formatNumber(mean(results.random))} ± ${formatNumber(sem(results.random))}`,
          `${wins}/${seeds}`,
        ],
      ],
    ),
  );
  lowerBetter(
    `search: wine.csv best val_loss after ${budget} trials (mean of ${seeds} seeds)`,
    'val_loss',
    mean(results.tpe),
    mean(results.random),
    'random search',
  );
}

// ---- 3. LR range test against short training runs ----------------------------------------------

interface LrCase {
  name: string;
  json: object;
}

const LR_CASES: LrCase[] = [
  {
    name: 'iris softmax, SGD',
    json: {
      data: { path: 'iris.csv', target: 'species', split: { validation: 0.2, seed: 0, stratify: true } },
      model: { type: 'softmax' },
      training: { epochs: 10, batch_size: 16 },
      optimizers: [{ name: 'SGD' }],
    },
  },
  {
    name: 'diabetes linear, SGD',
    json: {
      data: { path: 'diabetes.csv', target: 'progression', preprocessing: { standardize_target: true } },
      training: { epochs: 10, batch_size: 32 },
      optimizers: [{ name: 'SGD' }],
    },
  },
  {
    name: 'breast cancer logistic, Adam',
    json: {
      data: { path: 'breast_cancer.csv', target: 'diagnosis' },
      model: { type: 'logistic' },
      training: { epochs: 10, batch_size: 32 },
      optimizers: [{ name: 'Adam' }],
    },
  },
  {
    name: 'wine MLP [16], SGD momentum 0.9',
    json: {
      data: { path: 'wine.csv', target: 'class', split: { validation: 0.3, seed: 0, stratify: true } },
      model: { type: 'mlp', hidden: [16] },
      training: { epochs: 10, batch_size: 16 },
      optimizers: [{ name: 'SGD', momentum: 0.9 }],
    },
  },
];

async function lrBench(): Promise<void> {
  const grid = Array.from({ length: 15 }, (_, i) => 10 ** (-5 + i * 0.5)); // 1e-5 … 1e2
  const rows: string[][] = [];
  const atSuggestion: number[] = [];
  const atDefault: number[] = [];
  let inRange = 0;
  for (const c of LR_CASES) {
    const e = experimentOf(c.json, 'lr');
    const found = await lrFind({ experiment: e, experimentFile: null, workerPath: WORKER });
    const valley = found.suggestions.valley!;
    const name = found.optimizer.name;
    const defaultLr = (optimizerSchemas[name].parse({ name }) as { lr: number }).lr;
    // Short runs: the grid, the suggestion and torch's default, with the same data, model and seed.
    const lrs = [...new Set([...grid, valley, defaultLr])];
    const base = (e.optimizers[0] ?? {}) as Record<string, unknown>;
    const short = experimentOf(
      {
        ...c.json,
        optimizers: lrs.map((lr) => ({ ...base, lr })),
        objective: { metric: 'train_loss', use: 'final' },
      },
      'lr-check',
    );
    const out = await runExperiment({
      experiment: short,
      experimentFile: null,
      recordsRoot: work,
      workerPath: WORKER,
      poolSize: 2,
    });
    const initial = new Map<number, number>();
    for (const [k, file] of out.curves) {
      const run = out.record.runs.find((r) => r.id === k)!;
      initial.set(run.configIndex, file.epochTrainLoss[0] ?? NaN);
    }
    const finalAt = (i: number) => {
      const r = out.record.runs.find((x) => x.configIndex === i)!;
      return r.status === 'diverged' || r.final_train_loss === null ? Infinity : r.final_train_loss;
    };
    const final = (i: number) =>
      finalAt(i < grid.length ? i : lrs.indexOf(i === grid.length ? valley : defaultLr));
    // Converges: finite, and at most half the initial loss after the short run.
    const converges = (i: number) => {
      const j = i < grid.length ? i : lrs.indexOf(valley);
      return finalAt(j) <= 0.5 * (initial.get(j) ?? Infinity);
    };
    const good = grid.map((_, i) => i).filter(converges);
    const lo = good.length ? grid[good[0]!]! : NaN;
    const hi = good.length ? grid[good[good.length - 1]!]! : NaN;
    const inside = converges(grid.length) && valley >= lo / Math.SQRT2 && valley <= hi * Math.SQRT2;
    if (inside) inRange++;
    atSuggestion.push(final(grid.length));
    atDefault.push(final(grid.length + 1));
    rows.push([
      c.name,
      formatNumber(valley),
      good.length ? `${formatNumber(lo)} … ${formatNumber(hi)}` : 'none',
      formatNumber(final(grid.length)),
      `${formatNumber(final(grid.length + 1))} (lr ${defaultLr})`,
      inside ? 'yes' : 'NO',
    ]);
  }
  log('\nLR range test (valley suggestion) against 10-epoch runs over lr = 1e-5 … 1e2 (half-decade grid)');
  log(
    textTable(
      [
        'problem',
        'suggested lr',
        'converging lr range',
        'loss at suggestion',
        'loss at default lr',
        'in range',
      ],
      rows,
    ),
  );
  log(
    `${inRange}/${LR_CASES.length} suggestions inside the converging range (converging: train loss at most half the initial after the run)`,
  );
  figures.push({
    name: 'lr-find: suggestions inside the converging lr range',
    unit: 'fraction',
    engine: inRange / LR_CASES.length,
    baseline: 1,
    baseline_name: 'all problems',
    ratio: inRange / LR_CASES.length,
    higher_is_better: true,
  });
  lowerBetter(
    `lr-find: mean train loss after 10 epochs at the suggested lr (${LR_CASES.length} problems)`,
    'train_loss',
    mean(atSuggestion),
    mean(atDefault),
    "torch's default lr",
  );
}

(async () => {
  try {
    await dataSetBench();
    await lrBench();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify({ figures })}\n`);
})().catch((e: unknown) => {
  process.stderr.write(`search bench failed: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(2);
});
