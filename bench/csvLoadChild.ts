// Figure (4)'s engine side in a process of its own, as bench/baselines/csv_load.py is pandas' side.
import { loadTable } from '../src/engine/data/loadTable';
import { prepareDataset } from '../src/engine/data/dataset';
import { dataSpecSchema } from '../src/protocol/data';

/** The job csvLoad.ts hands over, as csv_load.py's: the file, its target, the split, how many loads. */
interface CsvLoadJob {
  csv: string;
  target: string;
  validation: number;
  seed: number;
  reps: number;
}

/**
 * Loads `job.csv` `job.reps` times as runExperiment does (loadTable, then prepareDataset to a
 * float32 data set with the training split's statistics) and prints one JSON line: each load's
 * wall seconds, this process's CPU seconds (user + system) during it, and the rows loaded.
 */
async function main(job: CsvLoadJob): Promise<void> {
  const spec = dataSpecSchema.parse({
    path: job.csv,
    target: job.target,
    split: { validation: job.validation, seed: job.seed },
  });
  const seconds: number[] = [];
  const cpuSeconds: number[] = [];
  let rows = 0;
  for (let r = 0; r < job.reps; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const table = await loadTable(job.csv, { maxBytes: 1024 * 1024 * 1024 });
    rows = prepareDataset(table, spec, { precision: 'float32' }).nRows;
    const cpu = process.cpuUsage(c0);
    seconds.push((performance.now() - t0) / 1000);
    cpuSeconds.push((cpu.user + cpu.system) / 1e6);
  }
  console.log(JSON.stringify({ seconds, cpu_seconds: cpuSeconds, rows }));
}

void main(JSON.parse(process.argv[2]!) as CsvLoadJob);
