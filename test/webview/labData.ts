import type { LabRecord } from '../../src/protocol/lab';
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
