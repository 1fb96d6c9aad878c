// applyRemedyCommand: Apply the Doctor's Remedy (Runs view and lab, on a diagnosed run).
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { readRecord } from '../../engine/runs/records';
import { lrRemedy } from '../../engine/doctor/remedy';
import type { HostCommand } from './services';
import { startRerun } from './rerunWithEdits';

/** The run a remedy is for: a Runs view node, or `{ recordDir, runId }` from the lab. */
function target(arg: unknown): { recordDir: string; runId: string } | null {
  const a = arg as { recordDir?: unknown; runId?: unknown } | null;
  return a && typeof a.recordDir === 'string' && typeof a.runId === 'string'
    ? { recordDir: a.recordDir, runId: a.runId }
    : null;
}

/**
 * Apply the Doctor's Remedy (Runs view and lab, on a diagnosed run): re-runs the run's
 * configuration with its learning rate multiplied by the doctor's factor (docs/doctor.md), through
 * the same copy-and-run path as Re-run with Edited Hyperparameters.
 */
export const applyRemedyCommand: HostCommand = {
  id: 'optimizerLab.applyRemedy',
  restricted: 'run experiments',
  async run(s, arg) {
    const t = target(arg);
    if (!t) return;
    const entry = await readRecord(t.recordDir);
    if (!entry.ok) {
      void vscode.window.showErrorMessage(`Optimizer Lab: ${entry.error}`);
      return;
    }
    const run = entry.record.runs.find((r) => r.id === t.runId);
    const remedy = run ? lrRemedy(run.config, run.diagnoses) : null;
    if (!run || !remedy) {
      void vscode.window.showInformationMessage(
        'Optimizer Lab: the doctor has no learning-rate remedy for this run.',
      );
      return;
    }
    const file = entry.record.experimentFile;
    if (!file || !existsSync(file)) {
      void vscode.window.showErrorMessage(
        `Optimizer Lab: the experiment file of this record (${file ?? 'none recorded'}) is gone, so it cannot be re-run.`,
      );
      return;
    }
    s.log.info(`${run.label}: ${remedy.kind} → ${remedy.title}`);
    await startRerun(s, entry.record, file, remedy.config);
  },
};
