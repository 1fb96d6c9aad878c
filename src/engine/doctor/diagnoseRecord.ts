/** The doctor over a whole record: each run's curves read with the others' best loss as context. */
import type { CurvesFile, RunRecord, RunSummary } from '../../protocol/record';
import { isSurfaceName } from '../surfaces/registry';
import { diagnoseRun, type DoctorRun } from './diagnose';
import { minOf } from '../extremes';

/** The slice of a record's experiment the doctor needs, read defensively (records on disk are old or new). */
function problemOf(experiment: Record<string, unknown>): {
  surface: { name: string; conditionNumber: number | null } | null;
  batchSize: number | null;
} {
  const s = experiment['surface'] as { name?: unknown; condition_number?: unknown } | undefined;
  const t = experiment['training'] as { batch_size?: unknown } | undefined;
  return {
    surface:
      s && typeof s.name === 'string'
        ? {
            name: s.name,
            conditionNumber: typeof s.condition_number === 'number' ? s.condition_number : null,
          }
        : null,
    batchSize: typeof t?.batch_size === 'number' ? t.batch_size : null,
  };
}

/** The doctor's view of one recorded run. `trainRows` tells a full batch given as a number from a mini-batch. */
export function doctorRunOf(
  summary: RunSummary,
  curves: CurvesFile,
  experiment: Record<string, unknown>,
  trainRows: number | null = null,
): DoctorRun {
  const p = problemOf(experiment);
  const point = curves.finalParams;
  const surface =
    p.surface && isSurfaceName(p.surface.name) && point.length === 2 && point.every((v) => v !== null)
      ? {
          name: p.surface.name,
          conditionNumber: p.surface.conditionNumber,
          point: [point[0]!, point[1]!] as const,
        }
      : null;
  return {
    status: summary.status,
    stepLoss: curves.stepLoss,
    stepGradNorm: curves.stepGradNorm,
    epochTrainLoss: curves.epochTrainLoss,
    epochValidationLoss: curves.epochValidation.map((v) => v?.loss ?? null),
    divergedAtStep: summary.diverged_at_step,
    deterministicSteps:
      p.surface !== null || p.batchSize === null || (trainRows !== null && p.batchSize >= trainRows),
    surface,
  };
}

/** The lowest final training loss among the runs that finished (the doctor's context). */
export function bestFinalLoss(runs: readonly RunSummary[]): number | null {
  const losses = runs
    .filter((r) => r.status === 'done' || r.status === 'early-stopped')
    .map((r) => r.final_train_loss)
    .filter((v): v is number => v !== null && Number.isFinite(v));
  return minOf(losses);
}

/**
 * Diagnoses every finished run of a record whose curves are at hand, in place
 * (`runs[].diagnoses`); runs without curves keep what they had.
 */
export function diagnoseRecord(record: RunRecord, curves: ReadonlyMap<string, CurvesFile>): void {
  for (const run of record.runs) {
    const c = curves.get(run.id);
    if (!c) continue;
    const context = { bestFinalLoss: bestFinalLoss(record.runs.filter((r) => r !== run)) };
    run.diagnoses = diagnoseRun(doctorRunOf(run, c, record.experiment), context);
  }
}
