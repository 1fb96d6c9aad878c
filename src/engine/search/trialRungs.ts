// The search's pruner at work on one trial: the monitored value of each of its runs after every
// epoch, the trial's intermediate means, and the rung decisions (go on, or stop every run).
import type { ResolvedObjective } from '../../protocol/experiment';
import type { RunSummary } from '../../protocol/record';
import type { RunProgress } from '../../protocol/runs';
import type { TrialState } from '../../protocol/search';
import type { Pruner } from './pruning';

/** The monitored value of one epoch event, or null when the epoch has none. */
function monitored(metric: string, ep: RunProgress['epochs'][number]): number | null {
  if (metric === 'train_loss') return ep.trainLoss;
  if (!ep.validation) return null;
  if (metric === 'val_loss') return ep.validation.loss;
  return ep.validation.metrics[metric.replace(/^val_/, '')] ?? null;
}

function better(mode: 'min' | 'max', a: number, b: number): boolean {
  return mode === 'min' ? a < b : a > b;
}

/** How a trial's runs are let go on or stopped at a rung (the pool's release and cancel). */
export interface RungActions {
  release(runId: string): void;
  cancel(runId: string): void;
}

/**
 * One trial's values and rungs. The runs wait in their workers at a rung epoch (executeRun) until
 * the trial is decided, so a pruned trial trains no epoch past the rung and a trial that passes
 * goes on from exactly there.
 */
export class TrialRungs {
  /** Per run: its monitored value after each count of epochs (best so far with use: best). */
  private readonly perRun: Map<number, number | null>[];
  private readonly runningBest: (number | null)[];
  /**
   * Runs that ended, with their last value (null when they diverged or failed): a sibling waiting
   * at a rung must not wait for them.
   */
  private readonly ended: ({ value: number | null } | null)[];
  private readonly decided = new Set<number>();

  constructor(
    private readonly t: TrialState,
    runs: number,
    /** Rung epochs of the trial's bracket (none without pruning). */
    private readonly rungs: readonly number[],
    private readonly pruner: Pruner | null,
    private readonly objective: ResolvedObjective,
    private readonly actions: RungActions,
  ) {
    this.perRun = Array.from({ length: runs }, () => new Map<number, number | null>());
    this.runningBest = Array.from({ length: runs }, () => null);
    this.ended = Array.from({ length: runs }, () => null);
  }

  /** An epoch event of run `runIndex`: records its value, the trial's mean, and decides a rung. */
  onEpoch(runIndex: number, ep: RunProgress['epochs'][number]): void {
    // Progress numbers epochs from 0; epoch counts (rungs, pruned_at_epoch) from 1.
    const done = ep.epoch + 1;
    let v = monitored(this.objective.metric, ep);
    if (v !== null && !Number.isFinite(v)) v = null;
    if (this.objective.use === 'best' && v !== null) {
      const b = this.runningBest[runIndex];
      if (b !== null && b !== undefined && !better(this.objective.mode, v, b)) v = b;
      this.runningBest[runIndex] = v;
    }
    this.perRun[runIndex]!.set(done, v);
    if (this.perRun.every((m) => m.has(done))) {
      const vals = this.perRun.map((m) => m.get(done)!);
      const mean = vals.some((x) => x === null) ? null : vals.reduce((a, b) => a + b!, 0)! / vals.length;
      this.t.intermediate.push([done, mean]);
    }
    if (this.rungs.includes(done)) this.decide(done);
  }

  /** A run ended: rungs its siblings wait at may now be decided without it. */
  onRunEnded(runIndex: number, summary: RunSummary): void {
    const finishedRun = summary.status === 'done' || summary.status === 'early-stopped';
    const last = [...this.perRun[runIndex]!.values()].at(-1) ?? null;
    this.ended[runIndex] = { value: finishedRun ? last : null };
    for (const r of this.rungs) if (!this.decided.has(r)) this.decide(r);
  }

  /**
   * Decides rung `epoch` once every run of the trial is waiting there or has ended, on the mean of
   * their values.
   */
  private decide(epoch: number): void {
    const { t, pruner, perRun, ended } = this;
    if (!pruner || this.decided.has(epoch) || t.pruned_at_epoch !== null) return;
    const waiting = perRun.map((m) => m.has(epoch));
    if (!perRun.every((_, k) => waiting[k] || ended[k] !== null)) return;
    if (!waiting.some(Boolean)) return; // every run ended before the rung: nothing to decide
    this.decided.add(epoch);
    const vals = perRun.map((m, k) => (waiting[k] ? m.get(epoch)! : ended[k]!.value));
    const known = vals.filter((x): x is number => x !== null);
    const mean = known.length === vals.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
    const decision = pruner.report(t.bracket!, epoch, mean ?? NaN);
    t.rungs.push([epoch, mean]);
    if (decision === 'continue') {
      for (const id of t.runIds) this.actions.release(id);
      return;
    }
    t.pruned_at_epoch = epoch;
    for (const id of t.runIds) this.actions.cancel(id);
  }
}

/**
 * A trial's status, value and message from the summaries of its runs (mean objective over seeds
 * and folds; the population standard deviation beside it).
 */
export function settleTrial(
  t: TrialState,
  results: readonly RunSummary[],
  metric: string,
  aborted: boolean,
): void {
  t.values = results.map((r) => r.objective);
  const failed = results.find((r) => r.status === 'failed');
  if (t.pruned_at_epoch !== null && !aborted) {
    t.status = 'pruned';
    t.message = `pruned at epoch ${t.pruned_at_epoch}`;
  } else if (results.some((r) => r.status === 'cancelled')) {
    t.status = 'cancelled';
    t.message = 'cancelled; a resumed search runs it again';
  } else if (failed) {
    t.status = 'failed';
    t.message = failed.message;
  } else if (results.some((r) => r.status === 'diverged')) {
    t.status = 'diverged';
    t.message = results.find((r) => r.status === 'diverged')!.message;
  } else if (t.values.some((v) => v === null)) {
    t.status = 'failed';
    t.message = `a run gave no ${metric} value`;
  } else {
    const vs = t.values as number[];
    const mean = vs.reduce((a, b) => a + b, 0) / vs.length;
    t.status = 'done';
    t.value = mean;
    t.std = vs.length > 1 ? Math.sqrt(vs.reduce((a, v) => a + (v - mean) ** 2, 0) / vs.length) : null;
  }
}
