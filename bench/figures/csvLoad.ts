// Figure (4): a data file to a training-ready data set (loadTable, prepareDataset), against
// pandas.read_csv.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundledScript } from '../bundled';
import { writeRegressionCsv } from '../data';
import { runBaseline } from '../python';
import { figure, type Figure } from '../report';
import { summarize } from '../stats';
import type { FigureContext } from './trainingSpeed';

/** What either side's process prints: per load, wall seconds and the process's CPU seconds. */
interface Loads {
  seconds: number[];
  cpu_seconds: number[];
}

/**
 * Figure (4): a data file to a training-ready float32 data set, as runExperiment loads one
 * (loadTable: read, parse, type; prepareDataset: split and standardize with the training split's
 * statistics), against pandas.read_csv and the same standardization. Both sides run alike: a
 * process per repetition that loads the file twice and reports the second load (the first is its
 * warm-up: imports, file cache, JIT), the engine's process (bench/csvLoadChild.ts, bundled as the
 * CLI and the extension run the engine) alternating with pandas' so that both meet the same
 * moments of a shared machine. Each is also timed by its own CPU time (user + system of its
 * process), the figure to read when other work loads the cores. Why a process of its own, as
 * pandas has: inside the bench's process (50 MB of live heap after its imports, where a process
 * holding only the engine has 7 MB) every garbage collection a load causes also marks the bench's
 * objects: with 45 MB of other live objects, loads that met a mark-compact took 0.19–0.21 s of CPU
 * instead of 0.10–0.14 s.
 */
export async function csvLoadFigures(ctx: FigureContext): Promise<Figure[]> {
  const child = bundledScript(ctx.root, ctx.tmp, 'csvLoadChild', 'bench/csvLoadChild.ts');
  const dir = join(ctx.tmp, 'csv');
  mkdirSync(dir, { recursive: true });
  const sizes = ctx.quick ? [100_000] : [100_000, 1_000_000];
  const figures: Figure[] = [];
  for (const rows of sizes) {
    const path = join(dir, `data-${rows}.csv`);
    writeRegressionCsv(path, rows, 20, 3);
    const reps = rows > 100_000 ? 3 : ctx.quick ? 3 : 5;
    const job = { csv: path, target: 'y', validation: 0.2, seed: 0, reps: 2 };
    ctx.log(`  (4) ${rows}×20 CSV: ${reps} alternated processes, each timing its second load`);
    const engine = { wall: [] as number[], cpu: [] as number[] };
    const pandas = { wall: [] as number[], cpu: [] as number[], what: '' };
    for (let r = 0; r < reps; r++) {
      const e = engineLoads(child, job, rows);
      engine.wall.push(e.seconds[1]!);
      engine.cpu.push(e.cpu_seconds[1]!);
      if (!ctx.baselines) continue;
      const pd = runBaseline<Loads & { what: string }>('csv_load.py', job, true);
      pandas.wall.push(pd.seconds[1]!);
      pandas.cpu.push(pd.cpu_seconds[1]!);
      pandas.what = pd.what;
    }
    const name = `(4) load + type + standardize a ${rows.toLocaleString('en')}×20 CSV`;
    const warmup = 'each side: a process per repetition, its first load untimed (file cache, JIT, imports)';
    const base = (values: number[]) =>
      ctx.baselines ? { name: pandas.what, summary: summarize(values) } : null;
    figures.push(figure(name, 's', false, summarize(engine.wall), base(pandas.wall), { warmup }));
    figures.push(
      figure(`${name}, CPU time`, 's', false, summarize(engine.cpu), base(pandas.cpu), {
        warmup,
        note: 'user + system seconds of each process during its timed load, not wall time',
      }),
    );
  }
  return figures;
}

/** One engine process (the bundled bench/csvLoadChild.ts) loading the file `job.reps` times. */
function engineLoads(child: string, job: object, rows: number): Loads {
  const r = spawnSync(process.execPath, [child, JSON.stringify(job)], {
    encoding: 'utf8',
    timeout: 600_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0) {
    const why = r.error?.message ?? `exit ${r.status}`;
    throw new Error(`csv figure: the engine's process failed (${why}): ${r.stderr.trim().split('\n').pop()}`);
  }
  const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as Loads & { rows: number };
  if (out.rows !== rows) throw new Error(`csv figure: loaded ${out.rows} rows of ${rows}`);
  return out;
}
