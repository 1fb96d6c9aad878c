// Figure (4): a data file to a training-ready data set (loadTable, prepareDataset), against
// pandas.read_csv.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { dataSpecSchema } from '../../src/protocol/data';
import type * as LoadTable from '../../src/engine/data/loadTable';
import type * as Dataset from '../../src/engine/data/dataset';
import { bundled } from '../bundled';
import { writeRegressionCsv } from '../data';
import { runBaseline } from '../python';
import { figure, type Figure } from '../report';
import { summarize } from '../stats';
import type { FigureContext } from './trainingSpeed';

/**
 * Figure (4): a data file to a training-ready float32 data set, as runExperiment loads one
 * (loadTable: read, parse, type; prepareDataset: split and standardize with the training split's
 * statistics), against pandas.read_csv and the same standardization. The two sides alternate
 * (engine load, then a pandas process's timed load, …) so that both meet the same moments of a
 * shared machine, and each is also timed by its own CPU time (user + system of its process), the
 * figure to read when other work loads the cores. The engine side runs bundled, as the CLI and the
 * extension run it (bench/bundled.ts says why).
 */
export async function csvLoadFigures(ctx: FigureContext): Promise<Figure[]> {
  const { loadTable, prepareDataset } = bundled<{
    loadTable: typeof LoadTable.loadTable;
    prepareDataset: typeof Dataset.prepareDataset;
  }>(ctx.root, ctx.tmp, 'csvLoad', {
    'src/engine/data/loadTable.ts': ['loadTable'],
    'src/engine/data/dataset.ts': ['prepareDataset'],
  });
  const dir = join(ctx.tmp, 'csv');
  mkdirSync(dir, { recursive: true });
  const sizes = ctx.quick ? [100_000] : [100_000, 1_000_000];
  const figures: Figure[] = [];
  for (const rows of sizes) {
    const path = join(dir, `data-${rows}.csv`);
    writeRegressionCsv(path, rows, 20, 3);
    const reps = rows > 100_000 ? 3 : ctx.quick ? 3 : 5;
    const spec = dataSpecSchema.parse({ path, target: 'y', split: { validation: 0.2, seed: 0 } });
    ctx.log(`  (4) ${rows}×20 CSV: ${reps} alternated repetitions after one warm-up load`);
    const once = async () => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const table = await loadTable(path, { maxBytes: 1024 * 1024 * 1024 });
      const d = prepareDataset(table, spec, { precision: 'float32' });
      if (d.nRows !== rows) throw new Error(`csv figure: loaded ${d.nRows} rows of ${rows}`);
      const cpu = process.cpuUsage(c0);
      return { wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
    };
    await once();
    const engine = { wall: [] as number[], cpu: [] as number[] };
    const pandas = { wall: [] as number[], cpu: [] as number[], what: '' };
    for (let r = 0; r < reps; r++) {
      const e = await once();
      engine.wall.push(e.wall);
      engine.cpu.push(e.cpu);
      if (!ctx.baselines) continue;
      // Two loads per process: the first is its warm-up (imports, file cache), as the engine's.
      const pd = runBaseline<{ seconds: number[]; cpu_seconds: number[]; what: string }>(
        'csv_load.py',
        { csv: path, target: 'y', validation: 0.2, seed: 0, reps: 2 },
        true,
      );
      pandas.wall.push(pd.seconds[1]!);
      pandas.cpu.push(pd.cpu_seconds[1]!);
      pandas.what = pd.what;
    }
    const name = `(4) load + type + standardize a ${rows.toLocaleString('en')}×20 CSV`;
    const warmup = 'one untimed warm-up load first on each side (file cache, JIT, imports)';
    const base = (values: number[]) =>
      ctx.baselines ? { name: pandas.what, summary: summarize(values) } : null;
    figures.push(figure(name, 's', false, summarize(engine.wall), base(pandas.wall), { warmup }));
    figures.push(
      figure(`${name}, CPU time`, 's', false, summarize(engine.cpu), base(pandas.cpu), {
        warmup,
        note: 'user + system seconds of each process, not wall time',
      }),
    );
  }
  return figures;
}
