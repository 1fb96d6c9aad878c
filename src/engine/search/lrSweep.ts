// lrSweep: The learning-rate sweep (also SWEEP_DEFAULTS, LrSweepOptions, LrSweepResult, sweepPointOf).
import type { ResolvedExperiment } from '../../protocol/experiment';
import type { OptimizerConfig } from '../../protocol/optimizers';
import type { RunResult, RunSpec } from '../../protocol/runs';
import { parseRunResult } from '../runs/resultWire';
import { chooseSweepRate, type SweepChoice, type SweepPoint, type SweepRule } from '../advice/lrSweepChoice';
import { expandRuns, type DataShape } from '../runs/expandRuns';
import { RunPool, defaultPoolSize, type PoolOptions } from '../runs/runPool';

/** Short-horizon lengths of a sweep run when the caller gives none (see docs/search.md for why). */
export const SWEEP_DEFAULTS = { epochs: 3, surfaceSteps: 30, rule: 'best' as SweepRule };

export interface LrSweepOptions {
  experiment: ResolvedExperiment;
  /** The optimizer whose `lr` is swept; every other setting is kept. */
  optimizer: OptimizerConfig;
  /** The rates, in increasing order. */
  rates: readonly number[];
  /** Data problems: epochs of each short run (capped by the experiment's own). */
  epochs?: number;
  /** Surfaces: steps of each short run (capped by the experiment's own). */
  surfaceSteps?: number;
  rule?: SweepRule;
  /** The data set's shape and shared buffers (data problems), loaded once by the caller. */
  shape: DataShape | null;
  shared: Record<string, SharedArrayBuffer> | null;
  workerPath: string;
  /** Starts a pytorch model's runs as Python processes (PythonLauncher.launch). */
  launch?: PoolOptions['launch'];
  poolSize?: number;
  signal?: AbortSignal;
  /** Each rate as it finishes. */
  onPoint?(p: SweepPoint, done: number, total: number): void;
}

export interface LrSweepResult extends SweepChoice {
  points: SweepPoint[];
  rule: SweepRule;
  /** The spec and worker result of each rate (null when it did not run), for the record. */
  runs: { spec: RunSpec; result: RunResult | null; message: string | null }[];
}

/**
 * How a short run of the sweep ended: diverged when the worker stopped it as diverged, its loss is
 * not finite, or it ended more than 10% worse than it started (a rate that makes the model worse
 * than doing nothing is past the edge of stability even when nothing overflowed).
 */
export function sweepPointOf(lr: number, r: RunResult): SweepPoint {
  if (r.status === 'cancelled') return { lr, objective: null, status: 'cancelled' };
  const initial = r.curves.epochTrainLoss[0] ?? null;
  const final = r.finalTrainLoss;
  const worse =
    initial !== null && final !== null && final > initial && final - initial > 0.1 * Math.abs(initial);
  if (r.status === 'diverged' || final === null || !Number.isFinite(final) || worse) {
    return { lr, objective: final !== null && Number.isFinite(final) ? final : null, status: 'diverged' };
  }
  return { lr, objective: final, status: 'done' };
}

/**
 * The learning-rate sweep: one short run per rate (the experiment's data, model, batch size,
 * schedule, clipping and first seed; only `lr` changes), all on the worker pool at once, scored by
 * the training loss at the end; the rate is picked by `rule` (docs/search.md) and the smallest
 * rate that diverged is the edge of stability.
 */
export async function lrSweep(o: LrSweepOptions): Promise<LrSweepResult> {
  const e = o.experiment;
  const rule = o.rule ?? SWEEP_DEFAULTS.rule;
  const optimizers = o.rates.map((lr) => ({ ...o.optimizer, lr }) as OptimizerConfig);
  const seeds = [e.training.seeds[0] ?? 0];
  const sweep: ResolvedExperiment =
    e.kind === 'surface'
      ? {
          ...e,
          optimizers,
          surface: { ...e.surface, restarts: 0 },
          training: {
            ...e.training,
            seeds,
            steps: Math.min(e.training.steps, o.surfaceSteps ?? SWEEP_DEFAULTS.surfaceSteps),
          },
        }
      : {
          ...e,
          optimizers,
          training: {
            ...e.training,
            seeds,
            epochs: Math.min(e.training.epochs, o.epochs ?? SWEEP_DEFAULTS.epochs),
            early_stopping: null,
          },
        };
  const specs = expandRuns(sweep, o.shape).map((s, i) => ({
    ...s,
    runId: `sweep-${i}`,
    label: `lr sweep ${o.optimizer.name} lr ${o.rates[i]}`,
  }));
  const pool = new RunPool({
    workerPath: o.workerPath,
    size: Math.min(o.poolSize ?? defaultPoolSize(), specs.length),
    ...(o.launch ? { launch: o.launch } : {}),
  });
  const onAbort = (): void => pool.cancelAll();
  o.signal?.addEventListener('abort', onAbort);
  let done = 0;
  try {
    if (o.signal?.aborted) onAbort();
    const runs = await Promise.all(
      specs.map(async (spec, i) => {
        const lr = o.rates[i]!;
        const outcome = await pool.submit({ runId: spec.runId, spec, data: o.shared });
        let point: SweepPoint;
        let result: RunResult | null = null;
        let message: string | null = null;
        if (outcome.kind === 'result') {
          result = parseRunResult(outcome.result);
          point = sweepPointOf(lr, result);
        } else {
          message = outcome.kind === 'failed' ? outcome.message : 'cancelled before it started';
          point = { lr, objective: null, status: outcome.kind === 'failed' ? 'failed' : 'cancelled' };
        }
        o.onPoint?.(point, ++done, specs.length);
        return { spec, result, message, point };
      }),
    );
    const points = runs.map((r) => r.point);
    return {
      ...chooseSweepRate(points, rule),
      points,
      rule,
      runs: runs.map(({ spec, result, message }) => ({ spec, result, message })),
    };
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    await pool.close();
  }
}
