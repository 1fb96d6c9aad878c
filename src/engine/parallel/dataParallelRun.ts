/** The hook between a run and its simulated data-parallel workers: setup from the spec, traffic into the result. */
import type { RunResult, RunSpec } from '../../protocol/runs';
import type { DatasetSource } from '../train/datasetSource';
import type { TrainOptions } from '../train/trainLoop';
import type { FloatArray } from '../types';
import { DataParallelSource, checkShards, splitMomentum } from './dataParallelSource';
import { GradientExchange } from './gradientExchange';

export interface DataParallelRun {
  source: DataParallelSource;
  /** What the training loop runs differently: the optimizer, under momentum correction. */
  extra: Partial<TrainOptions>;
  /** The result with the run's traffic: totals and per-step curves. */
  addTraffic(result: RunResult): RunResult;
  /** What the workers sent at step `step` (taken already), for live progress. */
  stepTraffic(step: number): { bytes: number; density: number; commS: number } | undefined;
}

/**
 * Sets up a data-parallel run from its spec: checks that every batch gives each worker a row,
 * moves SGD's momentum to the workers under momentum correction, and wraps the data source.
 */
export function dataParallelRun(spec: RunSpec, source: DatasetSource, params: FloatArray): DataParallelRun {
  const dp = spec.dataParallel!;
  if (spec.problem.kind === 'dataset') checkShards(dp, spec.problem.trainRows, spec.batchSize);
  const { optimizer, local } = splitMomentum(dp, spec.optimizer, spec.schedule);
  const exchange = new GradientExchange(dp, params, local);
  return {
    source: new DataParallelSource(source, exchange),
    extra: local ? { optimizer } : {},
    addTraffic: (result) => ({
      ...result,
      traffic: exchange.totalsSoFar(),
      curves: { ...result.curves, traffic: exchange.curves },
    }),
    stepTraffic: (step) => {
      const c = exchange.curves;
      if (step >= c.stepBytes.length) return undefined;
      return { bytes: c.stepBytes[step]!, density: c.stepDensity[step]!, commS: c.stepCommS[step]! };
    },
  };
}
