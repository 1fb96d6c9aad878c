// The one Python probe before the runs of an experiment whose model supplies its own data
// (model.data): the runner calls the data function once and reports the sizes of its splits, so
// steps per epoch, schedules, progress and limits work as for a table.
import { spawn } from 'node:child_process';
import { relative } from 'node:path';
import type { RunRecord } from '../../protocol/record';
import type { ResolvedDataExperiment, ResolvedPytorchModel } from '../../protocol/experiment';
import { ConfigError } from '../errors';
import type { DataShape } from './expandRuns';
import { notFound, type PythonOptions } from './pythonCheck';

/** What the probe reports of a data function's data. */
export interface ProbedData {
  sizes: { train: number; validation: number; test: number };
  /** The flattened size of one input, given to the factory as n_features. */
  nFeatures: number;
  /** Classes for cross-entropy (the largest class index + 1), else the size of one target. */
  nOutputs: number;
}

interface ProbeLine {
  type?: string;
  message?: string;
  location?: { file: string; line: number } | null;
  traceback?: string;
  sizes?: ProbedData['sizes'];
  n_features?: number;
  n_outputs?: number;
}

/**
 * Runs `optimizer_lab_runner.py --probe`: calls the model file's data function once. A failure in
 * the user's code is a ConfigError located at `model.py:LINE:` with the Python traceback.
 */
export async function probeDataFunction(
  o: PythonOptions,
  model: ResolvedPytorchModel & { data: string },
  lossName: string,
): Promise<ProbedData> {
  const job = JSON.stringify({ model, loss: { name: lossName } });
  const out = await new Promise<{ code: number | null; stdout: string; stderr: string; error: Error | null }>(
    (resolve) => {
      let stdout = '';
      let stderr = '';
      const child = spawn(o.command, [o.runnerPath, '--probe'], { stdio: ['pipe', 'pipe', 'pipe'] });
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-4000)));
      child.stdin.on('error', () => {}); // an interpreter that died early; its exit says why
      child.stdin.end(`${job}\n`);
      child.on('error', (error) => resolve({ code: null, stdout, stderr, error }));
      child.on('close', (code) => resolve({ code, stdout, stderr, error: null }));
    },
  );
  if (out.error) throw notFound(o.command, out.error.message);
  let msg: ProbeLine = {};
  for (const text of out.stdout.split('\n')) {
    try {
      const m = JSON.parse(text) as ProbeLine;
      if (m.type === 'probe' || m.type === 'error') msg = m;
    } catch {
      // the user's code may print; only the runner's JSON lines count
    }
  }
  if (msg.type === 'probe' && msg.sizes && msg.n_features !== undefined && msg.n_outputs !== undefined) {
    return { sizes: msg.sizes, nFeatures: msg.n_features, nOutputs: msg.n_outputs };
  }
  if (msg.type === 'error') {
    const where = msg.location
      ? `${relative(model.root, msg.location.file) || msg.location.file}:${msg.location.line}: `
      : '';
    const tb = msg.traceback ? `\n${msg.traceback.trimEnd()}` : '';
    throw new ConfigError(
      `${where}${msg.message ?? 'the data function failed'} (model.data "${model.data}")${tb}`,
    );
  }
  const tail = out.stderr.trim().split('\n').slice(-5).join('\n');
  throw new ConfigError(
    `the data probe of model.data "${model.data}" failed (exit code ${out.code})${tail ? `: ${tail}` : ''}`,
  );
}

/** The task an experiment's loss names (a data function has no target column to infer it from). */
function taskOfLoss(name: string): DataShape['task'] {
  return name === 'cross_entropy' ? 'multiclass' : name === 'bce_with_logits' ? 'binary' : 'regression';
}

/** The data shape run expansion needs, and the record's description of the data. */
export function probedShape(
  e: ResolvedDataExperiment,
  model: ResolvedPytorchModel & { data: string },
  p: ProbedData,
): { shape: DataShape; info: NonNullable<RunRecord['dataset']> } {
  const task = taskOfLoss(e.loss?.name ?? 'mse');
  const nClasses = task === 'multiclass' ? p.nOutputs : null;
  return {
    shape: {
      task,
      nFeatures: p.nFeatures,
      nClasses,
      trainRows: p.sizes.train,
      validationRows: p.sizes.validation,
      testRows: p.sizes.test,
      targetScale: null,
    },
    info: {
      file: `${relative(model.root, model.path) || model.path}:${model.data}()`,
      rows: p.sizes.train + p.sizes.validation + p.sizes.test,
      // The positions of one flattened input: a data function's inputs have no column names.
      features: Array.from({ length: p.nFeatures }, (_, i) => `input[${i}]`),
      target: '',
      task,
      classes: nClasses === null ? null : Array.from({ length: nClasses }, (_, i) => String(i)),
      trainRows: p.sizes.train,
      validationRows: p.sizes.validation,
      testRows: p.sizes.test,
      warnings: [],
    },
  };
}

/**
 * For an experiment whose pytorch model supplies its data (model.data): probes the data function
 * and returns the shape and the record's data description. Null for every other experiment.
 */
export async function probeOwnData(
  e: ResolvedDataExperiment,
  o: PythonOptions,
): Promise<{ shape: DataShape; info: NonNullable<RunRecord['dataset']> } | null> {
  const m = e.model;
  if (m.type !== 'pytorch' || m.data === undefined) return null;
  const model = { ...m, data: m.data };
  const probed = await probeDataFunction(o, model, e.loss?.name ?? 'mse');
  if (probed.sizes.validation === 0) {
    // Validation metrics are known to be missing only now, when the data function has run.
    const watched: [string, string | undefined][] = [
      ['objective.metric', e.objective.metric],
      ['training.early_stopping.monitor', e.training.early_stopping?.monitor],
    ];
    for (const [where, metric] of watched) {
      if (metric?.startsWith('val_')) {
        throw new ConfigError(
          `${where} is "${metric}", but the data function "${m.data}" returned no validation split: return {"train": …, "validation": …}, or set "${where}": "train_loss"`,
        );
      }
    }
  }
  return probedShape(e, model, probed);
}
