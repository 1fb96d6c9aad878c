// What an experiment may ask of the engine, checked before anything runs.
import type { ResolvedExperiment } from '../../protocol/experiment';
import { ExperimentError } from '../errors';
import { formatPath, type JsonPath } from './jsonPath';

/** One WebAssembly memory (wasm32) holds at most 65,536 pages of 64 KiB: 4 GiB. */
export const WASM_MEMORY_BYTES = 65_536 * 65_536;

/**
 * Optimizer steps one run may take. Every step's loss, learning rate and gradient norm (and a
 * surface's trajectory) is kept at full resolution in memory and in one curves file, whose JSON
 * text must stay under V8's longest string (~2^29 characters, about 125 characters a step).
 */
export const MAX_STEPS_PER_RUN = 3_000_000;

/** Runs one experiment or search may queue (configurations × seeds × restarts × folds). */
export const MAX_RUNS = 100_000;

/** Rows the model's scratch buffers hold at once (denseModel's chunk). */
const CHUNK_ROWS = 4096;

/** What the data says about the problem, once it is read; null before (the bounds are then lower ones). */
export interface ProblemSize {
  features: number;
  outputs: number;
  trainRows: number;
}

/** A limit the experiment exceeds, at the JSON path of the setting to change. */
export interface LimitIssue {
  path: JsonPath;
  message: string;
}

function layerSizes(e: ResolvedExperiment & { kind: 'data' }, size: ProblemSize | null): number[] {
  const features = size?.features ?? 1;
  const outputs = size?.outputs ?? 1;
  return e.model.type === 'mlp' ? [features, ...e.model.hidden, outputs] : [features, outputs];
}

/** Parameters of a dense network with these layer sizes (weights and biases). */
export function parameterCount(sizes: readonly number[]): number {
  let n = 0;
  for (let l = 1; l < sizes.length; l++) n += sizes[l - 1]! * sizes[l]! + sizes[l]!;
  return n;
}

/**
 * Bytes of the largest WebAssembly memory a run allocates: the model's (parameters, gradients,
 * transposed weights and per-row activations) or the Adam family's (four parameter-sized buffers).
 */
export function modelMemoryBytes(
  sizes: readonly number[],
  precision: 'float32' | 'float64',
  rows: number,
): number {
  const bytes = precision === 'float32' ? 4 : 8;
  const p = parameterCount(sizes);
  let model = 2 * p + rows * sizes[0]!;
  for (let l = 1; l < sizes.length; l++) model += sizes[l - 1]! * sizes[l]! + 2 * rows * sizes[l]!;
  return bytes * Math.max(model, 4 * p);
}

const gib = (b: number): string => `${(b / 2 ** 30).toFixed(b < 2 ** 30 ? 2 : 1)} GiB`;
const count = (n: number): string => n.toLocaleString('en-US');

/**
 * The limits an experiment exceeds: model memory against one WebAssembly memory, optimizer steps
 * per run, runs in all. With `size` unknown (validation before the data is read) the model is
 * measured with one input and one output, a lower bound, so what fails here fails for sure.
 */
export function limitIssues(e: ResolvedExperiment, size: ProblemSize | null = null): LimitIssue[] {
  const issues: LimitIssue[] = [];
  const perConfig = e.training.seeds.length * (e.kind === 'surface' ? e.surface.restarts + 1 : 1);
  const configs = e.search ? e.search.budget.trials * (e.search.cv_folds ?? 1) : e.optimizers.length;
  const runs = configs * perConfig;
  if (runs > MAX_RUNS) {
    const what = e.search
      ? `${count(e.search.budget.trials)} trials${e.search.cv_folds ? ` × ${e.search.cv_folds} folds` : ''}`
      : `${count(e.optimizers.length)} configurations`;
    issues.push({
      path: e.search ? ['search', 'budget', 'trials'] : ['training', 'seeds'],
      message: `${what} × ${count(perConfig)} runs each = ${count(runs)} runs, more than the ${count(MAX_RUNS)} one experiment may queue`,
    });
  }
  if (e.kind === 'surface') {
    if (e.training.steps > MAX_STEPS_PER_RUN) {
      issues.push({
        path: ['training', 'steps'],
        message: `${count(e.training.steps)} steps, more than the ${count(MAX_STEPS_PER_RUN)} a run can record (every step is kept at full resolution)`,
      });
    }
    return issues;
  }
  const rows = size?.trainRows ?? 1;
  const batch = e.training.batch_size === null ? rows : Math.min(e.training.batch_size, rows);
  const perEpoch = Math.max(1, Math.ceil(rows / Math.max(1, batch)));
  const steps = Math.min(e.training.epochs * perEpoch, e.training.steps ?? Infinity);
  if (steps > MAX_STEPS_PER_RUN) {
    issues.push({
      path: ['training', 'epochs'],
      message: `${count(e.training.epochs)} epochs × ${count(perEpoch)} steps per epoch = ${count(steps)} steps, more than the ${count(MAX_STEPS_PER_RUN)} a run can record (every step is kept at full resolution); lower epochs, raise batch_size or cap training.steps`,
    });
  }
  const sizes = layerSizes(e, size);
  const memory = modelMemoryBytes(sizes, e.training.precision, Math.min(CHUNK_ROWS, Math.max(1, batch)));
  if (memory > WASM_MEMORY_BYTES) {
    issues.push({
      path: e.model.type === 'mlp' ? ['model', 'hidden'] : ['model'],
      message: `the model has ${count(parameterCount(sizes))} parameters${size ? '' : ' or more'}: in ${e.training.precision} its buffers need ${gib(memory)}, more than the ${gib(WASM_MEMORY_BYTES)} one WebAssembly memory can hold; use fewer or smaller hidden layers${e.training.precision === 'float64' ? ' or precision float32' : ''}`,
    });
  }
  return issues;
}

/** The problem size a data shape gives (outputs: one per class of a multiclass task, else one). */
export function problemSizeOf(shape: {
  nFeatures: number;
  nClasses: number | null;
  trainRows: number;
  task: string;
}): ProblemSize {
  const outputs = shape.task === 'multiclass' && shape.nClasses ? shape.nClasses : 1;
  return { features: shape.nFeatures, outputs, trainRows: shape.trainRows };
}

/**
 * Throws an ExperimentError listing every limit the experiment exceeds, before a run starts, so an
 * experiment too big for the engine is an invalid file (exit 1), not a failed run.
 */
export function assertWithinLimits(
  e: ResolvedExperiment,
  size: ProblemSize | null,
  file: string | null,
): void {
  const issues = limitIssues(e, size);
  if (issues.length === 0) return;
  throw new ExperimentError(
    file ?? e.name,
    issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
  );
}
