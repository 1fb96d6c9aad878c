import type { LabRecord } from '../../src/protocol/lab';
import type { RunRecord } from '../../src/protocol/record';
import type { SearchState, TrialState } from '../../src/protocol/search';
import {
  curvesFromFile,
  packCurves,
  runStepsPerEpoch,
  stepsPerEpoch,
} from '../../src/engine/report/labCurves';
import { sampleRecord, type SampleConfig } from '../engine/report/sampleRecord';

/** A lab record built from the report tests' sample record (real record and curves shapes). */
export function sampleLabRecord(
  configs: SampleConfig[],
  o: { name?: string; seeds?: number; epochs?: number; stepsPerEpoch?: number; dir?: string } = {},
): LabRecord {
  const { record, curves } = sampleRecord(configs, o);
  return {
    recordDir: o.dir ?? `/records/${record.id}`,
    record,
    curves: Object.fromEntries(
      record.runs.map((r) => [
        r.id,
        packCurves(
          curvesFromFile(curves.get(r.id)!, runStepsPerEpoch(r.steps, r.epochs, stepsPerEpoch(record))),
        ),
      ]),
    ),
    live: false,
    search: null,
  };
}

export const TWO_CONFIGS: SampleConfig[] = [
  { label: 'SGD(lr=0.1)', start: 1, decay: 0.9, floor: 0.2 },
  { label: 'Adam(lr=0.01)', start: 1, decay: 0.8, floor: 0.1 },
];

function trial(
  index: number,
  params: TrialState['params'],
  value: number | null,
  status: TrialState['status'] = 'done',
): TrialState {
  return {
    index,
    params,
    label: `#${index}`,
    config: null,
    status,
    value,
    std: null,
    values: [value],
    runIds: [`t${index}-s0`],
    bracket: null,
    intermediate: [],
    rungs: [],
    pruned_at_epoch: null,
    message: null,
    elapsed_ms: 1,
  };
}

/**
 * A search over optimizer (choice), lr (loguniform) and SGD's momentum (conditional), three trials:
 * SGD at 0.4, Adam at 0.1 (the best), an Adam trial pruned. Its lab record has the sample record's runs.
 */
export function sampleSearch(): { record: RunRecord; state: SearchState; lab: LabRecord } {
  const lab = sampleLabRecord(TWO_CONFIGS);
  const record: RunRecord = {
    ...lab.record,
    experiment: {
      ...lab.record.experiment,
      search: {
        parameters: {
          optimizer: { type: 'choice', values: ['SGD', 'Adam'] },
          lr: { type: 'loguniform', low: 1e-4, high: 1 },
        },
        conditional: { SGD: { momentum: { type: 'uniform', low: 0, high: 0.99 } } },
      },
    },
  };
  const state: SearchState = {
    format: 'optimizer-lab-search',
    version: 1,
    status: 'done',
    stop_reason: 'budget',
    strategy: 'tpe',
    seed: 0,
    window: 1,
    budget: { trials: 3, wall_time_s: null },
    grid_trials: null,
    objective: { metric: 'val_loss', mode: 'min', use: 'best' },
    cv_folds: null,
    fingerprint: '{}',
    elapsed_ms: 3,
    best: 1,
    trials: [
      trial(0, { optimizer: 'SGD', lr: 0.01, momentum: 0.5 }, 0.4),
      trial(1, { optimizer: 'Adam', lr: 0.1 }, 0.1),
      trial(2, { optimizer: 'Adam', lr: 1e-4 }, null, 'pruned'),
    ],
  };
  return { record, state, lab: { ...lab, record, search: state } };
}
