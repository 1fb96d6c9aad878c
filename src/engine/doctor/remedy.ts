// LrRemedy: The doctor's one-action remedy for a run (also lrRemedy, diagnosisLines).
import type { Diagnosis } from '../../protocol/diagnosis';
import { optimizerConfigSchema, type OptimizerConfig } from '../../protocol/optimizers';

/**
 * The doctor's one-action remedy for a run: the first diagnosis whose remedy is a learning-rate
 * factor, applied to the run's configuration ("Re-run with lr × 0.1"). Pure, for the Runs view
 * and the lab.
 */

export interface LrRemedy {
  /** e.g. "Re-run with lr × 0.1 (0.01)". */
  title: string;
  kind: Diagnosis['kind'];
  config: OptimizerConfig;
}

/** The remedy to offer for a run, or null when no diagnosis has a learning-rate remedy. */
export function lrRemedy(
  config: Record<string, unknown>,
  diagnoses: readonly Diagnosis[] | undefined,
): LrRemedy | null {
  const d = (diagnoses ?? []).find((x) => x.lrFactor !== null);
  const lr = config['lr'];
  if (!d || d.lrFactor === null || typeof lr !== 'number') return null;
  // Three significant digits, like every suggested rate.
  const next = Number((lr * d.lrFactor).toPrecision(3));
  const parsed = optimizerConfigSchema.safeParse({ ...config, lr: next });
  if (!parsed.success) return null;
  return { title: `Re-run with lr × ${d.lrFactor} (${next})`, kind: d.kind, config: parsed.data };
}

/** Tooltip lines for a run's diagnoses: kind, where, evidence and remedy. */
export function diagnosisLines(diagnoses: readonly Diagnosis[] | undefined): string[] {
  return (diagnoses ?? []).map((d) => {
    const at =
      d.at.epoch !== null ? ` (epoch ${d.at.epoch})` : d.at.step !== null ? ` (step ${d.at.step})` : '';
    return `⚠ ${d.kind}${at}: ${d.evidence} → ${d.remedy}`;
  });
}
