// expandRuns: Expands an experiment into its runs (also DataShape, defaultLoss, runId).
import type { ResolvedExperiment, ResolvedDataExperiment, ResolvedLoss } from '../../protocol/experiment';
import type { RunSpec } from '../../protocol/runs';
import type { TaskKind } from '../../protocol/data';
import { configLabels } from '../experiment/labels';
import { getSurface } from '../surfaces/registry';
import { restartPoints } from '../surfaces/restarts';
import { checkShards } from '../parallel/dataParallelSource';
import { dataParallelLabel } from '../../protocol/dataParallel';

/** What expansion needs to know about a loaded data set. */
export interface DataShape {
  task: TaskKind;
  nFeatures: number;
  nClasses: number | null;
  trainRows: number;
  validationRows: number;
  /** Test rows laid out after the validation rows (0: none, or folds, which have no test rows). */
  testRows?: number;
  /** The std a regression target was divided by, or null when it was not standardized. */
  targetScale: number | null;
}

/** The loss a task implies when the experiment names none: torch's usual choice for each. */
export function defaultLoss(task: TaskKind): ResolvedLoss {
  return task === 'regression'
    ? { name: 'mse' }
    : task === 'binary'
      ? { name: 'bce_with_logits' }
      : { name: 'cross_entropy' };
}

type SpecModel = Extract<RunSpec['problem'], { kind: 'dataset' }>['model'];

function modelOf(e: ResolvedDataExperiment, loss: ResolvedLoss): SpecModel {
  if (e.model.type === 'pytorch')
    return {
      type: 'pytorch',
      path: e.model.path,
      root: e.model.root,
      factory: e.model.factory,
      loss: e.model.loss,
      ...(e.model.data !== undefined ? { data: e.model.data } : {}),
    };
  if (e.model.type === 'mlp')
    return { type: 'mlp' as const, hidden: e.model.hidden, activation: e.model.activation };
  // A one-layer model is named after its loss: a linear layer under BCE is logistic regression,
  // under cross-entropy softmax regression.
  const type =
    loss.name === 'bce_with_logits' ? 'logistic' : loss.name === 'cross_entropy' ? 'softmax' : e.model.type;
  return { type };
}

/** Runs are named `c<config>-s<seed>` (and `-r<restart>` for surface restarts). */
export function runId(configIndex: number, seed: number, restart: number | null): string {
  return `c${configIndex}-s${seed}${restart ? `-r${restart}` : ''}`;
}

/**
 * Expands an experiment into its runs: every optimizer configuration × every seed (× every start
 * of a surface, the configured one and the random restarts), in that order.
 */
export function expandRuns(e: ResolvedExperiment, data: DataShape | null): RunSpec[] {
  const labels = configLabels(e.optimizers);
  const specs: RunSpec[] = [];
  const common = (configIndex: number, seed: number) => ({
    configIndex,
    label: labels[configIndex]!,
    seed,
    fold: null,
    optimizer: e.optimizers[configIndex]!,
    schedule: e.schedule,
    gradClip: e.grad_clip,
  });

  if (e.kind === 'surface') {
    const s = e.surface;
    const surface = getSurface(s.name, s.condition_number === null ? {} : { kappa: s.condition_number });
    const start: [number, number] = s.start ?? [surface.start[0], surface.start[1]];
    e.optimizers.forEach((_, c) => {
      for (const seed of e.training.seeds) {
        const starts: [number, number][] = [start, ...restartPoints(surface, s.restarts, seed)];
        starts.forEach((point, r) => {
          specs.push({
            runId: runId(c, seed, s.restarts > 0 ? r : null),
            ...common(c, seed),
            restart: s.restarts > 0 ? r : null,
            epochs: e.training.steps,
            maxSteps: null,
            batchSize: null,
            shuffle: false,
            precision: e.training.precision,
            earlyStopping: null,
            divergenceFactor: e.training.divergence_factor,
            rungs: [],
            problem: {
              kind: 'surface',
              name: s.name,
              start: point,
              condition_number: s.condition_number,
              perturbation: s.perturbation,
            },
          });
        });
      }
    });
    return specs;
  }

  if (!data) throw new Error('a data experiment needs its data set loaded before expansion');
  const loss = e.loss ?? defaultLoss(data.task);
  const nOutputs = loss.name === 'cross_entropy' ? (data.nClasses ?? 2) : 1;
  // Data-parallel settings multiply the configurations: optimizer c under setting v is c·V + v.
  const variants = e.training.data_parallel ?? [null];
  for (const dp of variants) if (dp) checkShards(dp, data.trainRows, e.training.batch_size);
  e.optimizers.forEach((_, c) => {
    variants.forEach((dataParallel, v) => {
      const index = c * variants.length + v;
      for (const seed of e.training.seeds) {
        specs.push({
          runId: runId(index, seed, null),
          ...common(c, seed),
          configIndex: index,
          ...(dataParallel ? { label: `${labels[c]!} · ${dataParallelLabel(dataParallel)}` } : {}),
          restart: null,
          epochs: e.training.epochs,
          maxSteps: e.training.steps,
          batchSize: e.training.batch_size,
          shuffle: e.training.shuffle,
          precision: e.training.precision,
          earlyStopping: e.training.early_stopping,
          divergenceFactor: e.training.divergence_factor,
          rungs: [],
          ...(dataParallel ? { dataParallel } : {}),
          problem: {
            kind: 'dataset',
            model: modelOf(e, loss),
            loss,
            l2: e.l2,
            task: data.task,
            nFeatures: data.nFeatures,
            nOutputs,
            trainRows: data.trainRows,
            valRows: data.validationRows,
            testRows: data.testRows ?? 0,
            targetScale: data.targetScale,
            layout: 'main',
            init: e.model.init,
          },
        });
      }
    });
  });
  return specs;
}
