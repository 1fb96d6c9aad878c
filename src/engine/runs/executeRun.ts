// executeRun: Executes one run (also SharedData, layoutOf).
import type { RunResult, RunSpec } from '../../protocol/runs';
import type { PackedProgress } from '../../protocol/progressWire';
import { createModel, modelLayout } from '../models/index';
import { initParams } from '../models/init';
import type { NamedParams } from '../models/namedParams';
import { metricsForLoss } from '../metrics';
import { Rng } from '../random';
import { getSurface } from '../surfaces/registry';
import { GradientPerturbation } from '../surfaces/perturbation';
import { DatasetSource } from '../train/datasetSource';
import { evaluationBlockRows, StreamSource } from '../train/streamSource';
import { ConfigError } from '../errors';
import type { StreamPlan } from '../../protocol/streamPlan';
import { SurfaceSource } from '../train/surfaceSource';
import type { Evaluation, StepSource } from '../train/stepSource';
import { trainLoop, type TrainOptions, type TrainResult } from '../train/trainLoop';
import { allocFloat, type FloatArray } from '../types';
import { ProgressBatcher } from './progressBatcher';
import { sharedModel } from './modelCache';
import type { ParamTensor } from '../models/model';
import { dataParallelRun, type DataParallelRun } from '../parallel/dataParallelRun';
import { SHUFFLE_SEED_MIX } from '../train/batching';

/** Shared, read-only matrices of a data set: training rows first, then validation rows. */
export interface SharedData {
  X: SharedArrayBuffer;
  y: SharedArrayBuffer;
}

function views(data: SharedData, spec: RunSpec & { problem: { kind: 'dataset' } }) {
  const { nFeatures: nf, trainRows, valRows, testRows } = spec.problem;
  const f32 = spec.precision === 'float32';
  const X: FloatArray = f32 ? new Float32Array(data.X) : new Float64Array(data.X);
  const y: FloatArray = f32 ? new Float32Array(data.y) : new Float64Array(data.y);
  // Views, not copies: every run of the experiment reads the same memory.
  const train = { X: X.subarray(0, trainRows * nf), y: y.subarray(0, trainRows), rows: trainRows };
  const validation =
    valRows > 0
      ? {
          X: X.subarray(trainRows * nf, (trainRows + valRows) * nf),
          y: y.subarray(trainRows, trainRows + valRows),
          rows: valRows,
        }
      : null;
  const start = trainRows + valRows;
  const test =
    testRows > 0
      ? {
          X: X.subarray(start * nf, (start + testRows) * nf),
          y: y.subarray(start, start + testRows),
          rows: testRows,
        }
      : null;
  return { train, validation, test };
}

interface Built {
  source: StepSource;
  params: FloatArray;
  layout: ParamTensor[] | null;
  extra: Partial<TrainOptions>;
  /** Data-parallel runs: the simulated workers' exchange, whose traffic the result reports. */
  parallel?: DataParallelRun;
  /** Scores parameters on the test rows; null without a test split. */
  scoreTest: ((params: FloatArray) => Evaluation | null) | null;
}

function build(
  spec: RunSpec,
  data: SharedData | null,
  cancel?: Int32Array,
  onRows?: (read: number, total: number, pass: 'train' | 'evaluate') => void,
): Built {
  const p = spec.problem;
  if (p.kind === 'surface') {
    const surface = getSurface(p.name, p.condition_number === null ? {} : { kappa: p.condition_number });
    const params = allocFloat(spec.precision, 2);
    params[0] = p.start[0];
    params[1] = p.start[1];
    const extra: Partial<TrainOptions> = { recordTrajectory: true };
    if (p.perturbation) {
      const noise = new GradientPerturbation({
        sigma: p.perturbation.sigma,
        ...(p.perturbation.every !== null ? { every: p.perturbation.every } : {}),
        ...(p.perturbation.when_grad_norm_below !== null
          ? { when_grad_norm_below: p.perturbation.when_grad_norm_below }
          : {}),
        seed: spec.seed,
      });
      extra.perturb = (k, g) => void noise.apply(k, g);
    }
    return { source: new SurfaceSource(surface), params, layout: null, extra, scoreTest: null };
  }
  if (p.stream) return buildStream(spec, p, p.stream, cancel, onRows);
  if (!data) throw new Error('a data-set run needs its shared data');
  const m = p.model;
  if (m.type === 'pytorch') throw new Error('a pytorch model runs in a Python process, not in a worker');
  const { train, validation, test } = views(data, spec as RunSpec & { problem: { kind: 'dataset' } });
  const maxRows = Math.max(train.rows, validation?.rows ?? 0, test?.rows ?? 0);
  const model = sharedModel(
    {
      type: m.type,
      ...(m.hidden ? { hidden: m.hidden } : {}),
      ...(m.activation ? { activation: m.activation } : {}),
    },
    p.loss,
    { nFeatures: p.nFeatures, nOutputs: p.nOutputs, maxRows, precision: spec.precision, l2: p.l2 },
  );
  const params = allocFloat(spec.precision, model.numParams);
  const init =
    p.init === 'torch_default' ? 'default' : p.init === 'zeros' ? 'zeros' : (p.init.params as NamedParams);
  // Initialisation draws from its own stream of the run's seed, so shuffling does not shift it.
  initParams(model.layout, init, new Rng(spec.seed), params);
  const options = {
    nFeatures: p.nFeatures,
    yWidth: p.loss.name === 'cross_entropy' ? 1 : p.nOutputs,
    nOutputs: p.nOutputs,
    batchSize: spec.batchSize,
    shuffle: spec.shuffle,
    seed: spec.seed ^ SHUFFLE_SEED_MIX,
    metrics: metricsInTargetUnits(metricsForLoss(p.loss.name, p.nOutputs), p.targetScale),
  };
  const source = new DatasetSource(model, train, validation, options);
  // The test rows are a second source's "validation" rows: scored by the same code, once, after
  // training, so they can never steer early stopping, a schedule or the ranking.
  const tester = test ? new DatasetSource(model, train, test, options) : null;
  const scoreTest = tester ? (q: FloatArray) => tester.evaluate(q) : null;
  if (spec.dataParallel) {
    const parallel = dataParallelRun(spec, source, params);
    return {
      source: parallel.source,
      params,
      layout: model.layout,
      extra: parallel.extra,
      parallel,
      scoreTest,
    };
  }
  return { source, params, layout: model.layout, extra: {}, scoreTest };
}

/** A streaming run: the data set is read from its file through the plan, chunk by chunk. */
function buildStream(
  spec: RunSpec,
  p: Extract<RunSpec['problem'], { kind: 'dataset' }>,
  plan: StreamPlan,
  cancel?: Int32Array,
  onRows?: (read: number, total: number, pass: 'train' | 'evaluate') => void,
): Built {
  if (spec.batchSize === null) {
    throw new ConfigError(
      'streaming training needs training.batch_size (a full batch would hold the whole file)',
    );
  }
  const m = p.model;
  if (m.type === 'pytorch') throw new Error('a pytorch model runs in a Python process, not in a worker');
  const model = createModel(
    {
      type: m.type,
      ...(m.hidden ? { hidden: m.hidden } : {}),
      ...(m.activation ? { activation: m.activation } : {}),
    },
    p.loss,
    {
      nFeatures: p.nFeatures,
      nOutputs: p.nOutputs,
      maxRows: Math.max(spec.batchSize, evaluationBlockRows),
      precision: spec.precision,
      l2: p.l2,
    },
  );
  const params = allocFloat(spec.precision, model.numParams);
  const init =
    p.init === 'torch_default' ? 'default' : p.init === 'zeros' ? 'zeros' : (p.init.params as NamedParams);
  initParams(model.layout, init, new Rng(spec.seed), params);
  const source = new StreamSource(model, plan, {
    batchSize: spec.batchSize,
    shuffle: spec.shuffle,
    shuffleBuffer: plan.shuffleBuffer,
    seed: spec.seed ^ SHUFFLE_SEED_MIX,
    precision: spec.precision,
    nOutputs: p.nOutputs,
    metrics: metricsInTargetUnits(metricsForLoss(p.loss.name, p.nOutputs), p.targetScale),
    ...(cancel ? { shouldStop: () => Atomics.load(cancel, 0) !== 0 } : {}),
    ...(onRows
      ? { onRows: (read: number, pass: 'train' | 'evaluate') => onRows(read, plan.rows.file, pass) }
      : {}),
  });
  // A streamed data set is not held in memory, so its test rows are not scored (docs/records.md).
  return { source, params, layout: model.layout, extra: {}, scoreTest: null };
}

/** RMSE of a standardized target scaled back to the target's own units (R² and accuracy need nothing). */
function metricsInTargetUnits(
  metrics: (o: FloatArray, y: FloatArray, rows: number) => Record<string, number>,
  scale: number | null,
): (o: FloatArray, y: FloatArray, rows: number) => Record<string, number> {
  if (scale === null) return metrics;
  return (o, y, rows) => {
    const m = metrics(o, y, rows);
    if (m['rmse'] !== undefined) m['rmse'] *= scale;
    return m;
  };
}

function nullable(a: ArrayLike<number>): (number | null)[] {
  return Array.from(a, (v) => (Number.isFinite(v) ? v : null));
}

function evaluation(e: { loss: number; metrics: Record<string, number> } | null) {
  if (!e || !Number.isFinite(e.loss)) return null;
  const metrics: Record<string, number> = {};
  for (const [k, v] of Object.entries(e.metrics)) if (Number.isFinite(v)) metrics[k] = v;
  return { loss: e.loss, metrics };
}

function toResult(
  r: TrainResult,
  initialParams: FloatArray,
  spec: RunSpec,
  scoreTest: Built['scoreTest'],
): RunResult {
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  return {
    ...(scoreTest && r.status !== 'cancelled' ? { finalTest: evaluation(scoreTest(r.params)) } : {}),
    status: r.status,
    steps: r.steps,
    epochs: r.epochs,
    finalTrainLoss: finite(r.finalTrainLoss),
    finalValidation: evaluation(r.finalValidation),
    bestEpoch: r.bestEpoch,
    divergedAtStep: r.divergedAtStep,
    divergenceReason: r.divergenceReason,
    failure: r.failure,
    elapsedMs: r.elapsedMs,
    finalParams: nullable(r.params),
    initialParams: Array.from(initialParams),
    restartIndex: spec.restart,
    curves: {
      stepLoss: nullable(r.stepLoss),
      stepLr: r.stepLr,
      stepGradNorm: nullable(r.stepGradNorm),
      epochTrainLoss: nullable(r.epochTrainLoss),
      epochValidation: r.epochValidation.map(evaluation),
      epochElapsedMs: r.epochElapsedMs,
      trajectory: r.trajectory ? nullable(r.trajectory) : null,
    },
  };
}

/**
 * Executes one run: builds the model (or surface) and its initial parameters from the spec, trains
 * with the shared data, streams batched progress, and polls `cancel[0]` before every step. After
 * each epoch count in `spec.rungs` it waits on `cancel[1]` for the host's pruning decision.
 */
export function executeRun(
  spec: RunSpec,
  data: SharedData | null,
  cancel: Int32Array,
  onProgress: (p: PackedProgress) => void,
): RunResult {
  const batcher = new ProgressBatcher(onProgress);
  const built = build(spec, data, cancel, (read, total, pass) => batcher.rows(read, total, pass));
  const initial = built.params.slice() as FloatArray;
  const result = trainLoop(built.source, built.params, {
    optimizer: spec.optimizer,
    schedule: spec.schedule,
    gradClip: spec.gradClip,
    epochs: spec.epochs,
    ...(spec.maxSteps !== null ? { maxSteps: spec.maxSteps } : {}),
    earlyStopping: spec.earlyStopping,
    divergenceFactor: spec.divergenceFactor,
    ...built.extra,
    onStep: (e) => batcher.step(e, built.parallel?.stepTraffic(e.step)),
    onEpoch: (e) => {
      batcher.epoch(e);
      if (!spec.rungs.includes(e.epoch + 1) || cancel.length < 2) return;
      // A rung: the host decides whether the trial goes on from every run's value here, so the
      // value must reach it now, and the run must not train on until the decision.
      batcher.flush();
      Atomics.wait(cancel, 1, 0);
      Atomics.store(cancel, 1, 0);
    },
    shouldStop: () => Atomics.load(cancel, 0) !== 0,
  });
  batcher.flush();
  const out = toResult(result, initial, spec, built.scoreTest);
  return built.parallel ? built.parallel.addTraffic(out) : out;
}

/**
 * The parameter layout (torch names and shapes) of a data-set run, for records and export; null for
 * a pytorch model, whose layout only its runner knows (RunResult.layout).
 */
export function layoutOf(spec: RunSpec): { name: string; shape: number[] }[] | null {
  if (spec.problem.kind !== 'dataset') return [{ name: 'xy', shape: [2] }];
  const p = spec.problem;
  const m = p.model;
  if (m.type === 'pytorch') return null;
  // From the spec alone: building a model for it would cost a WebAssembly memory, and asking the
  // worker's model cache (modelCache.ts) for one would evict the model the worker trains with.
  return modelLayout(m, p.nFeatures, p.nOutputs).map((t) => ({ name: t.name, shape: t.shape }));
}
