// Figure (8): streaming SGD over a CSV larger than the loader's whole-file limit (rows per second, peak
// RSS), against pandas chunks.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/engine/random';
import { runBaseline } from '../python';
import { figure, type Figure } from '../report';
import { summarize } from '../stats';
import type { FigureContext } from './trainingSpeed';

/** Writes a seeded regression CSV of at least `bytes`, 100 000 rows at a time (never whole in memory). */
function writeLargeCsv(path: string, bytes: number, nFeatures: number): number {
  const rng = new Rng(8);
  const w = Array.from({ length: nFeatures }, () => rng.normal());
  const fd = openSync(path, 'w');
  let written = 0;
  let rows = 0;
  try {
    const header = [...Array.from({ length: nFeatures }, (_, j) => `x${j}`), 'y'].join(',') + '\n';
    written += writeSync(fd, header);
    while (written < bytes) {
      const lines: string[] = [];
      for (let r = 0; r < 100_000; r++) {
        let s = 0;
        const cells: string[] = [];
        for (let j = 0; j < nFeatures; j++) {
          const x = rng.normal();
          s += x * w[j]!;
          cells.push(x.toFixed(6));
        }
        cells.push((s + 0.1 * rng.normal()).toFixed(6));
        lines.push(cells.join(','));
      }
      written += writeSync(fd, lines.join('\n') + '\n');
      rows += 100_000;
    }
  } finally {
    closeSync(fd);
  }
  return rows;
}

interface StreamRun {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
  what?: string;
}

/**
 * Figure (8): streaming SGD over a CSV larger than the loader's whole-file limit (2 GB; 100 MB
 * with --quick), batch size 32: rows per second and peak RSS of the engine (in a child process,
 * so the bench's own memory is not counted) against pandas.read_csv(chunksize=100 000) feeding
 * torch.optim.SGD on the same file, both a statistics pass then one epoch. The file is deleted
 * after.
 */
export async function streamFigures(ctx: FigureContext): Promise<Figure[]> {
  const dir = join(ctx.tmp, 'stream');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'large.csv');
  const target = ctx.quick ? 100 * 1024 * 1024 : 2 * 1024 * 1024 * 1024;
  ctx.log(`  (8) writing a ${(target / 1024 ** 3).toFixed(2)} GB CSV`);
  const rows = writeLargeCsv(path, target, 20);
  const size = statSync(path).size;
  const note = `${rows.toLocaleString('en')} rows × 20 features, ${(size / 1024 ** 3).toFixed(2)} GB; statistics pass + one epoch, batch 32`;
  try {
    ctx.log('  (8) engine: streamed epoch');
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(ctx.root, 'bench', 'figures', 'streamJob.ts'),
        JSON.stringify({ csv: path, batchSize: 32 }),
      ],
      { encoding: 'utf8', cwd: ctx.root, timeout: 3_600_000, maxBuffer: 1024 * 1024 },
    );
    if (r.status !== 0)
      throw new Error(`stream job failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    const engine = JSON.parse(r.stdout.trim().split('\n').pop()!) as StreamRun;
    let baseline: StreamRun | null = null;
    if (ctx.baselines) {
      ctx.log('  (8) pandas + torch: chunked epoch');
      baseline = runBaseline<StreamRun>(
        'stream_sgd.py',
        { csv: path, batch_size: 32, chunksize: 100_000 },
        true,
        3_600_000,
      );
    }
    const one = (v: number) => summarize([v]);
    return [
      figure(
        '(8) streaming SGD over a CSV larger than memory: rows/s',
        'rows/s',
        true,
        one(engine.rowsPerSecond),
        baseline ? { name: baseline.what ?? 'pandas + torch', summary: one(baseline.rowsPerSecond) } : null,
        { note },
      ),
      figure(
        '(8) streaming SGD over a CSV larger than memory: peak RSS (target < 300 MB)',
        'MB',
        false,
        one(engine.peakRssMb),
        baseline ? { name: baseline.what ?? 'pandas + torch', summary: one(baseline.peakRssMb) } : null,
        { note },
      ),
    ];
  } finally {
    rmSync(path, { force: true });
  }
}
