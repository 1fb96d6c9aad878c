// Figure (7): how far the suggested learning rate is from the rate that trains best in a grid.
import { withDataFile } from '../../src/engine/experiment/dataFile';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { distFile } from '../../src/cli/distPaths';
import { parseExperimentText } from '../../src/engine/experiment/loadExperiment';
import { loadExperimentDataset, dataShapeOf } from '../../src/engine/runs/experimentData';
import { shareSplits } from '../../src/engine/runs/sharedData';
import { logSpacedRates, type SweepPoint } from '../../src/engine/advice/lrSweepChoice';
import { lrFind } from '../../src/engine/search/lrFind';
import { lrSweep } from '../../src/engine/search/lrSweep';
import type { ResolvedExperiment } from '../../src/protocol/experiment';
import { Rng } from '../../src/engine/random';
import { figure, type Figure } from '../report';
import { summarize } from '../stats';
import { DEV_PROBLEMS, HELD_OUT_PROBLEMS, type LrProblem } from './lrAdviceProblems';
import type { FigureContext } from './trainingSpeed';

/** The grid the suggestions are judged against: 13 rates, every half decade from 1e-5 to 10. */
export const GRID_RATES = logSpacedRates(1e-5, 10, 13);
/** One step of that grid: a suggestion within this factor of the grid's best rate passes. */
const STEP = Math.sqrt(10) * 1.0001;

/** A problem's experiment, resolved, with its data written where it needs to be. */
export function problemExperiment(
  p: LrProblem,
  root: string,
  tmp: string,
): { e: ResolvedExperiment; file: string } {
  const dir = join(tmp, 'lr-advice');
  mkdirSync(dir, { recursive: true });
  const body = structuredClone(p.experiment) as { data?: { path: string } };
  if (body.data) {
    body.data.path = p.synthetic ? join(dir, body.data.path) : join(root, 'samples', body.data.path);
    if (p.synthetic) writeSynthetic(p.synthetic, body.data.path);
  }
  const file = join(dir, `${p.name.replace(/[^a-z0-9]+/gi, '-')}.optlab.json`);
  const text = JSON.stringify(body, null, 2);
  writeFileSync(file, text);
  return { e: parseExperimentText(text, file, dir), file };
}

/** Synthetic sets with known scales: features spanning four decades, or two Gaussian blobs. */
function writeSynthetic(kind: NonNullable<LrProblem['synthetic']>, path: string): void {
  const rng = new Rng(7);
  const rows = 400;
  const nf = 8;
  const lines = [[...Array.from({ length: nf }, (_, j) => `x${j}`), 'y'].join(',')];
  for (let r = 0; r < rows; r++) {
    const x = Array.from({ length: nf }, () => rng.normal());
    let y: number;
    if (kind === 'regression-scaled') {
      // Raw features at scales 1e-2 … 1e2 (standardized by the loader), a target in the thousands.
      y = 1000 * x.reduce((s, v, j) => s + v * (j + 1), 0) + 50 * rng.normal();
      x.forEach((v, j) => (x[j] = v * 10 ** (-2 + (4 * j) / (nf - 1))));
    } else {
      y = r % 2;
      x.forEach((v, j) => (x[j] = v + (y ? 0.6 : -0.6) * (j < 4 ? 1 : 0)));
    }
    lines.push([...x.map((v) => v.toFixed(6)), kind === 'blobs-binary' ? String(y) : y.toFixed(3)].join(','));
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

/** What the bench learns about one problem. */
export interface ProblemOutcome {
  name: string;
  heldOut: boolean;
  grid: SweepPoint[];
  gridBest: SweepPoint;
  suggested: number | null;
  valley: number | null;
  /** The objective after the grid's horizon at each suggestion (trained by the bench). */
  suggestedObjective: number | null;
  valleyObjective: number | null;
  sweepPoints: SweepPoint[];
}

async function loaded(e: ResolvedExperiment, file: string) {
  if (e.kind !== 'data') return { shape: null, shared: null };
  const d = await loadExperimentDataset(withDataFile(e, 'the lr-advice figure'), file);
  const layout = shareSplits(d);
  return { shape: dataShapeOf(d, layout), shared: { X: layout.data.X, y: layout.data.y } };
}

/** Trains `rates` for the grid's horizon (the experiment's 10 epochs or 200 steps). */
export async function gridPoints(
  e: ResolvedExperiment,
  file: string,
  rates: number[],
): Promise<SweepPoint[]> {
  const { shape, shared } = await loaded(e, file);
  const r = await lrSweep({
    experiment: e,
    optimizer: e.optimizers[0]!,
    rates,
    epochs: e.kind === 'data' ? e.training.epochs : 1,
    surfaceSteps: e.kind === 'surface' ? e.training.steps : 1,
    rule: 'best',
    shape,
    shared,
    workerPath: distFile('worker.js'),
  });
  return r.points;
}

/** Runs the grid, the default suggestion and the range test's valley on one problem. */
export async function problemOutcome(
  p: LrProblem,
  heldOut: boolean,
  ctx: FigureContext,
): Promise<ProblemOutcome> {
  const { e, file } = problemExperiment(p, ctx.root, ctx.tmp);
  const grid = await gridPoints(e, file, GRID_RATES);
  const ok = grid.filter((q) => q.status === 'done' && q.objective !== null);
  if (ok.length === 0) throw new Error(`lr advice: no rate of the grid trained on ${p.name}`);
  const gridBest = ok.reduce((a, b) => (b.objective! < a.objective! ? b : a));
  const advice = await lrFind({ experiment: e, experimentFile: file, workerPath: distFile('worker.js') });
  const extra = [advice.suggestedLr, advice.suggestions.valley].filter((v): v is number => v !== null);
  const at = extra.length
    ? await gridPoints(
        e,
        file,
        [...new Set(extra)].sort((a, b) => a - b),
      )
    : [];
  const objAt = (lr: number | null) => {
    const q = at.find((x) => x.lr === lr);
    return q && q.status === 'done' ? q.objective : null;
  };
  return {
    name: p.name,
    heldOut,
    grid,
    gridBest,
    suggested: advice.suggestedLr,
    valley: advice.suggestions.valley,
    suggestedObjective: objAt(advice.suggestedLr),
    valleyObjective: objAt(advice.suggestions.valley),
    sweepPoints: advice.sweep?.points ?? [],
  };
}

/** Within one grid step of the best rate, or within 1% of its objective. */
export function meetsTarget(lr: number | null, objective: number | null, best: SweepPoint): boolean {
  if (lr === null) return false;
  const ratio = lr / best.lr;
  if (ratio <= STEP && ratio >= 1 / STEP) return true;
  return objective !== null && objective - best.objective! <= 0.01 * Math.abs(best.objective!);
}

function problemFigure(o: ProblemOutcome): Figure {
  const pass = meetsTarget(o.suggested, o.suggestedObjective, o.gridBest);
  const valleyPass = meetsTarget(o.valley, o.valleyObjective, o.gridBest);
  const f = figure(
    `(7) lr advice${o.heldOut ? ' (held out)' : ''}: ${o.name}`,
    'lr',
    false,
    summarize([o.suggested ?? NaN]),
    { name: '10-epoch grid best (13 rates)', summary: summarize([o.gridBest.lr]) },
    {
      note:
        `suggested/grid-best lr ${fmt((o.suggested ?? NaN) / o.gridBest.lr)} (${pass ? 'meets' : 'misses'} the target); ` +
        `training loss at the suggestion ${fmt(o.suggestedObjective)}, at the grid's best ${fmt(o.gridBest.objective)}; ` +
        `range-test valley ${fmt(o.valley)} (${fmt((o.valley ?? NaN) / o.gridBest.lr)}× the best, ${valleyPass ? 'meets' : 'misses'})`,
    },
  );
  // The ratio of this figure is the suggested rate over the grid's best: 1 is right on it, within
  // 0.316 … 3.16 is within one step of the grid.
  f.ratio = o.suggested === null ? null : o.suggested / o.gridBest.lr;
  return f;
}

function fmt(v: number | null): string {
  return v === null || !Number.isFinite(v) ? '—' : Number(v.toPrecision(3)).toString();
}

/**
 * Figure (7): on every development and held-out problem, the 13-rate 10-epoch grid, the default
 * suggestion (the LR sweep) and the range test's valley; one line per problem, then the count of
 * problems within the target for each.
 */
export async function lrAdviceFigures(ctx: FigureContext): Promise<Figure[]> {
  const outcomes: ProblemOutcome[] = [];
  const sets: [LrProblem[], boolean][] = [
    [DEV_PROBLEMS, false],
    [HELD_OUT_PROBLEMS, true],
  ];
  for (const [problems, heldOut] of sets) {
    for (const p of ctx.quick ? problems.slice(0, 4) : problems) {
      ctx.log(`  (7) ${heldOut ? 'held out: ' : ''}${p.name}`);
      outcomes.push(await problemOutcome(p, heldOut, ctx));
    }
  }
  const count = (held: boolean, pick: (o: ProblemOutcome) => boolean) =>
    outcomes.filter((o) => o.heldOut === held && pick(o)).length;
  const sweepPass = (o: ProblemOutcome) => meetsTarget(o.suggested, o.suggestedObjective, o.gridBest);
  const valleyPass = (o: ProblemOutcome) => meetsTarget(o.valley, o.valleyObjective, o.gridBest);
  const summary = (held: boolean): Figure => {
    const n = outcomes.filter((o) => o.heldOut === held).length;
    const f = figure(
      `(7) lr advice${held ? ' (held out)' : ''}: problems within one grid step or 1% of the best`,
      'problems',
      true,
      summarize([count(held, sweepPass)]),
      { name: `range-test valley (of ${n})`, summary: summarize([count(held, valleyPass)]) },
      { note: `${n} problems; the engine column is the LR sweep (the default suggestion)` },
    );
    return f;
  };
  return [...outcomes.map(problemFigure), summary(false), summary(true)];
}
