import {
  curvesFileSchema,
  recordSchema,
  type CurvesFile,
  type RunRecord,
  type RunSummary,
} from '../../../src/protocol/record';

/** One synthetic configuration of a sample record. */
export interface SampleConfig {
  label: string;
  /** Loss after e epochs is `start * decay^e + floor`, perturbed per seed. */
  start: number;
  decay: number;
  floor: number;
  /** Epoch at which every run of the configuration diverges (its last losses become null). */
  divergeAt?: number;
  /** Learning rate per step, e.g. a decaying schedule; constant 0.01 by default. */
  lr?: (step: number) => number;
  elapsedMs?: number;
}

export interface SampleOptions {
  name?: string;
  seeds?: number;
  epochs?: number;
  stepsPerEpoch?: number;
}

/**
 * A record and its curves as an experiment on a data set would leave them: every configuration
 * × seed, decaying train and validation losses, an accuracy metric, steps with batch losses. Both
 * are validated against the record schemas, so the shapes are the real ones.
 */
export function sampleRecord(
  configs: SampleConfig[],
  o: SampleOptions = {},
): { record: RunRecord; curves: Map<string, CurvesFile> } {
  const seeds = o.seeds ?? 2;
  const epochs = o.epochs ?? 30;
  const spe = o.stepsPerEpoch ?? 4;
  const curves = new Map<string, CurvesFile>();
  const runs: RunSummary[] = [];
  configs.forEach((c, configIndex) => {
    for (let seed = 0; seed < seeds; seed++) {
      const id = `c${configIndex}-s${seed}`;
      const wiggle = 1 + 0.08 * (seed - (seeds - 1) / 2);
      const lastEpoch = c.divergeAt ?? epochs;
      const train: (number | null)[] = [];
      const val: CurvesFile['epochValidation'] = [];
      for (let e = 0; e <= lastEpoch; e++) {
        if (c.divergeAt !== undefined && e === c.divergeAt) {
          train.push(null);
          val.push(null);
          continue;
        }
        const t = c.start * wiggle * c.decay ** e + c.floor;
        train.push(t);
        val.push({
          loss: t * 1.1 + 0.01,
          metrics: { accuracy: Math.min(0.99, 0.5 + 0.5 * (1 - t / c.start)) },
        });
      }
      const steps = (lastEpoch === epochs ? epochs : lastEpoch) * spe;
      const stepLoss: (number | null)[] = [];
      for (let s = 0; s < steps; s++) {
        const e = s / spe;
        stepLoss.push((c.start * wiggle * c.decay ** e + c.floor) * (1 + 0.05 * Math.sin(s * 1.7 + seed)));
      }
      const lr = c.lr ?? (() => 0.01);
      const diverged = c.divergeAt !== undefined;
      const finite = train.filter((v): v is number => v !== null);
      const valLosses = val.filter((v) => v !== null).map((v) => v.loss);
      const finalVal = diverged ? null : val[val.length - 1]!;
      curves.set(
        id,
        curvesFileSchema.parse({
          runId: id,
          stepLoss,
          stepLr: Array.from({ length: steps }, (_, s) => lr(s)),
          stepGradNorm: stepLoss.map((v) => (v === null ? null : Math.sqrt(v))),
          epochTrainLoss: train,
          epochValidation: val,
          epochElapsedMs: train.map((_, e) => e * 3),
          trajectory: null,
          layout: [{ name: '0.weight', shape: [1, 2] }],
          initialParams: [0.1, -0.2],
          finalParams: diverged ? [null, null] : [0.5, 0.7],
        }),
      );
      runs.push({
        id,
        configIndex,
        label: c.label,
        config: { name: c.label },
        seed,
        fold: null,
        restart: null,
        status: diverged ? 'diverged' : 'done',
        steps,
        epochs: diverged ? lastEpoch : epochs,
        final_train_loss: diverged ? null : finite[finite.length - 1]!,
        final_val_loss: finalVal?.loss ?? null,
        best_val_loss: valLosses.length ? Math.min(...valLosses) : null,
        best_epoch: valLosses.length ? valLosses.indexOf(Math.min(...valLosses)) : null,
        objective: finalVal?.loss ?? null,
        metrics: finalVal ? finalVal.metrics : {},
        diverged_at_step: diverged ? steps : null,
        message: diverged ? 'the parameters or the loss became NaN or infinite' : null,
        elapsed_ms: (c.elapsedMs ?? 100) + seed,
        rank: null,
        curves: `curves/${id}.json`,
      });
    }
  });
  const name = o.name ?? 'sample';
  const record = recordSchema.parse({
    format: 'optimizer-lab-record',
    version: 1,
    id: `2026-01-02_03-04-05-006_${name.replace(/[^A-Za-z0-9]+/g, '-')}`,
    name,
    createdAt: '2026-01-02T03:04:05.006Z',
    finishedAt: '2026-01-02T03:04:09.000Z',
    status: 'done',
    experimentFile: '/home/user/project/sample.optlab.json',
    environment: {
      engineVersion: '0.1.0',
      node: 'v20.20.2',
      platform: 'linux',
      arch: 'x64',
      cpus: 8,
      poolSize: 4,
      precision: 'float64',
    },
    experiment: { kind: 'data', name, optimizers: configs.map((c) => ({ name: c.label })) },
    dataset: {
      file: '/home/user/project/data.csv',
      rows: 200,
      features: ['x1', 'x2'],
      target: 'y',
      task: 'binary',
      classes: ['no', 'yes'],
      trainRows: 140,
      validationRows: 60,
      testRows: 0,
      warnings: [],
    },
    objective: { metric: 'val_loss', mode: 'min', use: 'final' },
    runs,
  });
  return { record, curves };
}
