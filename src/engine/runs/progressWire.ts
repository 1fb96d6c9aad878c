// Live step and epoch points packed into columns for the trip from a worker to the host, and read back.
import type { PackedEpochs, PackedSteps } from '../../protocol/progressWire';
import { packedProgressSchema } from '../../protocol/progressWire';
import type { RunProgress } from '../../protocol/runs';

/** One growable Float64Array; `fill` is the value of slots never written (NaN: "none here"). */
class Column {
  private a: Float64Array<ArrayBuffer>;

  constructor(private readonly fill = 0) {
    this.a = new Float64Array(256).fill(fill);
  }

  set(i: number, v: number): void {
    if (i >= this.a.length) {
      const b = new Float64Array(Math.max(2 * this.a.length, i + 1)).fill(this.fill, this.a.length);
      b.set(this.a);
      this.a = b;
    }
    this.a[i] = v;
  }

  /** The first n values; the column starts over. */
  take(n: number): Float64Array {
    const out = this.a.slice(0, n);
    this.a.fill(this.fill, 0, n);
    return out;
  }
}

type Traffic = { bytes: number; density: number; commS: number };

/** The step points of one batch, as columns. */
export class StepColumns {
  private n = 0;
  private readonly step = new Column();
  private readonly epoch = new Column();
  private readonly loss = new Column();
  private readonly lr = new Column();
  private readonly gradNorm = new Column();
  // NaN bytes: no traffic at that step (a step before the first exchange).
  private readonly traffic = { bytes: new Column(NaN), density: new Column(NaN), commS: new Column(NaN) };
  private hasTraffic = false;

  get length(): number {
    return this.n;
  }

  push(step: number, epoch: number, loss: number, lr: number, gradNorm: number, traffic?: Traffic): void {
    const i = this.n++;
    this.step.set(i, step);
    this.epoch.set(i, epoch);
    this.loss.set(i, loss);
    this.lr.set(i, lr);
    this.gradNorm.set(i, gradNorm);
    if (traffic) {
      this.hasTraffic = true;
      this.traffic.bytes.set(i, traffic.bytes);
      this.traffic.density.set(i, traffic.density);
      this.traffic.commS.set(i, traffic.commS);
    }
  }

  /** The points so far as exact-length columns; the builder starts empty again. */
  take(): PackedSteps {
    const n = this.n;
    const t = this.traffic;
    const out: PackedSteps = {
      step: this.step.take(n),
      epoch: this.epoch.take(n),
      loss: this.loss.take(n),
      lr: this.lr.take(n),
      gradNorm: this.gradNorm.take(n),
      ...(this.hasTraffic
        ? { traffic: { bytes: t.bytes.take(n), density: t.density.take(n), commS: t.commS.take(n) } }
        : {}),
    };
    this.n = 0;
    this.hasTraffic = false;
    return out;
  }
}

type Evaluation = NonNullable<RunProgress['epochs'][number]['validation']>;

/** The epoch ends of one batch, as columns. */
export class EpochColumns {
  private n = 0;
  private readonly epoch = new Column();
  private readonly step = new Column();
  private readonly trainLoss = new Column();
  private readonly elapsedMs = new Column();
  private validation: PackedEpochs['validation'] = [];

  get length(): number {
    return this.n;
  }

  push(
    epoch: number,
    step: number,
    trainLoss: number,
    validation: Evaluation | null,
    elapsedMs: number,
  ): void {
    const i = this.n++;
    this.epoch.set(i, epoch);
    this.step.set(i, step);
    this.trainLoss.set(i, trainLoss);
    this.elapsedMs.set(i, elapsedMs);
    if (validation) this.validation.push({ at: i, ...validation });
  }

  take(): PackedEpochs {
    const n = this.n;
    const out: PackedEpochs = {
      epoch: this.epoch.take(n),
      step: this.step.take(n),
      trainLoss: this.trainLoss.take(n),
      elapsedMs: this.elapsedMs.take(n),
      validation: this.validation,
    };
    this.n = 0;
    this.validation = [];
    return out;
  }
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** The columns as RunProgress step points (non-finite loss and gradient norm become null). */
export function unpackSteps(c: PackedSteps): RunProgress['steps'] {
  const out: RunProgress['steps'] = new Array(c.step.length);
  const t = c.traffic;
  for (let i = 0; i < c.step.length; i++) {
    const bytes = t ? t.bytes[i]! : NaN;
    out[i] = {
      step: c.step[i]!,
      epoch: c.epoch[i]!,
      loss: finiteOrNull(c.loss[i]!),
      lr: c.lr[i]!,
      gradNorm: finiteOrNull(c.gradNorm[i]!),
      ...(t && !Number.isNaN(bytes)
        ? { traffic: { bytes, density: t.density[i]!, commS: t.commS[i]! } }
        : {}),
    };
  }
  return out;
}

/** The columns as RunProgress epoch ends (a non-finite training loss becomes null). */
export function unpackEpochs(c: PackedEpochs): RunProgress['epochs'] {
  const out: RunProgress['epochs'] = new Array(c.epoch.length);
  for (let i = 0; i < c.epoch.length; i++) {
    out[i] = {
      epoch: c.epoch[i]!,
      step: c.step[i]!,
      trainLoss: finiteOrNull(c.trainLoss[i]!),
      validation: null,
      elapsedMs: c.elapsedMs[i]!,
    };
  }
  for (const { at, ...v } of c.validation) out[at]!.validation = v;
  return out;
}

/**
 * Validates one progress message from a worker and returns it as RunProgress, or null when it is
 * malformed. The points are unpacked on first read of `steps` or `epochs` (then kept): a front
 * door that only counts messages, like the CLI's progress bar, never pays for them.
 */
export function readProgress(raw: unknown): RunProgress | null {
  const parsed = packedProgressSchema.safeParse(raw);
  if (!parsed.success) return null;
  const packed = parsed.data;
  const out = (packed.rows ? { rows: packed.rows } : {}) as RunProgress;
  let steps: RunProgress['steps'] | null = null;
  let epochs: RunProgress['epochs'] | null = null;
  // Enumerable, so JSON and structured clones (a webview message) carry the points.
  Object.defineProperties(out, {
    steps: { enumerable: true, get: () => (steps ??= unpackSteps(packed.steps)) },
    epochs: { enumerable: true, get: () => (epochs ??= unpackEpochs(packed.epochs)) },
  });
  return out;
}
