// Figure (5): from calling runExperiment on a surface experiment to its first progress event.
import { join } from 'node:path';
import { loadExperiment } from '../../src/engine/experiment/loadExperiment';
import { runExperiment } from '../../src/engine/runs/runExperiment';
import { distFile } from '../../src/cli/distPaths';
import { figure, type Figure } from '../report';
import { summarize } from '../stats';
import type { FigureContext } from './trainingSpeed';

/** The target for figure (5), in milliseconds. */
const targetMs = 300;

/**
 * Figure (5): from calling runExperiment on a 2-D surface experiment (reading the file, starting
 * the worker pool) to its first progress event. The experiment is cancelled once that event
 * arrives, so each repetition is short.
 */
export async function firstProgressFigures(ctx: FigureContext): Promise<Figure[]> {
  const file = join(ctx.root, 'samples', 'rosenbrock.optlab.json');
  const workerPath = distFile('worker.js');
  const once = async (rep: number): Promise<number> => {
    const t0 = performance.now();
    let first = NaN;
    const abort = new AbortController();
    await runExperiment({
      experiment: loadExperiment(file),
      experimentFile: file,
      recordsRoot: join(ctx.tmp, 'surface', String(rep)),
      workerPath,
      signal: abort.signal,
      events: {
        onProgress: () => {
          if (Number.isNaN(first)) {
            first = performance.now() - t0;
            abort.abort();
          }
        },
      },
    });
    if (Number.isNaN(first)) throw new Error('first-progress figure: no progress event arrived');
    return first;
  };
  const reps = ctx.quick ? 3 : 7;
  ctx.log(`  (5) first progress event, ${reps} repetitions after one warm-up`);
  await once(-1);
  const times: number[] = [];
  for (let r = 0; r < reps; r++) times.push(await once(r));
  return [
    figure(
      '(5) run to first progress event, Rosenbrock surface (loading, pool start, first steps)',
      'ms',
      false,
      summarize(times),
      { name: `target (issue 9)`, summary: summarize([targetMs]) },
      { warmup: 'one untimed warm-up experiment first; a new worker pool every repetition' },
    ),
  ];
}
