// A run's live progress, gathered at the source and sent in batches at most 20 times a second.
import type { PackedProgress } from '../../protocol/progressWire';
import type { RunProgress } from '../../protocol/runs';
import type { EpochEvent, StepEvent } from '../train/trainLoop';
import { EpochColumns, StepColumns } from './progressWire';

/** Least time between two progress messages of one run (20 a second). */
export const PROGRESS_INTERVAL_MS = 50;

/**
 * Collects a run's step and epoch events and hands them on in batches, at most once every
 * `intervalMs`, so that a fast run never floods the host's main thread (which must stay free to
 * handle Ctrl-C and SIGTERM). Every point is kept: throttling batches the messages, it does not
 * drop data; `flush()` at the end of a run delivers the final state.
 */
export class ProgressBatcher {
  private readonly steps = new StepColumns();
  private readonly epochs = new EpochColumns();
  private rowsRead: RunProgress['rows'] | undefined;
  private last = -Infinity;

  constructor(
    private readonly send: (p: PackedProgress) => void,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** One step; `traffic` is what a data-parallel run's workers sent at it. */
  step(e: StepEvent, traffic?: { bytes: number; density: number; commS: number }): void {
    this.steps.push(e.step, e.epoch, e.loss, e.lr, e.gradNorm, traffic);
    this.maybeFlush();
  }

  epoch(e: EpochEvent): void {
    const validation = e.validation && Number.isFinite(e.validation.loss) ? e.validation : null;
    this.epochs.push(e.epoch, e.step, e.trainLoss, validation, e.elapsedMs);
    this.maybeFlush();
  }

  /** A streaming run's rows read so far in its current pass over the file. */
  rows(read: number, total: number, pass: 'train' | 'evaluate'): void {
    this.rowsRead = { read, total, pass };
    this.maybeFlush();
  }

  /** Sends whatever is pending now (at the end of a run, or before it waits at a rung). */
  flush(): void {
    if (this.steps.length === 0 && this.epochs.length === 0 && !this.rowsRead) return;
    const batch: PackedProgress = {
      steps: this.steps.take(),
      epochs: this.epochs.take(),
      ...(this.rowsRead ? { rows: this.rowsRead } : {}),
    };
    this.rowsRead = undefined;
    this.last = this.now();
    this.send(batch);
  }

  private maybeFlush(): void {
    if (this.now() - this.last >= this.intervalMs) this.flush();
  }
}
