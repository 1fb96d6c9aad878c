// ProgressBatcher: Collects a run's step and epoch events and hands them on in batches, at most once every
// `intervalMs` (about 30 messages a second by default), so that many runs never flood the host.
import type { RunProgress } from '../../protocol/runs';
import type { EpochEvent, StepEvent } from '../train/trainLoop';

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/**
 * Collects a run's step and epoch events and hands them on in batches, at most once every
 * `intervalMs` (about 30 messages a second by default), so that many runs never flood the host.
 * Every point is kept: throttling batches them, it does not drop them.
 */
export class ProgressBatcher {
  private pending: RunProgress = { steps: [], epochs: [] };
  private last = 0;

  constructor(
    private readonly send: (p: RunProgress) => void,
    private readonly intervalMs = 33,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** One step; `traffic` is what a data-parallel run's workers sent at it. */
  step(e: StepEvent, traffic?: { bytes: number; density: number; commS: number }): void {
    this.pending.steps.push({
      step: e.step,
      epoch: e.epoch,
      loss: finiteOrNull(e.loss),
      lr: e.lr,
      gradNorm: finiteOrNull(e.gradNorm),
      ...(traffic ? { traffic } : {}),
    });
    this.maybeFlush();
  }

  epoch(e: EpochEvent): void {
    this.pending.epochs.push({
      epoch: e.epoch,
      step: e.step,
      trainLoss: finiteOrNull(e.trainLoss),
      validation: e.validation && Number.isFinite(e.validation.loss) ? e.validation : null,
      elapsedMs: e.elapsedMs,
    });
    this.maybeFlush();
  }

  /** A streaming run's rows read so far in its current pass over the file. */
  rows(read: number, total: number, pass: 'train' | 'evaluate'): void {
    this.pending.rows = { read, total, pass };
    this.maybeFlush();
  }

  /** Sends whatever is pending now (at the end of a run). */
  flush(): void {
    if (this.pending.steps.length === 0 && this.pending.epochs.length === 0 && !this.pending.rows) return;
    const batch = this.pending;
    this.pending = { steps: [], epochs: [] };
    this.last = this.now();
    this.send(batch);
  }

  private maybeFlush(): void {
    if (this.now() - this.last >= this.intervalMs) this.flush();
  }
}
