import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createModel,
  namedToParams,
  type ModelSpec,
  type NamedParams,
} from '../../../src/engine/models/index';
import type { LossSpec } from '../../../src/engine/losses/loss';
import { DatasetSource } from '../../../src/engine/train/datasetSource';
import { trainLoop, type TrainOptions, type TrainResult } from '../../../src/engine/train/trainLoop';
import type { OptimizerConfigInput } from '../../../src/protocol/optimizers';
import { scheduleConfigSchema, type ScheduleConfigInput } from '../../../src/protocol/schedules';

/**
 * Training-loop behaviour against test/fixtures/train/torchLoops.json, recorded with torch 1.13 in
 * float64 by test/fixtures/train/record.py: per-epoch scheduler stepping with mini-batches, batch
 * size 1, and an explicit L2 penalty versus weight_decay.
 */

interface TorchCase {
  data: string;
  initial_params: NamedParams;
  optimizer: { name: string; param_group_hyperparams: Record<string, unknown> };
  final_params: NamedParams;
  // mini-batch cases
  batch_size?: number;
  epochs?: number;
  permutations?: number[][];
  batch_losses?: number[];
  lr_per_step?: number[];
  full_data_loss_per_epoch?: number[];
  // full-batch L2 cases
  lambda?: number;
  form?: 'penalty' | 'weight_decay';
  steps?: number;
  losses?: number[];
  trajectory?: number[][];
}

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/train/torchLoops.json'), 'utf8'),
) as { data: Record<string, { X: number[][]; y: number[] }>; cases: Record<string, TorchCase> };

function torchCase(name: string): TorchCase {
  const c = fixture.cases[name];
  assert.ok(c, `fixture case ${name}`);
  return c;
}

/** torch's param group as the engine's optimizer config (the keys are torch's own). */
function optimizerOf(c: TorchCase): OptimizerConfigInput {
  const hp: Record<string, unknown> = { name: c.optimizer.name };
  for (const [k, v] of Object.entries(c.optimizer.param_group_hyperparams)) {
    if (!['foreach', 'capturable', 'differentiable', 'fused', 'initial_lr'].includes(k)) hp[k] = v;
  }
  return hp as OptimizerConfigInput;
}

interface Built {
  source: DatasetSource;
  params: Float64Array;
  y: number[];
}

function build(c: TorchCase, spec: ModelSpec, loss: LossSpec, nOutputs: number, l2 = 0): Built {
  const { X, y } = fixture.data[c.data]!;
  const rows = X.length;
  const nFeatures = X[0]!.length;
  const model = createModel(spec, loss, { nFeatures, nOutputs, maxRows: rows, precision: 'float64' });
  const withL2 =
    l2 === 0
      ? model
      : createModel(spec, loss, { nFeatures, nOutputs, maxRows: rows, precision: 'float64', l2 });
  const params = new Float64Array(model.numParams);
  namedToParams(model.layout, c.initial_params, params);
  const source = new DatasetSource(
    withL2,
    { X: Float64Array.from(X.flat()), y: Float64Array.from(y), rows },
    null,
    {
      nFeatures,
      yWidth: 1,
      nOutputs,
      batchSize: c.batch_size ?? null,
      shuffle: false,
      seed: 0,
      ...(c.permutations ? { batchOrder: c.permutations } : {}),
    },
  );
  return { source, params, y };
}

function maxRelErr(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  assert.equal(actual.length, expected.length, 'lengths');
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.abs(expected[i]!));
  }
  return worst;
}

function maxAbsErr(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  assert.equal(actual.length, expected.length, 'lengths');
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  return worst;
}

function flatNamed(p: NamedParams, names: string[]): number[] {
  return names.flatMap((n) => [p[n]!].flat(2) as number[]);
}

function schedule(input: ScheduleConfigInput): TrainOptions['schedule'] {
  return scheduleConfigSchema.parse(input);
}

// Mini-batch sums round in a different order than torch's matmul; measured ≤ 1e-14 relative.
const LOSS_REL = 1e-12;
const PARAMS_ABS = 1e-12;

function assertMatchesMiniBatch(c: TorchCase, r: TrainResult, names: string[]): void {
  assert.equal(r.status, 'done');
  assert.equal(r.steps, c.batch_losses!.length);
  assert.equal(r.epochs, c.epochs);
  const rel = maxRelErr(r.stepLoss, c.batch_losses!);
  assert.ok(rel <= LOSS_REL, `batch losses: max rel err ${rel}`);
  assert.deepEqual(r.stepLr, c.lr_per_step, 'lr used at each step');
  const epochRel = maxRelErr(r.epochTrainLoss, c.full_data_loss_per_epoch!);
  assert.ok(epochRel <= LOSS_REL, `full-data loss per epoch: max rel err ${epochRel}`);
  const abs = maxAbsErr(r.params, flatNamed(c.final_params, names));
  assert.ok(abs <= PARAMS_ABS, `final params: max abs err ${abs}`);
}

test('StepLR stepped once per epoch while mini-batches step the optimizer matches torch', () => {
  const c = torchCase('steplr_per_epoch');
  const b = build(c, { type: 'linear' }, { name: 'mse' }, 1);
  const options: TrainOptions = {
    optimizer: optimizerOf(c),
    schedule: schedule({ name: 'StepLR', step_size: 2, gamma: 0.5, interval: 'epoch' }),
    epochs: c.epochs!,
  };
  const r = trainLoop(b.source, b.params, options);
  assert.equal(b.source.batchesPerEpoch, 5, '23 rows in batches of 5: 5, 5, 5, 5, 3');
  assertMatchesMiniBatch(c, r, ['weight', 'bias']);
  // The lr changes only at epoch boundaries: constant within each epoch of 5 batches.
  for (let e = 0; e < c.epochs!; e++) {
    const epochLrs = new Set(r.stepLr.slice(5 * e, 5 * e + 5));
    assert.equal(epochLrs.size, 1, `epoch ${e} uses one lr`);
  }

  // Stepping the same StepLR per batch is a different run (the lr halves every 2 batches).
  const perStep = trainLoop(build(c, { type: 'linear' }, { name: 'mse' }, 1).source, b.params, {
    ...options,
    schedule: schedule({ name: 'StepLR', step_size: 2, gamma: 0.5, interval: 'step' }),
  });
  assert.notDeepEqual(perStep.stepLr, c.lr_per_step);
  assert.equal(perStep.stepLr[2], 0.025);
});

test('ReduceLROnPlateau stepped per epoch with the full-data loss matches torch, lr cuts included', () => {
  const c = torchCase('plateau_per_epoch');
  const spec: ModelSpec = { type: 'mlp', hidden: [5], activation: 'tanh' };
  const b = build(c, spec, { name: 'cross_entropy' }, 3);
  const kw = { mode: 'min', factor: 0.5, patience: 1, threshold: 0.08 } as const;
  const r = trainLoop(b.source, b.params, {
    optimizer: optimizerOf(c),
    schedule: schedule({ name: 'ReduceLROnPlateau', ...kw, monitor: 'train_loss', interval: 'epoch' }),
    epochs: c.epochs!,
  });
  assert.equal(b.source.batchesPerEpoch, 4, '30 rows in batches of 8: 8, 8, 8, 6');
  assert.deepEqual([...new Set(c.lr_per_step)], [0.05, 0.025, 0.0125], 'the recording cuts the lr twice');
  assertMatchesMiniBatch(c, r, ['0.weight', '0.bias', '2.weight', '2.bias']);
});

test('one sample per step (batch_size 1) for 2 epochs matches torch', () => {
  const c = torchCase('sgd_batch1');
  const b = build(c, { type: 'linear' }, { name: 'mse' }, 1);
  const r = trainLoop(b.source, b.params, { optimizer: optimizerOf(c), epochs: 2 });
  assert.equal(b.source.batchesPerEpoch, 23);
  assertMatchesMiniBatch(c, r, ['weight', 'bias']);
});

/** Replays an L2 case: the penalty in the model's loss, or weight_decay in the optimizer. */
function replayL2(name: string): { c: TorchCase; r: TrainResult; y: number[] } {
  const c = torchCase(name);
  const b = build(c, { type: 'linear' }, { name: 'mse' }, 1, c.form === 'penalty' ? c.lambda! : 0);
  const r = trainLoop(b.source, b.params, {
    optimizer: optimizerOf(c),
    epochs: c.steps!,
    recordTrajectory: true,
  });
  return { c, r, y: b.y };
}

for (const name of [
  'l2_sgd_penalty',
  'l2_sgd_weight_decay',
  'l2_adam_penalty',
  'l2_adam_weight_decay',
  'l2_adamw_weight_decay',
]) {
  test(`${name}: the engine replays torch's run`, () => {
    const { c, r } = replayL2(name);
    const losses = [...r.stepLoss, r.finalTrainLoss];
    const rel = maxRelErr(losses, c.losses!);
    assert.ok(rel <= LOSS_REL, `losses: max rel err ${rel}`);
    const abs = maxAbsErr(r.trajectory!, c.trajectory!.flat());
    assert.ok(abs <= PARAMS_ABS, `trajectory: max abs err ${abs}`);
  });
}

/** Weights (3) and bias (1) of each point of a linear model's trajectory. */
function split(traj: number[]): { w: number[][]; b: number[] } {
  const w: number[][] = [];
  const b: number[] = [];
  for (let k = 0; k < traj.length; k += 4) {
    w.push(traj.slice(k, k + 3));
    b.push(traj[k + 3]!);
  }
  return { w, b };
}

test('SGD: penalty lambda·Σw² moves the weights exactly as weight_decay = 2·lambda; the losses differ by the penalty', () => {
  const pen = replayL2('l2_sgd_penalty');
  const wd = replayL2('l2_sgd_weight_decay');
  const lam = pen.c.lambda!;
  assert.equal(wd.c.optimizer.param_group_hyperparams['weight_decay'], 2 * lam);
  const a = split(pen.r.trajectory!);
  const b = split(wd.r.trajectory!);
  // The features are centred, so the weights' gradient does not depend on the bias and the two
  // runs' weights coincide; weight_decay also decays the bias (one param group), the penalty not.
  const wErr = maxAbsErr(a.w.flat(), b.w.flat());
  assert.ok(wErr <= 1e-12, `weights differ by ${wErr}`);
  const moved = maxAbsErr(a.w.at(-1)!, a.w[0]!);
  assert.ok(moved > 0.5, `the weights travel (${moved}), so the agreement means something`);
  assert.ok(Math.abs(a.b.at(-1)! - b.b.at(-1)!) > 0.1, 'the decayed bias ends elsewhere');
  // MSE = mean((Xw − (y − ȳ))²) + (b − ȳ)² for centred X, so per step
  // loss_penalty − loss_decay = lambda·Σw² + (b_pen − ȳ)² − (b_wd − ȳ)².
  const ybar = pen.y.reduce((s, v) => s + v, 0) / pen.y.length;
  const lossesA = [...pen.r.stepLoss, pen.r.finalTrainLoss];
  const lossesB = [...wd.r.stepLoss, wd.r.finalTrainLoss];
  for (let k = 0; k < lossesA.length; k++) {
    const penalty = lam * a.w[k]!.reduce((s, v) => s + v * v, 0);
    const expected = penalty + (a.b[k]! - ybar) ** 2 - (b.b[k]! - ybar) ** 2;
    const d = lossesA[k]! - lossesB[k]!;
    assert.ok(Math.abs(d - expected) <= 1e-12 * lossesA[k]!, `step ${k}: ${d} vs ${expected}`);
    if (k > 0) assert.ok(penalty > 1e-3, 'the penalty is visible in the loss');
  }
});

test("Adam: weight_decay is added to the gradient, so it equals the penalty too; AdamW's decoupled decay does not", () => {
  const pen = split(replayL2('l2_adam_penalty').r.trajectory!);
  const wd = split(replayL2('l2_adam_weight_decay').r.trajectory!);
  const adamw = split(replayL2('l2_adamw_weight_decay').r.trajectory!);
  const same = maxAbsErr(pen.w.flat(), wd.w.flat());
  assert.ok(same <= 1e-12, `Adam weights: penalty vs weight_decay differ by ${same}`);
  const apart = maxAbsErr(pen.w.flat(), adamw.w.flat());
  assert.ok(apart > 0.05, `AdamW's weights should differ from the penalty run's, got ${apart}`);
});
