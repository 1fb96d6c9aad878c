// A run's summary in the record: queued before it starts, filled from the worker's result when it
// ends, or failed/cancelled from the pool's outcome. Shared by every driver (experiment, search,
// learning-rate finder).
import type { ResolvedExperiment } from '../../protocol/experiment';
import type { RunResult, RunSpec } from '../../protocol/runs';
import type { CurvesFile, RunSummary } from '../../protocol/record';
import { minOf } from '../extremes';
import { curvesFileOf, readRunResult } from './resultWire';
import { objectiveOf } from './ranking';
import type { PoolOutcome } from './runPool';

/** Why a record stopped early, when the abort said (the CLI passes the signal's name). */
export function stopMessage(signal: AbortSignal | undefined): string | null {
  if (!signal?.aborted) return null;
  return typeof signal.reason === 'string' ? signal.reason : null;
}

/** A run's summary before it starts (status queued); also used by the search driver. */
export function baseSummary(s: RunSpec): RunSummary {
  return {
    id: s.runId,
    configIndex: s.configIndex,
    label: s.label,
    config: { ...s.optimizer },
    seed: s.seed,
    fold: s.fold,
    restart: s.restart,
    status: 'queued',
    steps: 0,
    epochs: 0,
    final_train_loss: null,
    final_val_loss: null,
    best_val_loss: null,
    best_epoch: null,
    objective: null,
    metrics: {},
    diverged_at_step: null,
    message: null,
    elapsed_ms: 0,
    rank: null,
    curves: null,
  };
}

/** A finished run's summary from the worker's result; also used by the search driver. */
export function summarize(base: RunSummary, r: RunResult, e: ResolvedExperiment): RunSummary {
  const valLosses = r.curves.epochValidation.map((v) => v?.loss).filter((v): v is number => v !== undefined);
  return {
    ...base,
    status: r.status,
    steps: r.steps,
    epochs: r.epochs,
    final_train_loss: r.finalTrainLoss,
    final_val_loss: r.finalValidation?.loss ?? null,
    best_val_loss: minOf(valLosses),
    best_epoch: r.bestEpoch,
    objective: r.status === 'cancelled' || r.status === 'failed' ? null : objectiveOf(e.objective, r),
    metrics: r.finalValidation?.metrics ?? {},
    ...(r.finalTest !== undefined
      ? { test_loss: r.finalTest?.loss ?? null, test_metrics: r.finalTest?.metrics ?? {} }
      : {}),
    diverged_at_step: r.divergedAtStep,
    message: r.divergenceReason ?? r.failure ?? null,
    elapsed_ms: r.elapsedMs,
    ...(r.traffic
      ? {
          bytes_sent: r.traffic.bytesSent,
          compression_ratio: r.traffic.compressionRatio,
          comm_time_s: r.traffic.simTimeS,
        }
      : {}),
  };
}

/**
 * What the pool's outcome of a run puts in the record: its summary, and its curves file when the
 * worker sent a valid result (a run cancelled while queued, failed, or with an invalid result has none),
 * with the file's bytes when the worker encoded them (RunSession.endRun writes those).
 */
export function outcomeSummary(
  spec: RunSpec,
  outcome: PoolOutcome,
  e: ResolvedExperiment,
): { summary: RunSummary; result: RunResult | null; file: CurvesFile | null; encoded?: Uint8Array | null } {
  const base = baseSummary(spec);
  if (outcome.kind === 'cancelled-queued') {
    return {
      summary: { ...base, status: 'cancelled', message: 'cancelled before it started' },
      result: null,
      file: null,
    };
  }
  if (outcome.kind === 'failed') {
    return { summary: { ...base, status: 'failed', message: outcome.message }, result: null, file: null };
  }
  const parsed = readRunResult(outcome.result);
  if (!parsed.ok) {
    return {
      summary: {
        ...base,
        status: 'failed',
        message: `invalid result from the worker: ${parsed.error}`,
      },
      result: null,
      file: null,
    };
  }
  const r = parsed.result;
  return {
    summary: summarize(base, r, e),
    result: r,
    file: curvesFileOf(spec, r),
    encoded: parsed.encoded,
  };
}
