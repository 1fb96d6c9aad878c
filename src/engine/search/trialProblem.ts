// What a search's trials train on: the data loaded and shared once (or once per cross-validation
// fold), and one trial's run specs (every seed, surface start and fold of its configuration).
import type { ResolvedExperiment } from '../../protocol/experiment';
import type { RunSpec } from '../../protocol/runs';
import type { ResolvedSearch, TrialState } from '../../protocol/search';
import { prepareDataset, type Dataset } from '../data/dataset';
import { expandRuns, type DataShape } from '../runs/expandRuns';
import { dataShapeOf, loadExperimentTable } from '../runs/experimentData';
import { shareSplits, type SharedLayout } from '../runs/sharedData';
import { shareFolds, type FoldLayout } from './folds';
import { trialTraining } from './trialTraining';
import { withDataFile } from '../experiment/dataFile';
import { probeOwnData } from '../runs/pythonProbe';
import type { PythonOptions } from '../runs/pythonCheck';
import type { RunRecord } from '../../protocol/record';

/** A search's data: shared splits, or shared folds with cross-validation; all null on a surface. */
export interface SearchProblem {
  dataset: Dataset | null;
  layout: SharedLayout | null;
  folds: FoldLayout[] | null;
  shape: DataShape | null;
  /** The record's data set of a model's data function (model.data), which has no Dataset. */
  info?: NonNullable<RunRecord['dataset']>;
}

/** Loads and shares the data of a search once, per its cross-validation setting. */
export async function loadSearchProblem(
  e: ResolvedExperiment,
  s: ResolvedSearch,
  experimentFile: string | null,
  maxDataBytes: number | undefined,
  python?: PythonOptions,
): Promise<SearchProblem> {
  if (e.kind !== 'data') return { dataset: null, layout: null, folds: null, shape: null };
  if (e.data === null && python && s.cv_folds === null) {
    // A model's data function: one probe gives the sizes; every trial's run calls it again.
    const own = await probeOwnData(e, python);
    if (own) return { dataset: null, layout: null, folds: null, shape: own.shape, info: own.info };
  }
  const f = withDataFile(e, 'a search');
  const table = await loadExperimentTable(f, experimentFile, maxDataBytes);
  const dataset = prepareDataset(table, f.data, { precision: f.training.precision });
  if (s.cv_folds !== null) {
    const plain = { ...f.data.preprocessing, standardize: false, standardize_target: false };
    const raw = prepareDataset(table, { ...f.data, preprocessing: plain }, { precision: 'float64' });
    const folds = shareFolds(raw, f.data, s.cv_folds, f.training.precision);
    const f0 = folds[0]!;
    return {
      dataset,
      layout: null,
      folds,
      shape: dataShapeOf(dataset, f0),
    };
  }
  const layout = shareSplits(dataset);
  return {
    dataset,
    layout,
    folds: null,
    shape: dataShapeOf(dataset, layout),
  };
}

/** The runs of one trial: every seed (and surface start) of the trial's configuration, × every fold. */
export function trialSpecs(
  e: ResolvedExperiment,
  trial: TrialState,
  setup: RunSpec['optimizer'],
  p: SearchProblem,
): RunSpec[] {
  const te: ResolvedExperiment =
    e.kind === 'data'
      ? {
          ...e,
          optimizers: [setup],
          l2: trial.l2 ?? e.l2,
          training: trialTraining(e.training, trial),
        }
      : { ...e, optimizers: [setup] };
  const specs = expandRuns(te, p.shape).map((spec) => ({
    ...spec,
    runId: `t${trial.index}-${spec.runId.replace(/^c0-/, '')}`,
    configIndex: trial.index,
    label: trial.label,
  }));
  if (!p.folds) return specs;
  return specs.flatMap((spec) =>
    p.folds!.map((f, k): RunSpec => {
      if (spec.problem.kind !== 'dataset') return spec;
      return {
        ...spec,
        runId: `${spec.runId}-f${k}`,
        fold: k,
        problem: {
          ...spec.problem,
          layout: `fold${k}`,
          trainRows: f.trainRows,
          valRows: f.validationRows,
          targetScale: f.targetScale,
        },
      };
    }),
  );
}

/** The shared buffers a run of the search reads: its fold's, or the shared splits. */
export function sharedDataOf(p: SearchProblem, spec: RunSpec): Record<string, SharedArrayBuffer> | null {
  if (p.folds && spec.fold !== null) {
    const f = p.folds[spec.fold]!;
    return { X: f.data.X, y: f.data.y };
  }
  return p.layout ? { X: p.layout.data.X, y: p.layout.data.y } : null;
}
