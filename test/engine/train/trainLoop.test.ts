import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FloatArray } from '../../../src/engine/types';
import { getSurface } from '../../../src/engine/surfaces/registry';
import { GradientPerturbation } from '../../../src/engine/surfaces/perturbation';
import { SurfaceSource } from '../../../src/engine/train/surfaceSource';
import type { Evaluation, StepSource } from '../../../src/engine/train/stepSource';
import { trainLoop, type EarlyStoppingSpec, type TrainOptions } from '../../../src/engine/train/trainLoop';

/** Behaviour of the training loop where torch has no say: early stopping, divergence, cancel. */

const sgd = (lr: number): TrainOptions['optimizer'] => ({ name: 'SGD', lr });

/**
 * A one-parameter source whose gradient is −1, so SGD with lr 1 adds exactly 1 per step: after
 * epoch e the parameter is e, and the validation values are read from scripted curves by it.
 */
class ScriptedSource implements StepSource {
  readonly numParams = 1;
  readonly batchesPerEpoch = 1;
  constructor(private readonly curves: { val?: number[]; accuracy?: number[]; train?: number[] }) {}
  beginEpoch(): void {}
  lossAndGrad(params: FloatArray, grads: FloatArray): number {
    grads[0] = -1;
    return this.trainLoss(params);
  }
  private at(curve: number[] | undefined, params: FloatArray): number {
    const e = params[0]!;
    assert.ok(curve && e >= 0 && e < curve.length, `curve has no value for epoch ${e}`);
    return curve[e]!;
  }
  trainLoss(params: FloatArray): number {
    return this.curves.train ? this.at(this.curves.train, params) : 1;
  }
  evaluate(params: FloatArray): Evaluation | null {
    if (!this.curves.val && !this.curves.accuracy) return null;
    return {
      loss: this.curves.val ? this.at(this.curves.val, params) : NaN,
      metrics: this.curves.accuracy ? { accuracy: this.at(this.curves.accuracy, params) } : {},
    };
  }
}

function early(curves: ConstructorParameters<typeof ScriptedSource>[0], spec: Partial<EarlyStoppingSpec>) {
  const epochs =
    Math.max(curves.val?.length ?? 0, curves.accuracy?.length ?? 0, curves.train?.length ?? 0) - 1;
  return trainLoop(new ScriptedSource(curves), new Float64Array(1), {
    optimizer: sgd(1),
    epochs,
    earlyStopping: {
      monitor: 'val_loss',
      patience: 2,
      min_delta: 0,
      mode: 'min',
      restore_best: false,
      ...spec,
    },
  });
}

// Index = epochs done (0 = before training): improves until epoch 3, then worsens.
const U_CURVE = [10, 8, 6, 5, 5.5, 6, 7, 8, 9, 10, 11];

test('early stopping waits `patience` epochs without improvement, then stops (Keras semantics)', () => {
  for (const patience of [0, 1, 2, 3, 5]) {
    const r = early({ val: U_CURVE }, { patience });
    const stopAt = 3 + Math.max(patience, 1);
    assert.equal(r.status, 'early-stopped', `patience ${patience}`);
    assert.equal(r.epochs, stopAt, `patience ${patience}: epochs done`);
    assert.equal(r.steps, stopAt);
    assert.equal(r.bestEpoch, 3);
    assert.equal(r.params[0], stopAt, 'without restore_best the last parameters are kept');
    assert.equal(r.epochValidation.length, stopAt + 1);
  }
  const patient = early({ val: U_CURVE }, { patience: 8 });
  assert.equal(patient.status, 'done', 'more patience than epochs left: the run completes');
  assert.equal(patient.epochs, U_CURVE.length - 1);
});

test('restore_best returns the best epoch’s parameters and reports their validation loss', () => {
  const r = early({ val: U_CURVE }, { patience: 3, restore_best: true });
  assert.equal(r.status, 'early-stopped');
  assert.equal(r.epochs, 6);
  assert.equal(r.params[0], 3);
  assert.equal(r.finalValidation?.loss, 5);
  // The value before training counts: a run that never improves restores the initial parameters.
  const worse = early({ val: [1, 2, 3, 4, 5, 6] }, { patience: 2, restore_best: true });
  assert.equal(worse.status, 'early-stopped');
  assert.equal(worse.bestEpoch, 0);
  assert.equal(worse.params[0], 0);
});

test('min_delta: an improvement must be larger than min_delta; a real improvement resets the count', () => {
  const curve = [10, 9, 8.95, 8.92, 8.85, 8.8, 8.78, 8.77, 8.7, 8.6];
  // min_delta 0.1: epoch 1 improves (by 1); 8.95 and 8.92 are not below 9 − 0.1.
  const tight = early({ val: curve }, { patience: 2, min_delta: 0.1 });
  assert.equal(tight.status, 'early-stopped');
  assert.equal(tight.epochs, 3);
  assert.equal(tight.bestEpoch, 1);
  // patience 3: epoch 4 (8.85 < 8.9) improves and resets; 8.8, 8.78, 8.77 are not below 8.75.
  const reset = early({ val: curve }, { patience: 3, min_delta: 0.1 });
  assert.equal(reset.epochs, 7);
  assert.equal(reset.bestEpoch, 4);
  // Without min_delta every epoch improves.
  const none = early({ val: curve }, { patience: 1, min_delta: 0 });
  assert.equal(none.status, 'done');
  assert.equal(none.bestEpoch, curve.length - 1);
});

test('mode max watches a metric that should grow (val_accuracy)', () => {
  const accuracy = [0.5, 0.6, 0.7, 0.65, 0.68, 0.69, 0.7, 0.71];
  const max = early({ accuracy }, { monitor: 'val_accuracy', mode: 'max', patience: 3, restore_best: true });
  assert.equal(max.status, 'early-stopped');
  assert.equal(max.epochs, 5, 'epochs 3, 4, 5 do not beat 0.7 (6 only ties it)');
  assert.equal(max.bestEpoch, 2);
  assert.equal(max.params[0], 2);
  const min = early({ accuracy }, { monitor: 'val_accuracy', mode: 'min', patience: 3 });
  assert.equal(min.epochs, 3, 'read as a loss, accuracy never improves on the first value');
  assert.equal(min.bestEpoch, 0);
  const train = early({ train: U_CURVE }, { monitor: 'train_loss', patience: 1 });
  assert.equal(train.epochs, 4);
  assert.throws(() => early({ train: U_CURVE }, { monitor: 'val_loss' }), /no validation split/);
  assert.throws(
    () => early({ val: U_CURVE }, { monitor: 'val_r2', mode: 'max' }),
    /monitors val_r2, which this task does not compute/,
  );
});

// --- surfaces: divergence, trajectories, perturbation, cancellation ----------------------------

/** Rosenbrock (1−x)² + 100(y−x²)² and its gradient, written here independently of the engine. */
function rosen(x: number, y: number): { f: number; gx: number; gy: number } {
  return {
    f: (1 - x) ** 2 + 100 * (y - x * x) ** 2,
    gx: -2 * (1 - x) - 400 * x * (y - x * x),
    gy: 200 * (y - x * x),
  };
}

/** Plain gradient descent on Rosenbrock until a loss is non-finite or exceeds factor × the first. */
function descend(start: [number, number], lr: number, factor: number, maxSteps: number) {
  let [x, y] = start;
  const losses: number[] = [];
  const f0 = rosen(x, y).f;
  for (let k = 0; k < maxSteps; k++) {
    const { f, gx, gy } = rosen(x, y);
    losses.push(f);
    if (!Number.isFinite(f) || !Number.isFinite(Math.hypot(gx, gy)) || f > factor * f0) {
      return { losses, divergedAt: k };
    }
    x -= lr * gx;
    y -= lr * gy;
  }
  return { losses, divergedAt: null };
}

function run(surface: string, start: [number, number], o: Partial<TrainOptions> & { epochs: number }) {
  const p = new Float64Array(start);
  return trainLoop(new SurfaceSource(getSurface(surface)), p, { optimizer: sgd(1e-3), ...o });
}

function assertClose(actual: number[], expected: number[], rel: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: lengths`);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    assert.ok(Math.abs(a - e) <= rel * Math.abs(e), `${what}[${i}]: ${a} vs ${e}`);
  });
}

test('SGD with a huge lr diverges: status diverged at the first non-finite loss, the curve up to it kept', () => {
  const start: [number, number] = [-1.2, 1];
  const ref = descend(start, 0.05, Infinity, 1000);
  assert.ok(ref.divergedAt !== null && ref.divergedAt > 2, `reference diverges at ${ref.divergedAt}`);
  const r = run('rosenbrock', start, { optimizer: sgd(0.05), epochs: 1000, recordTrajectory: true });
  assert.equal(r.status, 'diverged');
  assert.equal(r.divergedAtStep, ref.divergedAt);
  assert.match(r.divergenceReason!, /NaN|infinite/);
  assert.equal(r.steps, ref.divergedAt, 'the diverging step is not taken');
  const k = ref.divergedAt!;
  assertClose(r.stepLoss.slice(0, k), ref.losses.slice(0, k), 1e-9, 'losses before divergence');
  // With one step per epoch, the epoch-end loss at the new point catches the overflow before the
  // next step computes it: the bad value is the last epoch loss, and no step loss is recorded for it.
  assert.equal(r.stepLoss.length, k);
  assert.equal(r.epochTrainLoss.length, k + 1);
  assert.ok(!Number.isFinite(r.epochTrainLoss[k]!));
  assert.ok(r.epochTrainLoss.slice(0, k).every(Number.isFinite));
  assert.equal(r.trajectory!.length, (r.steps + 1) * 2, 'every point visited, the last included');
  assert.deepEqual(r.trajectory!.slice(-2), Array.from(r.params));
});

test('a non-finite loss inside an epoch is recorded as the last step loss, at divergedAtStep', () => {
  class Overflow implements StepSource {
    readonly numParams = 1;
    readonly batchesPerEpoch = 5;
    beginEpoch(): void {}
    lossAndGrad(params: FloatArray, grads: FloatArray): number {
      grads[0] = -1;
      return params[0]! >= 7 ? Infinity : params[0]!;
    }
    trainLoss(params: FloatArray): number {
      return params[0]!;
    }
    evaluate(): null {
      return null;
    }
  }
  const r = trainLoop(new Overflow(), new Float64Array(1), {
    optimizer: sgd(1),
    epochs: 4,
    recordTrajectory: true,
  });
  assert.equal(r.status, 'diverged');
  assert.equal(r.divergedAtStep, 7);
  assert.deepEqual(r.stepLoss, [0, 1, 2, 3, 4, 5, 6, Infinity]);
  assert.equal(r.steps, 7);
  assert.equal(r.epochs, 1);
  assert.deepEqual(r.trajectory, [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.match(r.divergenceReason!, /infinite/);
});

test('divergenceFactor: the first loss above factor × the initial loss stops the run there', () => {
  const start: [number, number] = [-1.2, 1];
  const ref = descend(start, 0.05, 10, 1000);
  const r = run('rosenbrock', start, { optimizer: sgd(0.05), epochs: 1000, divergenceFactor: 10 });
  assert.equal(r.status, 'diverged');
  assert.equal(r.divergedAtStep, ref.divergedAt);
  const f0 = r.epochTrainLoss[0]!;
  assert.ok(r.stepLoss.at(-1)! > 10 * f0, 'the last recorded loss is the one over the bound');
  assert.ok(
    r.stepLoss.slice(0, -1).every((l) => l <= 10 * f0),
    'none before it was',
  );
  assert.ok(Number.isFinite(r.stepLoss.at(-1)!), 'caught before the loss overflows');
  assert.match(r.divergenceReason!, /grew beyond 10 × the run's initial loss/);
  // A stable run with the same factor completes.
  const calm = run('rosenbrock', start, { optimizer: sgd(1e-3), epochs: 200, divergenceFactor: 10 });
  assert.equal(calm.status, 'done');
  assert.equal(calm.steps, 200);
});

test('a NaN gradient stops the run as diverged at that step', () => {
  class NanAt implements StepSource {
    readonly numParams = 1;
    readonly batchesPerEpoch = 4;
    private step = 0;
    beginEpoch(): void {}
    lossAndGrad(_p: FloatArray, grads: FloatArray): number {
      grads[0] = this.step++ === 6 ? NaN : 0.5;
      return 1;
    }
    trainLoss(): number {
      return 1;
    }
    evaluate(): null {
      return null;
    }
  }
  const r = trainLoop(new NanAt(), new Float64Array(1), { optimizer: sgd(0.1), epochs: 5 });
  assert.equal(r.status, 'diverged');
  assert.equal(r.divergedAtStep, 6);
  assert.equal(r.steps, 6);
  assert.equal(r.epochs, 1, 'one full epoch of 4 steps, the second cut short');
  assert.match(r.divergenceReason!, /NaN/);
  assert.ok(Math.abs(r.params[0]! - -0.3) < 1e-15, 'six steps of −0.1·0.5, the NaN not applied');
});

test('shouldStop after k polls cancels with exactly k steps recorded', () => {
  for (const k of [0, 1, 7]) {
    let polls = 0;
    const r = run('rosenbrock', [-1.2, 1], {
      epochs: 100,
      recordTrajectory: true,
      shouldStop: () => polls++ >= k,
    });
    assert.equal(r.status, 'cancelled');
    assert.equal(r.steps, k);
    assert.equal(r.stepLoss.length, k);
    assert.equal(r.stepLr.length, k);
    assert.equal(r.trajectory!.length, (k + 1) * 2, 'the start, then the point after each step');
    assert.deepEqual(r.trajectory!.slice(-2), Array.from(r.params));
  }
});

test('the trajectory holds (steps + 1) × 2 values: every point before a step, then the last', () => {
  const start: [number, number] = [-1.2, 1];
  const lr = 1e-3;
  const r = run('rosenbrock', start, { optimizer: sgd(lr), epochs: 50, recordTrajectory: true });
  assert.equal(r.status, 'done');
  const t = r.trajectory!;
  assert.equal(t.length, 51 * 2);
  assert.deepEqual(t.slice(0, 2), start);
  assert.deepEqual(t.slice(-2), Array.from(r.params));
  for (let k = 0; k < 50; k++) {
    const [x, y] = [t[2 * k]!, t[2 * k + 1]!];
    const { gx, gy } = rosen(x, y);
    assertClose([t[2 * k + 2]!, t[2 * k + 3]!], [x - lr * gx, y - lr * gy], 1e-13, `point ${k + 1}`);
  }
  const capped = run('rosenbrock', start, { epochs: 50, maxSteps: 12, recordTrajectory: true });
  assert.equal(capped.steps, 12);
  assert.equal(capped.trajectory!.length, 13 * 2);
});

/** Booth (x+2y−7)² + (2x+y−5)²: gradient written here. */
function boothGrad(x: number, y: number): [number, number] {
  const a = x + 2 * y - 7;
  const b = 2 * x + y - 5;
  return [2 * a + 4 * b, 4 * a + 2 * b];
}

test('the perturbation hook adds its seeded noise to the gradient before the step', () => {
  const lr = 0.01;
  const start: [number, number] = [-4, 4];
  const perturbed = (seed: number, every = 1) => {
    const noise = new GradientPerturbation({ sigma: 0.5, every, seed });
    return run('booth', start, {
      optimizer: sgd(lr),
      epochs: 30,
      recordTrajectory: true,
      perturb: (k, g) => void noise.apply(k, g),
    }).trajectory!;
  };
  const a = perturbed(42);
  assert.deepEqual(perturbed(42), a, 'same seed, same trajectory');
  assert.notDeepEqual(perturbed(43), a, 'another seed, another trajectory');
  const plain = run('booth', start, { optimizer: sgd(lr), epochs: 30, recordTrajectory: true }).trajectory!;
  assert.notDeepEqual(plain, a);

  // Rebuild the run by hand: the same generator's draws added to the analytic gradient.
  const draws = new GradientPerturbation({ sigma: 0.5, every: 1, seed: 42 });
  let [x, y] = start;
  for (let k = 0; k < 30; k++) {
    const z = new Float64Array(2);
    draws.apply(k, z);
    const [gx, gy] = boothGrad(x, y);
    x -= lr * (gx + z[0]!);
    y -= lr * (gy + z[1]!);
    assertClose([a[2 * k + 2]!, a[2 * k + 3]!], [x, y], 1e-12, `perturbed point ${k + 1}`);
  }

  // every 3: steps 2, 5, 8, … fire; the points before the first firing match the plain run.
  const sparse = perturbed(42, 3);
  assert.deepEqual(sparse.slice(0, 6), plain.slice(0, 6));
  assert.notDeepEqual(sparse.slice(6, 8), plain.slice(6, 8));
});

test('the perturbation comes before clipping: a clipped step stays within lr × max_norm', () => {
  const noise = new GradientPerturbation({ sigma: 100, every: 1, seed: 1 });
  const r = run('booth', [0, 0], {
    optimizer: sgd(1),
    epochs: 20,
    recordTrajectory: true,
    gradClip: { max_norm: 0.1 },
    perturb: (k, g) => void noise.apply(k, g),
  });
  const t = r.trajectory!;
  for (let k = 0; k < 20; k++) {
    const step = Math.hypot(t[2 * k + 2]! - t[2 * k]!, t[2 * k + 3]! - t[2 * k + 1]!);
    assert.ok(step <= 0.1 && step > 0.09, `step ${k} moved ${step}`);
  }
  assert.ok(
    r.stepGradNorm.every((n) => n > 10),
    'the reported norm is the perturbed, unclipped one',
  );
});
