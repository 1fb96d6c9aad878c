// ASHA and Hyperband decisions on constructed learning curves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Pruner,
  bracketCount,
  bracketOf,
  promotable,
  rungEpochs,
  type PrunerConfig,
} from '../../../src/engine/search/pruning';

const ASHA: PrunerConfig = { type: 'asha', minEpochs: 1, reductionFactor: 3, maxEpochs: 30, mode: 'min' };

test('rungs sit at min_epochs × η^k below the full length; Hyperband brackets start later', () => {
  assert.deepEqual(rungEpochs(ASHA, 0), [1, 3, 9, 27]);
  const hb: PrunerConfig = { ...ASHA, type: 'hyperband', minEpochs: 2, maxEpochs: 54 };
  assert.equal(bracketCount(hb), 4); // 54 / 2 = 27 = 3^3
  assert.deepEqual(rungEpochs(hb, 0), [2, 6, 18]);
  assert.deepEqual(rungEpochs(hb, 3), []);
  assert.equal(bracketCount(ASHA), 1);
});

test("a rung promotes the best 1/η of the values seen there (Optuna's rule, the first arrivals only if best)", () => {
  // First arrival: alone, so it is the best.
  assert.equal(promotable(5, [5], 3, 'min'), true);
  // Second arrival, worse than the first: fewer than η values, so only the best goes on.
  assert.equal(promotable(6, [5, 6], 3, 'min'), false);
  assert.equal(promotable(4, [5, 6, 4], 3, 'min'), true);
  // Six values: the best 6 // 3 = 2 go on.
  assert.equal(promotable(2, [1, 9, 8, 7, 6, 2], 3, 'min'), true);
  assert.equal(promotable(6, [1, 9, 8, 7, 2, 6], 3, 'min'), false);
  assert.equal(promotable(0.8, [0.9, 0.5, 0.8, 0.7, 0.1, 0.2], 3, 'max'), true);
  assert.equal(promotable(0.7, [0.9, 0.5, 0.8, 0.7, 0.1, 0.2], 3, 'max'), false);
  assert.equal(promotable(NaN, [NaN], 3, 'min'), false);
});

/** Feeds whole curves to a pruner one trial after another; returns the epoch each was pruned at. */
function replay(pruner: Pruner, curves: number[][]): (number | null)[] {
  return curves.map((curve) => {
    for (let e = 1; e <= curve.length; e++) {
      if (pruner.report(0, e, curve[e - 1]!) === 'prune') return e;
    }
    return null;
  });
}

test('ASHA on constructed curves: bad curves stop at the first rung, late bloomers at the rung they fall behind', () => {
  const good = Array.from({ length: 30 }, (_, e) => 1 / (e + 1));
  const bad = Array.from({ length: 30 }, () => 2);
  const slow = Array.from({ length: 30 }, (_, e) => (e < 3 ? 0.9 : 1.5)); // good early, stalls
  const better = Array.from({ length: 30 }, (_, e) => 0.5 / (e + 1));
  const pruned = replay(new Pruner(ASHA), [good, bad, bad, slow, better, bad]);
  // good: first everywhere. bad: worse than good at epoch 1 with < 3 values → pruned at 1.
  // slow: at epoch 1 it is 0.9 against [1, 2, 2, 0.9]: 4 // 3 = 1 → only the best (0.9) goes on;
  // at epoch 3, 0.9 against [0.25, 0.9] → fewer than η, not the best → pruned at 3.
  assert.deepEqual(pruned, [null, 1, 1, 3, null, 1]);
});

test('with use "best"-style monotone values and maximization, the direction is respected', () => {
  const p = new Pruner({ ...ASHA, mode: 'max', maxEpochs: 10 });
  const up = Array.from({ length: 10 }, (_, e) => 0.5 + e / 20);
  const flat = Array.from({ length: 10 }, () => 0.4);
  assert.deepEqual(replay(p, [up, flat, up]), [null, 1, null]);
});

test('Hyperband: trials compete only within their bracket; brackets come from the seed', () => {
  const hb: PrunerConfig = { type: 'hyperband', minEpochs: 1, reductionFactor: 3, maxEpochs: 9, mode: 'min' };
  const brackets = Array.from({ length: 300 }, (_, t) => bracketOf(hb, 4, t));
  assert.deepEqual(
    brackets,
    Array.from({ length: 300 }, (_, t) => bracketOf(hb, 4, t)),
  );
  const counts = [0, 1, 2].map((b) => brackets.filter((x) => x === b).length);
  // Budgets ceil(3·9/3)=9, ceil(3·3/2)=5, ceil(3·1/1)=3: the aggressive bracket gets the most trials.
  assert.ok(counts[0]! > counts[1]! && counts[1]! > counts[2]!, counts.join(','));
  const p = new Pruner(hb);
  const bad = Array.from({ length: 9 }, () => 5);
  const good = Array.from({ length: 9 }, () => 1);
  // A bad trial in bracket 1 (rung at epoch 3) is not judged against bracket 0's good trial.
  assert.equal(p.report(0, 1, good[0]!), 'continue');
  assert.equal(p.report(1, 1, bad[0]!), 'continue'); // epoch 1 is no rung of bracket 1
  assert.equal(p.report(1, 3, bad[2]!), 'continue'); // first at bracket 1's rung
  assert.equal(p.report(0, 1, bad[0]!), 'prune');
});
