// benchRoot: The repository root (bench/..) (also BenchOptions, BenchResults, runBench, benchReport).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvLoadFigures } from './figures/csvLoad';
import { streamFigures } from './figures/stream';
import { dataParallelFigures } from './figures/dataParallel';
import { firstProgressFigures } from './figures/firstProgress';
import { lrAdviceFigures } from './figures/lrAdvice';
import { parallelControlFigure, parallelSimdControlFigure } from './figures/parallelControl';
import { poolScalingFigures } from './figures/poolScaling';
import { pruningFigures } from './figures/pruning';
import { trainingSpeedFigures, type FigureContext } from './figures/trainingSpeed';
import { optimizerSpeedFigures } from './figures/optimizerSpeed';
import { probePython } from './python';
import { machineInfo, resultsTable, type Figure } from './report';

export interface BenchOptions {
  quick: boolean;
  /** Figure numbers to run (1 and 2 go together; 7 LR advice, 8 streaming, 9 pruning); all when absent. */
  only?: number[];
  /** Progress lines (stderr). */
  log: (line: string) => void;
  /**
   * Figure (12), the lab's open in Chromium: it drives the test harness and playwright, so only
   * `npm run bench` (bench/main.ts, from the source checkout) passes it; the CLI skips the figure.
   */
  labOpen?: (ctx: FigureContext) => Promise<Figure[]>;
}

export interface BenchResults {
  machine: Record<string, unknown>;
  figures: Figure[];
}

/** The repository root (bench/..); `optimizer-lab bench` starts bench/main.ts there. */
export function benchRoot(): string {
  return join(__dirname, '..');
}

/** Figures of the search helper's bench/searchBench.ts, read from its last stdout line, if it exists. */
function searchFigures(root: string, quick: boolean, log: (line: string) => void): Figure[] {
  const script = join(root, 'bench', 'searchBench.ts');
  if (!existsSync(script)) return [];
  log('search: bench/searchBench.ts');
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...(quick ? ['--quick'] : [])], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0) {
    log(`search bench failed (exit ${r.status}): ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`);
    return [];
  }
  const last = r.stdout.trim().split('\n').pop() ?? '';
  const parsed = JSON.parse(last) as { figures?: Figure[] };
  return Array.isArray(parsed.figures) ? parsed.figures : [];
}

/**
 * Runs every figure of issue 9 (a reduced set with `quick`), each engine figure beside its
 * baseline measured in the same run, and writes bench/results.json. Baselines are skipped, with
 * the reason in `machine.baselines`, when Debian's python3-torch/numpy/pandas are missing.
 */
export async function runBench(o: BenchOptions): Promise<BenchResults> {
  const root = benchRoot();
  const python = probePython();
  if (!python.ok) o.log(`baselines skipped: ${python.reason}`);
  const tmp = mkdtempSync(join(tmpdir(), 'optlab-bench-'));
  const ctx: FigureContext = { quick: o.quick, tmp, baselines: python.ok, root, log: o.log };
  try {
    const want = (n: number) => !o.only || o.only.includes(n);
    const figures: Figure[] = [];
    let blas: string | null = null;
    if (want(1) || want(2)) {
      o.log('(1), (2) training steps per second');
      const speed = await trainingSpeedFigures(ctx);
      figures.push(...speed.figures);
      blas = speed.blas;
    }
    if (want(3)) {
      o.log('(3) pool scaling');
      const wasm = join(root, 'dist', 'kernels.wasm');
      figures.push(await parallelControlFigure(o.quick));
      figures.push(await parallelSimdControlFigure(o.quick, wasm));
      figures.push(...(await poolScalingFigures(ctx)));
      figures.push(await parallelControlFigure(o.quick));
      figures.push(await parallelSimdControlFigure(o.quick, wasm));
    }
    if (want(4)) {
      o.log('(4) CSV load');
      figures.push(...(await csvLoadFigures(ctx)));
    }
    if (want(5)) {
      o.log('(5) first progress event');
      figures.push(...(await firstProgressFigures(ctx)));
    }
    if (want(6)) figures.push(...searchFigures(root, o.quick, o.log));
    if (want(7)) {
      o.log('(7) learning-rate advice against a 10-epoch grid');
      figures.push(...(await lrAdviceFigures(ctx)));
    }
    if (want(8)) {
      o.log('(8) streaming training over a large CSV');
      figures.push(...(await streamFigures(ctx)));
    }
    if (want(9)) {
      o.log('(9) training steps per second by optimizer and precision, and a wider MLP');
      figures.push(...optimizerSpeedFigures(ctx));
    }
    if (want(10)) {
      o.log('(10) data-parallel compression');
      figures.push(...(await dataParallelFigures(ctx)));
    }
    if (want(11)) {
      o.log('(11) pruning: epochs saved, best objective kept');
      figures.push(...(await pruningFigures(ctx)));
    }
    if (want(12)) {
      o.log('(12) the lab opening a 64 × 10,000-step record');
      if (o.labOpen) figures.push(...(await o.labOpen(ctx)));
      else o.log('  skipped: it runs from the source checkout only (npm run bench)');
    }
    const results: BenchResults = {
      machine: { ...machineInfo(python, blas), quick: o.quick, ...(o.only ? { only: o.only } : {}) },
      figures,
    };
    const path = join(root, 'bench', 'results.json');
    // `--only` refreshes its figures in the last full results instead of dropping the others.
    if (o.only && existsSync(path)) {
      const previous = JSON.parse(readFileSync(path, 'utf8')) as BenchResults;
      const fresh = new Set(figures.map((f) => f.name));
      results.figures = [...previous.figures.filter((f) => !fresh.has(f.name)), ...figures];
      results.machine = { ...previous.machine, ...results.machine };
    }
    writeFileSync(path, JSON.stringify(results, null, 2) + '\n');
    return results;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The table and the machine line, as `npm run bench` prints them. */
export function benchReport(r: BenchResults): string {
  const m = r.machine;
  const head = `${m['cpu']}, ${m['cores']} cores, node ${m['node']}; torch ${m['torch'] ?? '—'}, numpy ${m['numpy'] ?? '—'}, pandas ${m['pandas'] ?? '—'}`;
  return `${head}\nratio > 1: the engine is better; medians, best repetition in brackets\n\n${resultsTable(r.figures)}`;
}
