import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rankConfigurations, representativeRun } from '../../../src/engine/verdict/rankConfigurations';
import { confidenceInterval95, pairedTTestP } from '../../../src/engine/verdict/tStatistics';
import type { RunSummary } from '../../../src/protocol/record';

/** A finished run of configuration `c` and seed `seed` with objective `objective`. */
function run(c: number, seed: number, objective: number | null, extra: Partial<RunSummary> = {}): RunSummary {
  return {
    id: `c${c}-s${seed}`,
    configIndex: c,
    label: `config ${c}`,
    config: {},
    seed,
    fold: null,
    restart: null,
    status: 'done',
    steps: 10,
    epochs: 1,
    final_train_loss: objective,
    final_val_loss: objective,
    best_val_loss: objective,
    best_epoch: null,
    objective,
    metrics: {},
    diverged_at_step: null,
    message: null,
    // Elapsed times chosen so that "the faster run wins ties" would pick another answer.
    elapsed_ms: 1000 - 10 * c - seed,
    rank: null,
    curves: null,
    ...extra,
  };
}
const loss = { metric: 'val_loss', mode: 'min' as const };

test('configurations rank by the mean over their seeds, not by their luckiest seed', () => {
  // Config 1 has the single best seed (0.1) but the worse mean.
  const runs = [
    run(0, 0, 0.3),
    run(0, 1, 0.31),
    run(0, 2, 0.32),
    run(1, 0, 0.1),
    run(1, 1, 0.6),
    run(1, 2, 0.5),
  ];
  const v = rankConfigurations(runs, loss);
  assert.deepEqual(
    v.configurations.map((c) => [c.index, c.rank]),
    [
      [0, 1],
      [1, 2],
    ],
  );
  assert.deepEqual(v.best, { configuration: 0, run: 'c0-s1' });
  const c0 = v.configurations[0]!;
  assert.ok(Math.abs(c0.mean! - 0.31) < 1e-12);
  assert.ok(Math.abs(c0.std! - 0.01) < 1e-12, 'sample std (n − 1)');
  // t(0.975, 2) = 4.302652729749464: 0.31 ± 4.3027 · 0.01 / √3
  const half = 4.302652729749464 * (0.01 / Math.sqrt(3));
  assert.ok(Math.abs(c0.ci95![0] - (0.31 - half)) < 1e-9 && Math.abs(c0.ci95![1] - (0.31 + half)) < 1e-9);
});

test('max mode ranks the larger mean first', () => {
  const runs = [run(0, 0, 0.8), run(0, 1, 0.82), run(1, 0, 0.9), run(1, 1, 0.91)];
  const v = rankConfigurations(runs, { metric: 'val_accuracy', mode: 'max' });
  assert.equal(v.best!.configuration, 1);
  // Even count: the better of the two middle seeds.
  assert.equal(v.best!.run, 'c1-s1');
});

test('equal means and spreads are a tie: shared rank, the lower index is best, never the faster run', () => {
  const runs = [
    run(2, 0, 0.5),
    run(2, 1, 0.7),
    run(1, 0, 0.5),
    run(1, 1, 0.7),
    run(0, 0, 0.9),
    run(0, 1, 1.1),
  ];
  const v = rankConfigurations(runs, loss);
  assert.deepEqual(
    v.configurations.map((c) => [c.index, c.rank, c.tied_with_leader]),
    [
      [1, 1, false],
      [2, 1, true],
      [0, 3, false],
    ],
  );
  assert.equal(v.best!.configuration, 1);
  // Shuffled input, same verdict.
  assert.deepEqual(rankConfigurations([...runs].reverse(), loss), v);
});

test('equal means, different spreads: the steadier configuration ranks first', () => {
  const runs = [run(0, 0, 0.4), run(0, 1, 0.6), run(1, 0, 0.49), run(1, 1, 0.51)];
  const v = rankConfigurations(runs, loss);
  assert.deepEqual(
    v.configurations.map((c) => c.index),
    [1, 0],
  );
  assert.equal(v.configurations[1]!.rank, 2);
});

test('a diverged seed counts against its configuration: it ranks below every fully finished one', () => {
  const runs = [
    run(0, 0, 0.2),
    run(0, 1, null, { status: 'diverged', diverged_at_step: 3, message: 'loss grew' }),
    run(1, 0, 0.9),
    run(1, 1, 0.95),
  ];
  const v = rankConfigurations(runs, loss);
  const [first, second] = v.configurations;
  assert.equal(first!.index, 1);
  assert.equal(second!.index, 0);
  assert.equal(second!.rank, 2);
  assert.deepEqual(second!.statuses, { done: 1, diverged: 1 });
  // One finished seed: its mean is shown, with no spread and no interval (never "± 0").
  assert.equal(second!.mean, 0.2);
  assert.equal(second!.std, null);
  assert.equal(second!.ci95, null);
  assert.equal(second!.tied_with_leader, false);
  assert.equal(v.best!.run, 'c1-s0');
});

test('a configuration with no finished run is listed unranked, after the ranked ones', () => {
  const runs = [run(0, 0, null, { status: 'failed' }), run(1, 0, 0.5)];
  const v = rankConfigurations(runs, loss);
  assert.deepEqual(
    v.configurations.map((c) => [c.index, c.rank, c.representative_run]),
    [
      [1, 1, 'c1-s0'],
      [0, null, null],
    ],
  );
});

test('one seed: no interval, no tie claim unless the values are equal', () => {
  const v = rankConfigurations([run(0, 0, 0.5), run(1, 0, 0.5000001), run(2, 0, 0.5)], loss);
  assert.deepEqual(
    v.configurations.map((c) => [c.index, c.rank, c.ci95, c.std, c.tied_with_leader]),
    [
      [0, 1, null, null, false],
      [2, 1, null, null, true],
      [1, 3, null, null, false],
    ],
  );
});

test('many seeds: a consistent small paired difference is real; noise larger than it is a tie', () => {
  // Seeds share everything, so config 1 is config 0 + 0.01 ± tiny: the paired test tells them apart
  // although the seeds' spread (0.1) dwarfs the difference.
  const base = Array.from({ length: 10 }, (_, s) => 0.5 + 0.1 * Math.sin(s * 1.7));
  const runs = [
    ...base.map((b, s) => run(0, s, b)),
    ...base.map((b, s) => run(1, s, b + 0.01 + 0.001 * Math.cos(s))),
    // Config 2 differs from config 0 by noise of ±0.05 with mean ~0.
    ...base.map((b, s) => run(2, s, b + 0.05 * (s % 2 === 0 ? 1 : -1) + 0.001)),
  ];
  const v = rankConfigurations(runs, loss);
  const byIndex = new Map(v.configurations.map((c) => [c.index, c]));
  assert.equal(v.best!.configuration, 0);
  assert.equal(byIndex.get(1)!.tied_with_leader, false);
  assert.equal(byIndex.get(2)!.tied_with_leader, true);
  // The median of 10 seeds: the 5th best.
  const sorted = base.map((b, s) => [b, s] as const).sort((a, b) => a[0] - b[0]);
  assert.equal(v.best!.run, `c0-s${sorted[4]![1]}`);
});

test('the representative run is the median seed; equal objectives go to the lower seed', () => {
  const rs = [run(0, 3, 0.5), run(0, 1, 0.5), run(0, 2, 0.1), run(0, 0, 0.9), run(0, 4, 0.2)];
  assert.equal(representativeRun(rs, 'min')!.id, 'c0-s1');
  assert.equal(representativeRun(rs, 'max')!.id, 'c0-s3');
  assert.equal(representativeRun([run(0, 0, null, { status: 'diverged' })], 'min'), null);
});

test('the test metric shown is the representative run’s, for the objective’s metric', () => {
  const runs = [
    run(0, 0, 0.8, { test_loss: 0.3, test_metrics: { accuracy: 0.7 } }),
    run(0, 1, 0.85, { test_loss: 0.2, test_metrics: { accuracy: 0.75 } }),
    run(0, 2, 0.9, { test_loss: 0.1, test_metrics: { accuracy: 0.8 } }),
  ];
  assert.equal(
    rankConfigurations(runs, { metric: 'val_accuracy', mode: 'max' }).configurations[0]!.test_metric,
    0.75,
  );
  assert.equal(rankConfigurations(runs, loss).configurations[0]!.test_metric, 0.2);
  assert.equal(rankConfigurations([run(0, 0, 1)], loss).configurations[0]!.test_metric, null);
});

test('t statistics: the interval and the paired p-value match scipy', () => {
  // scipy.stats.t.interval(0.95, 4, loc=3, scale=stats.sem([1,2,3,4,5])) = (1.0367568385224, 4.9632431614776)
  const ci = confidenceInterval95([1, 2, 3, 4, 5])!;
  assert.ok(Math.abs(ci[0] - 1.0367568385224) < 1e-9 && Math.abs(ci[1] - 4.9632431614776) < 1e-9);
  // scipy.stats.ttest_1samp([0.1, 0.3, -0.1, 0.2], 0).pvalue = 0.23944259863600284
  assert.ok(Math.abs(pairedTTestP([0.1, 0.3, -0.1, 0.2])! - 0.23944259863600284) < 1e-9);
  assert.equal(pairedTTestP([0.2]), null);
  assert.equal(pairedTTestP([0, 0, 0]), 1);
  assert.equal(pairedTTestP([0.1, 0.1]), 0);
});
