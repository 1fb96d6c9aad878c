// LabCurves: The curves the lab panel draws of one run (a subset of its curves file: no batch losses,
// metrics, trajectory or parameters), filled from the curves file when the run has ended or from live
// progress while it runs.
import type { CurvesFile, RunRecord } from '../../protocol/record';
import type { RunProgress } from '../../protocol/runs';

/**
 * The curves the lab panel draws of one run (a subset of its curves file: no batch losses,
 * metrics, trajectory or parameters), filled from the curves file when the run has ended or from
 * live progress while it runs. Epoch arrays are indexed by epoch, index 0 being before training
 * (live runs do not stream that point, so it stays null until the run's file is read).
 */
export interface LabCurves {
  epochTrain: (number | null)[];
  epochVal: (number | null)[];
  /** Optimizer steps taken at the end of each epoch. */
  epochStep: (number | null)[];
  /** Wall time since the run started at the end of each epoch, ms. */
  epochMs: (number | null)[];
  /** One entry per optimizer step. */
  stepLr: (number | null)[];
  stepGradNorm: (number | null)[];
  /** Data-parallel runs, once ended: bytes all workers sent, density and simulated comm seconds per step. */
  stepBytes?: (number | null)[];
  stepDensity?: (number | null)[];
  stepCommS?: (number | null)[];
  /**
   * The step of each entry of stepLr and stepGradNorm when the host sent them cut to a step range
   * (src/engine/report/stepBuckets.ts); absent when entry i is step i.
   */
  stepAt?: number[];
}

const SERIES = ['epochTrain', 'epochVal', 'epochStep', 'epochMs', 'stepLr', 'stepGradNorm'] as const;
/** Series only data-parallel runs have. */
const TRAFFIC_SERIES = ['stepBytes', 'stepDensity', 'stepCommS'] as const;

/** Curves with no points yet. */
export function emptyCurves(): LabCurves {
  return { epochTrain: [], epochVal: [], epochStep: [], epochMs: [], stepLr: [], stepGradNorm: [] };
}

/**
 * Steps per epoch of a record's runs: full batch (and surfaces, whose epoch is one step) take one;
 * mini-batches take ⌈train rows / batch size⌉, as the training loop does.
 */
export function stepsPerEpoch(record: RunRecord): number {
  const training = record.experiment['training'] as { batch_size?: unknown } | undefined;
  const batch = typeof training?.batch_size === 'number' ? training.batch_size : null;
  const rows = record.dataset?.trainRows ?? null;
  return batch !== null && rows !== null && rows > 0 ? Math.ceil(rows / batch) : 1;
}

/** The lab's curves of an ended run, from its curves file. */
export function curvesFromFile(file: CurvesFile, perEpoch: number): LabCurves {
  const steps = file.stepLr.length;
  return {
    epochTrain: file.epochTrainLoss.slice(),
    epochVal: file.epochValidation.map((v) => v?.loss ?? null),
    epochStep: file.epochTrainLoss.map((_, i) => Math.min(i * perEpoch, steps)),
    epochMs: file.epochElapsedMs.slice(),
    stepLr: file.stepLr.slice(),
    stepGradNorm: file.stepGradNorm.slice(),
    ...(file.traffic
      ? {
          stepBytes: file.traffic.stepBytes.slice(),
          stepDensity: file.traffic.stepDensity.slice(),
          stepCommS: file.traffic.stepCommS.slice(),
        }
      : {}),
  };
}

function setAt(a: (number | null)[], i: number, v: number | null): void {
  while (a.length < i) a.push(null);
  a[i] = v;
}

/** Appends one progress batch to a live run's curves (epoch e's event fills index e + 1). */
export function appendProgress(c: LabCurves, p: RunProgress): void {
  const at = c.stepAt;
  for (const s of p.steps) {
    if (at) {
      // Cut curves take the steps after their last point, one entry each (no traffic: such runs are sent whole).
      if (at.length > 0 && s.step <= at[at.length - 1]!) continue;
      at.push(s.step);
      c.stepLr.push(s.lr);
      c.stepGradNorm.push(s.gradNorm);
      continue;
    }
    setAt(c.stepLr, s.step, s.lr);
    setAt(c.stepGradNorm, s.step, s.gradNorm);
    if (s.traffic) {
      setAt((c.stepBytes ??= []), s.step, s.traffic.bytes);
      setAt((c.stepDensity ??= []), s.step, s.traffic.density);
      setAt((c.stepCommS ??= []), s.step, s.traffic.commS);
    }
  }
  for (const e of p.epochs) {
    const i = e.epoch + 1;
    if (c.epochStep[0] === undefined) {
      setAt(c.epochStep, 0, 0);
      setAt(c.epochMs, 0, 0);
    }
    setAt(c.epochTrain, i, e.trainLoss);
    setAt(c.epochVal, i, e.validation?.loss ?? null);
    setAt(c.epochStep, i, e.step);
    setAt(c.epochMs, i, e.elapsedMs);
  }
}

/**
 * A per-step value interpolated linearly between the epoch ends, where `at(i)` is its value at
 * the end of epoch i (index 0: before training). The epoch ends are the only points where a run
 * records the step count, so this gives each step its wall time or its fractional epoch.
 */
function interpolateSteps(c: LabCurves, at: (i: number) => number | null | undefined): (number | null)[] {
  const anchors: [number, number][] = [];
  for (let i = 0; i < c.epochStep.length; i++) {
    const s = c.epochStep[i];
    const t = at(i);
    if (s !== null && s !== undefined && t !== null && t !== undefined) anchors.push([s, t]);
  }
  const n = c.stepLr.length;
  const out: (number | null)[] = new Array<number | null>(n).fill(null);
  if (anchors.length < 2) return out;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const step = c.stepAt ? c.stepAt[i]! : i;
    while (k < anchors.length - 2 && anchors[k + 1]![0] < step) k++;
    const [s0, t0] = anchors[k]!;
    const [s1, t1] = anchors[k + 1]!;
    out[i] = s1 === s0 ? t0 : t0 + ((step - s0) * (t1 - t0)) / (s1 - s0);
  }
  return out;
}

/** Wall time of every step (ms since the run started), between the epoch ends. */
export function stepTimes(c: LabCurves): (number | null)[] {
  return interpolateSteps(c, (i) => c.epochMs[i]);
}

/** The fractional epoch of every step, between the epoch ends. */
export function stepEpochs(c: LabCurves): (number | null)[] {
  return interpolateSteps(c, (i) => i);
}

/**
 * Steps per epoch of one ended run, from its own step and epoch counts (a search trial may have
 * its own batch size); the record's value when the run ended before finishing an epoch.
 */
export function runStepsPerEpoch(steps: number, epochs: number, recordValue: number): number {
  return epochs > 0 && steps > 0 ? Math.max(1, Math.round(steps / epochs)) : recordValue;
}

/**
 * A series as float64 values, missing points as NaN: exact to the bit, and a typed array crosses
 * to a webview as its bytes (VS Code transfers typed arrays in postMessage without JSON), so a
 * 10,000-step curve is neither printed, parsed nor base64-decoded on the way.
 */
export function packSeries(values: readonly (number | null)[]): Float64Array<ArrayBuffer> {
  const f = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) f[i] = values[i] ?? Number.NaN;
  return f;
}

/** The values of a packed series, NaN read back as missing. */
export function unpackSeries(packed: Float64Array): (number | null)[] {
  const out = new Array<number | null>(packed.length);
  for (let i = 0; i < packed.length; i++) {
    const v = packed[i]!;
    out[i] = Number.isNaN(v) ? null : v;
  }
  return out;
}

/** Curves packed for the lab protocol, one packed series per field (stepAt: see LabCurves). */
export type PackedCurves = Record<(typeof SERIES)[number], Float64Array<ArrayBuffer>> &
  Partial<Record<(typeof TRAFFIC_SERIES)[number] | 'stepAt', Float64Array<ArrayBuffer>>>;

/** Packs every series of `c` (see packSeries). */
export function packCurves(c: LabCurves): PackedCurves {
  const packed = Object.fromEntries(SERIES.map((k) => [k, packSeries(c[k])])) as PackedCurves;
  for (const k of TRAFFIC_SERIES) {
    const v = c[k];
    if (v) packed[k] = packSeries(v);
  }
  if (c.stepAt) packed.stepAt = Float64Array.from(c.stepAt);
  return packed;
}

/** The curves of a packed message. */
export function unpackCurves(p: PackedCurves): LabCurves {
  const c = emptyCurves();
  for (const k of SERIES) c[k] = unpackSeries(p[k]);
  for (const k of TRAFFIC_SERIES) {
    const v = p[k];
    if (v !== undefined) c[k] = unpackSeries(v);
  }
  if (p.stepAt) c.stepAt = Array.from(p.stepAt);
  return c;
}
