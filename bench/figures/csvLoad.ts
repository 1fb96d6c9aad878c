// Figure (4): a data file to a training-ready data set (loadTable, prepareDataset), against
// pandas.read_csv.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { dataSpecSchema } from '../../src/protocol/data';
import { loadTable } from '../../src/engine/data/loadTable';
import { prepareDataset } from '../../src/engine/data/dataset';
import { writeRegressionCsv } from '../data';
import { runBaseline } from '../python';
import { figure, type Figure } from '../report';
import { summarize } from '../stats';
import type { FigureContext } from './trainingSpeed';

/**
 * Figure (4): a data file to a training-ready float32 data set, as runExperiment loads one
 * (loadTable: read, parse, type; prepareDataset: split and standardize with the training split's
 * statistics), against pandas.read_csv and the same standardization.
 */
export async function csvLoadFigures(ctx: FigureContext): Promise<Figure[]> {
  const dir = join(ctx.tmp, 'csv');
  mkdirSync(dir, { recursive: true });
  const sizes = ctx.quick ? [100_000] : [100_000, 1_000_000];
  const figures: Figure[] = [];
  for (const rows of sizes) {
    const path = join(dir, `data-${rows}.csv`);
    writeRegressionCsv(path, rows, 20, 3);
    const reps = rows > 100_000 ? 2 : ctx.quick ? 3 : 5;
    const spec = dataSpecSchema.parse({ path, target: 'y', split: { validation: 0.2, seed: 0 } });
    ctx.log(`  (4) ${rows}×20 CSV: ${reps} repetitions after one warm-up load`);
    const once = async () => {
      const t0 = performance.now();
      const table = await loadTable(path, { maxBytes: 1024 * 1024 * 1024 });
      const d = prepareDataset(table, spec, { precision: 'float32' });
      if (d.nRows !== rows) throw new Error(`csv figure: loaded ${d.nRows} rows of ${rows}`);
      return (performance.now() - t0) / 1000;
    };
    await once();
    const engine: number[] = [];
    for (let r = 0; r < reps; r++) engine.push(await once());
    const name = `(4) load + type + standardize a ${rows.toLocaleString('en')}×20 CSV`;
    const warmup = 'one untimed warm-up load first (file cache, JIT)';
    if (!ctx.baselines) {
      figures.push(figure(name, 's', false, summarize(engine), null, { warmup }));
      continue;
    }
    const pd = runBaseline<{ seconds: number[]; what: string }>(
      'csv_load.py',
      { csv: path, target: 'y', validation: 0.2, seed: 0, reps: reps + 1 },
      true,
    );
    // The baseline's first repetition is its warm-up too.
    figures.push(
      figure(
        name,
        's',
        false,
        summarize(engine),
        { name: pd.what, summary: summarize(pd.seconds.slice(1)) },
        { warmup },
      ),
    );
  }
  return figures;
}
