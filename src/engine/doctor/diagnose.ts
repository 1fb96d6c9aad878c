/**
 * The optimizer doctor: reads a finished run's curves (loss per step and epoch, gradient norm,
 * validation loss) and says what went wrong, with the evidence and the remedy. Pure: the same
 * function runs in the CLI, the extension and the tests. Thresholds and their measured detection
 * rates are in docs/doctor.md.
 */
import type { Diagnosis, DiagnosisKind } from '../../protocol/diagnosis';
import { symmetricEigen2 } from '../surfaces/hessian';
import { getSurface } from '../surfaces/registry';
import type { SurfaceName } from '../surfaces/surface';
import { minOf } from '../extremes';

/** The parts of a run the doctor reads. */
export interface DoctorRun {
  status: string;
  stepLoss: readonly (number | null)[];
  stepGradNorm: readonly (number | null)[];
  /** Training loss on the whole training split at the end of each epoch; [0] is before training. */
  epochTrainLoss: readonly (number | null)[];
  /** Validation loss per epoch (null entries when there is no validation split). */
  epochValidationLoss: readonly (number | null)[];
  divergedAtStep: number | null;
  /** True when every step sees the same loss function (full batch, 2-D surface): step losses are not noisy. */
  deterministicSteps: boolean;
  /** A 2-D surface run: where it stopped, for the Hessian there. */
  surface?: { name: SurfaceName; conditionNumber: number | null; point: readonly [number, number] } | null;
}

/** What the other runs of the same record say: the best final training loss among them. */
export interface DoctorContext {
  bestFinalLoss: number | null;
}

/** The doctor's thresholds, named so docs/doctor.md and the tests can cite them. */
export const DOCTOR = {
  /** Oscillating: share of sign changes of successive differences in the window. */
  oscillationSignChanges: 0.5,
  /** Oscillating: or share of rises among successive changes at least this. */
  oscillationRises: 0.3,
  /** Oscillating: mean |difference| relative to the mean loss in the window. */
  oscillationSwing: 0.02,
  /** Oscillating: net progress across the window, relative to the summed swings, below this. */
  oscillationNet: 0.3,
  /** Plateau: relative decrease of the training loss over the whole run below this, at a steady pace, or… */
  plateauProgress: 0.5,
  /** …below this at all; either… */
  plateauStuck: 0.01,
  /** …while the gradient norm at the end is at least this share of the initial one. */
  plateauGradKept: 0.3,
  /** Vanishing / exploding: factor between the first and the last tenth's median gradient norm. */
  gradTrend: 100,
  /** Saddle on data: final gradient norm below this share of the initial one… */
  saddleGrad: 1e-3,
  /** …while the loss is this far above the best run's (relative). */
  saddleGap: 0.5,
  /** Overfitting: validation loss this far above its minimum (relative), at least 3 epochs later. */
  overfitRise: 0.25,
} as const;

const REMEDY: Record<DiagnosisKind, { text: string; lrFactor: number | null }> = {
  diverged: {
    text: 'lower the learning rate (× 0.1), clip gradients (grad_clip.max_norm) or warm up (LinearLR)',
    lrFactor: 0.1,
  },
  oscillating: { text: 'lower the learning rate (× 0.3) or raise momentum damping', lrFactor: 0.3 },
  plateau: { text: 'raise the learning rate (× 3–10) or use an adaptive optimizer (Adam)', lrFactor: 10 },
  saddle: {
    text: 'add momentum or gradient noise (surface.perturbation) to leave the saddle; on data, a non-symmetric initialisation',
    lrFactor: null,
  },
  'vanishing-gradients': {
    text: 'another activation (relu, leaky_relu) or initialisation, or a smaller learning rate that keeps units out of saturation',
    lrFactor: null,
  },
  'exploding-gradients': {
    text: 'clip gradients (grad_clip.max_norm) or lower the learning rate (× 0.1)',
    lrFactor: 0.1,
  },
  overfitting: {
    text: 'early stopping (training.early_stopping), weight decay or l2, or a smaller model',
    lrFactor: null,
  },
};

const fin = (v: number | null | undefined): v is number =>
  v !== null && v !== undefined && Number.isFinite(v);
const g = (v: number): string =>
  Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0)
    ? v.toExponential(2)
    : String(Number(v.toPrecision(3)));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function make(kind: DiagnosisKind, at: Diagnosis['at'], evidence: string): Diagnosis {
  return { kind, at, evidence, remedy: REMEDY[kind].text, lrFactor: REMEDY[kind].lrFactor };
}

/** The loss series the doctor reads for trends: step losses when they are not noisy, else epochs. */
function lossSeries(r: DoctorRun): { values: number[]; unit: 'step' | 'epoch' } {
  const steps = r.stepLoss.filter(fin);
  if (r.deterministicSteps && steps.length >= 10) return { values: steps, unit: 'step' };
  return { values: r.epochTrainLoss.filter(fin), unit: 'epoch' };
}

function diverged(r: DoctorRun): Diagnosis | null {
  const losses = r.stepLoss;
  const first = r.epochTrainLoss[0] ?? losses[0] ?? null;
  if (r.status === 'diverged') {
    const step = r.divergedAtStep ?? losses.length - 1;
    const at = losses[step];
    return make(
      'diverged',
      { step, epoch: null },
      fin(at) && fin(first)
        ? `the loss reached ${g(at)} at step ${step}, ${g(at / Math.abs(first))} × the initial ${g(first)}`
        : `the loss became ${at === null ? 'NaN or infinite' : g(at ?? NaN)} at step ${step}`,
    );
  }
  // Blowing up without being stopped: the run ends far above its own best and above its start.
  const series = lossSeries(r);
  const v = series.values;
  if (v.length < 5 || !fin(first)) return null;
  const last = v[v.length - 1]!;
  const best = minOf(v)!;
  const bestAt = v.indexOf(best);
  // Ending above the start after having gone down, and climbing back more than twice the descent.
  if (last > first && last - best > 2 * Math.abs(first - best)) {
    return make(
      'diverged',
      series.unit === 'step' ? { step: v.length - 1, epoch: null } : { step: null, epoch: v.length - 1 },
      `the loss rose from its lowest ${g(best)} (${series.unit} ${bestAt}) to ${g(last)}, above the initial ${g(first)}`,
    );
  }
  return null;
}

function oscillating(r: DoctorRun): Diagnosis | null {
  if (r.status === 'diverged') return null;
  const { values, unit } = lossSeries(r);
  if (values.length < 8) return null;
  // The second half of the run: early transients are not oscillation.
  const start = Math.floor(values.length / 2);
  const w = values.slice(start);
  const d = w.slice(1).map((v, i) => v - w[i]!);
  let changes = 0;
  for (let i = 1; i < d.length; i++) if (d[i]! * d[i - 1]! < 0) changes++;
  const share = changes / Math.max(1, d.length - 1);
  // Momentum oscillates with a period of many steps: few sign changes, but many rises.
  const rises = d.filter((x) => x > 0).length / d.length;
  const swing = d.reduce((s, x) => s + Math.abs(x), 0);
  const meanLoss = w.reduce((s, x) => s + Math.abs(x), 0) / w.length;
  const rel = swing / d.length / Math.max(meanLoss, 1e-300);
  const net = Math.abs(w[w.length - 1]! - w[0]!) / Math.max(swing, 1e-300);
  if (
    share >= DOCTOR.oscillationSignChanges &&
    rel >= DOCTOR.oscillationSwing &&
    net <= DOCTOR.oscillationNet
  ) {
    return make(
      'oscillating',
      unit === 'step' ? { step: start, epoch: null } : { step: null, epoch: start },
      `from ${unit} ${start} the loss went up and down: ${Math.round(share * 100)}% of successive changes flip sign, ${Math.round(rises * 100)}% are rises, swings of ${g(rel * 100)}% of the loss, net change ${g(net * 100)}% of the swings`,
    );
  }
  return null;
}

/** Median gradient norm of the first and last tenth of the steps, when the run has enough steps. */
function gradEnds(r: DoctorRun): { first: number; last: number; n: number } | null {
  const gn = r.stepGradNorm.filter(fin);
  if (gn.length < 10) return null;
  const k = Math.max(1, Math.floor(gn.length / 10));
  return { first: median(gn.slice(0, k)), last: median(gn.slice(-k)), n: gn.length };
}

function plateau(r: DoctorRun, c: DoctorContext): Diagnosis | null {
  if (r.status === 'diverged') return null;
  const { values, unit } = lossSeries(r);
  const ends = gradEnds(r);
  if (values.length < 3 || !ends) return null;
  const first = values[0]!;
  const last = values[values.length - 1]!;
  const mid = values[Math.floor((values.length - 1) / 2)]!;
  const scale = Math.max(Math.abs(first), 1e-300);
  const progress = (first - last) / scale;
  // Crawling keeps its pace (the second half gains at least 30% of what the first did); a run that
  // converged early has a first half that did nearly all the work.
  const steady = (mid - last) / scale >= 0.3 * ((first - mid) / scale);
  const kept = ends.last / Math.max(ends.first, 1e-300);
  const farFromBest =
    c.bestFinalLoss === null || last - c.bestFinalLoss > 0.1 * Math.abs(c.bestFinalLoss) + 1e-12;
  const crawling = progress < DOCTOR.plateauStuck || (progress < DOCTOR.plateauProgress && steady);
  // Gradients at rounding level are a stationary point, not a crawl.
  const notSmall = ends.first > 1e-8;
  if (crawling && notSmall && progress > -0.01 && kept >= DOCTOR.plateauGradKept && farFromBest) {
    return make(
      'plateau',
      unit === 'step' ? { step: values.length - 1, epoch: null } : { step: null, epoch: values.length - 1 },
      `the loss fell only ${g(progress * 100)}% (${g(first)} → ${g(last)}) over ${values.length - 1} ${unit}s, at a steady pace, while the gradient norm stayed at ${g(kept * 100)}% of its start (${g(ends.first)} → ${g(ends.last)})`,
    );
  }
  return null;
}

function saddle(r: DoctorRun, c: DoctorContext): Diagnosis | null {
  if (r.status === 'diverged') return null;
  const gn = r.stepGradNorm.filter(fin);
  const steps = gn.length;
  if (r.surface) {
    const s = getSurface(
      r.surface.name,
      r.surface.conditionNumber === null ? {} : { kappa: r.surface.conditionNumber },
    );
    const [x, y] = r.surface.point;
    const h = [0, 0, 0];
    const grad = [0, 0];
    s.hessian(x, y, h);
    s.gradient(x, y, grad);
    const eig = symmetricEigen2(h[0]!, h[1]!, h[2]!).values;
    const norm = Math.hypot(grad[0]!, grad[1]!);
    const scale = Math.max(Math.abs(eig[0]), Math.abs(eig[1]), 1e-12);
    // Stopped: the gradient is small against the curvature (a step of 1e-3 in x would change it more).
    if (eig[0] < -1e-6 * scale && norm < 1e-3 * scale) {
      return make(
        'saddle',
        { step: steps, epoch: null },
        `stopped at (${g(x)}, ${g(y)}) with gradient norm ${g(norm)} and Hessian eigenvalues ${g(eig[0])}, ${g(eig[1])}: a saddle, not a minimum`,
      );
    }
    return null;
  }
  const ends = gradEnds(r);
  const last = r.epochTrainLoss.filter(fin).at(-1);
  if (!ends || last === undefined || c.bestFinalLoss === null) return null;
  const gap = (last - c.bestFinalLoss) / Math.max(Math.abs(c.bestFinalLoss), 1e-12);
  if (ends.last < DOCTOR.saddleGrad * ends.first && gap > DOCTOR.saddleGap) {
    return make(
      'saddle',
      { step: steps, epoch: null },
      `the gradient norm fell to ${g(ends.last)} (${g(ends.first)} at the start) while the loss ${g(last)} is still ${g(gap * 100)}% above the best run's ${g(c.bestFinalLoss)}`,
    );
  }
  return null;
}

function gradientTrend(r: DoctorRun, kind: 'vanishing-gradients' | 'exploding-gradients'): Diagnosis | null {
  const ends = gradEnds(r);
  if (!ends) return null;
  const ratio = ends.last / Math.max(ends.first, 1e-300);
  if (kind === 'exploding-gradients') {
    if (ratio < DOCTOR.gradTrend) return null;
    const gn = r.stepGradNorm;
    const at = gn.findIndex((v) => fin(v) && v > DOCTOR.gradTrend * ends.first);
    return make(
      kind,
      { step: at, epoch: null },
      `the gradient norm grew ${g(ratio)}× over the run (${g(ends.first)} → ${g(ends.last)}, past ${DOCTOR.gradTrend}× the start at step ${at})`,
    );
  }
  if (r.status === 'diverged' || ratio > 1 / DOCTOR.gradTrend) return null;
  // Shrinking gradients are what convergence looks like; vanishing means the loss did not follow.
  const { values } = lossSeries(r);
  if (values.length < 2) return null;
  const progress = (values[0]! - values[values.length - 1]!) / Math.max(Math.abs(values[0]!), 1e-300);
  if (progress > 0.5) return null;
  return make(
    kind,
    { step: ends.n - 1, epoch: null },
    `the gradient norm shrank ${g(1 / ratio)}× (${g(ends.first)} → ${g(ends.last)}) while the loss fell only ${g(progress * 100)}%`,
  );
}

function overfitting(r: DoctorRun): Diagnosis | null {
  const val = r.epochValidationLoss;
  const train = r.epochTrainLoss;
  let best = -1;
  for (let e = 0; e < val.length; e++) if (fin(val[e]) && (best < 0 || val[e]! < val[best]!)) best = e;
  const lastE = val.length - 1;
  if (best < 0 || lastE - best < 3 || !fin(val[lastE]) || !fin(train[lastE]) || !fin(train[best]))
    return null;
  const rise = (val[lastE]! - val[best]!) / Math.max(Math.abs(val[best]!), 1e-12);
  if (rise >= DOCTOR.overfitRise && train[lastE]! < train[best]!) {
    return make(
      'overfitting',
      { step: null, epoch: best },
      `validation loss lowest at epoch ${best} (${g(val[best]!)}), ${g(rise * 100)}% higher by epoch ${lastE} (${g(val[lastE]!)}) while the training loss fell ${g(train[best]!)} → ${g(train[lastE]!)}`,
    );
  }
  return null;
}

/**
 * Diagnoses one finished run. Every rule reads the run's own curves; `context` (the best final
 * training loss among the record's runs) lets the doctor tell a data run stuck at a saddle from one
 * at a minimum, and keeps a run that is as good as the best from being called a plateau. Cancelled
 * and failed runs are not diagnosed.
 */
export function diagnoseRun(r: DoctorRun, context: DoctorContext = { bestFinalLoss: null }): Diagnosis[] {
  if (r.status === 'cancelled' || r.status === 'failed' || r.status === 'queued' || r.status === 'running')
    return [];
  return [
    diverged(r),
    gradientTrend(r, 'exploding-gradients'),
    oscillating(r),
    plateau(r, context),
    saddle(r, context),
    gradientTrend(r, 'vanishing-gradients'),
    overfitting(r),
  ].filter((d): d is Diagnosis => d !== null);
}
