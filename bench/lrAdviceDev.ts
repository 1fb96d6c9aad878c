// Development of the LR sweep's rule: on DEV_PROBLEMS only, how often each rule and horizon lands
// within one grid step (or 1%) of the 10-epoch grid's best. `node --import tsx bench/lrAdviceDev.ts`
// after `npm run build`. The held-out problems are never read here.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseSweepRate, type SweepRule } from '../src/engine/advice/lrSweepChoice';
import { DEV_PROBLEMS } from './figures/lrAdviceProblems';
import { GRID_RATES, gridPoints, meetsTarget, problemExperiment } from './figures/lrAdvice';

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'optlab-lr-dev-'));
  const root = join(__dirname, '..');
  const horizons = [2, 3, 5];
  const rules: [SweepRule, number][] = [
    ['best', 0],
    ['smoothed', 0],
    ['largest-within', 0.01],
    ['largest-within', 0.05],
  ];
  const tally = new Map<string, number>();
  // Mean distance in decades from the grid's best rate: finer than the pass count.
  const dist = new Map<string, number>();
  for (const p of DEV_PROBLEMS) {
    const { e, file } = problemExperiment(p, root, tmp);
    const grid = await gridPoints(e, file, GRID_RATES);
    const ok = grid.filter((q) => q.status === 'done');
    const best = ok.reduce((a, b) => (b.objective! < a.objective! ? b : a));
    const row: string[] = [`${p.name}: grid best ${best.lr} (${best.objective!.toPrecision(3)})`];
    for (const h of horizons) {
      const short =
        e.kind === 'data'
          ? await gridPoints({ ...e, training: { ...e.training, epochs: h } }, file, GRID_RATES)
          : await gridPoints({ ...e, training: { ...e.training, steps: h * 10 } }, file, GRID_RATES);
      for (const [rule, tol] of rules) {
        const c = chooseSweepRate(short, rule, tol);
        const obj = grid.find((q) => q.lr === c.lr)?.objective ?? null;
        const pass = meetsTarget(c.lr, obj, best);
        const key = `h${h} ${rule}${tol ? ` ${tol}` : ''}`;
        tally.set(key, (tally.get(key) ?? 0) + (pass ? 1 : 0));
        dist.set(key, (dist.get(key) ?? 0) + Math.abs(Math.log10((c.lr ?? 1e-9) / best.lr)));
        row.push(`  ${key}: ${c.lr}${pass ? '' : ' MISS'}`);
      }
    }
    console.log(row.join('\n'));
  }
  console.log(`\nwithin target, of ${DEV_PROBLEMS.length} development problems:`);
  for (const [k, v] of tally)
    console.log(`  ${k}: ${v}, mean distance ${(dist.get(k)! / DEV_PROBLEMS.length).toFixed(2)} decades`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(2);
});
