// The search space: grid counts and points, seeded random and TPE suggestions, conditional
// parameters, and the located errors of the search section.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExperimentText } from '../../../src/engine/experiment/loadExperiment';
import { ExperimentError } from '../../../src/engine/errors';
import { enumerateGrid, gridOrder, gridValues } from '../../../src/engine/search/grid';
import {
  dimensions,
  paramsKey,
  sampleRandom,
  trialLabel,
  trialSetup,
} from '../../../src/engine/search/space';
import { suggestTpe, type TpeObservation } from '../../../src/engine/search/tpe';
import { Rng } from '../../../src/engine/random';
import { gridTrialCount, type ResolvedSearch } from '../../../src/protocol/search';

const DATA = { path: 'd.csv', target: 'y' };

function search(section: object, extra: object = {}): ResolvedSearch {
  const e = parseExperimentText(
    JSON.stringify({ data: DATA, optimizers: [{ name: 'SGD', lr: 0.1 }], search: section, ...extra }),
    'x.optlab.json',
    '/tmp',
  );
  return e.search!;
}

function issues(section: object, extra: object = {}): string[] {
  try {
    search(section, extra);
  } catch (e) {
    if (e instanceof ExperimentError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}

const CONDITIONAL = {
  parameters: {
    optimizer: { type: 'choice', values: ['SGD', 'Adam'] },
    lr: { type: 'loguniform', low: 1e-4, high: 1, grid: 5 },
  },
  conditional: {
    SGD: {
      momentum: { type: 'uniform', low: 0, high: 0.9, grid: 4 },
      nesterov: { type: 'choice', values: [false, true] },
    },
    Adam: { 'betas.1': { type: 'choice', values: [0.99, 0.999] } },
  },
};

/** The same space without grid points, for random and TPE searches (grid applies to grids only). */
const CONDITIONAL_FREE = JSON.parse(
  JSON.stringify(CONDITIONAL, (k, v) => (k === 'grid' ? undefined : v)),
) as object;

test('a grid counts its points: product of parameters, conditional ones only under their optimizer', () => {
  const s = search({ strategy: 'grid', ...CONDITIONAL });
  // lr 5 × (SGD: momentum 4 × nesterov 2 + Adam: betas.1 2) = 5 × 10
  assert.equal(gridTrialCount(s), 50);
  assert.equal(s.budget.trials, 50);
  const points = enumerateGrid(dimensions(s));
  assert.equal(points.length, 50);
  assert.equal(new Set(points.map(paramsKey)).size, 50);
  for (const p of points) {
    if (p['optimizer'] === 'SGD')
      assert.deepEqual(Object.keys(p).sort(), ['lr', 'momentum', 'nesterov', 'optimizer']);
    else assert.deepEqual(Object.keys(p).sort(), ['betas.1', 'lr', 'optimizer']);
  }
  const order = gridOrder(dimensions(s), 7);
  assert.deepEqual(order.map(paramsKey).sort(), points.map(paramsKey).sort());
  assert.deepEqual(order, gridOrder(dimensions(s), 7));
  assert.notDeepEqual(order, gridOrder(dimensions(s), 8));
});

test('grid values: log-spaced with exact ends, int lattices, choices', () => {
  const lr = gridValues({ type: 'loguniform', low: 1e-4, high: 1, grid: 5 }) as number[];
  assert.equal(lr[0], 1e-4);
  assert.equal(lr[4], 1);
  lr.slice(1).forEach((v, i) => assert.ok(Math.abs(v / lr[i]! - 10) < 1e-9));
  assert.deepEqual(gridValues({ type: 'int', low: 2, high: 11, step: 3, log: false }), [2, 5, 8, 11]);
  assert.deepEqual(gridValues({ type: 'uniform', low: 0, high: 1, grid: 3 }), [0, 0.5, 1]);
});

test('the count is checked before running: a grid larger than budget.trials or without grid points is an error', () => {
  const tooMany = issues({ strategy: 'grid', ...CONDITIONAL, budget: { trials: 10 } });
  assert.deepEqual(tooMany, [
    'search.budget.trials: this grid makes 50 trials, more than budget.trials (10): raise it, drop it, or use fewer points',
  ]);
  const noPoints = issues({
    strategy: 'grid',
    parameters: { lr: { type: 'loguniform', low: 1e-4, high: 1 } },
  });
  assert.match(noPoints.join('\n'), /search\.parameters\.lr: a grid needs a finite set of values/);
  const huge = issues({
    strategy: 'grid',
    parameters: {
      lr: { type: 'loguniform', low: 1e-4, high: 1, grid: 100 },
      momentum: { type: 'uniform', low: 0, high: 0.9, grid: 101 },
    },
  });
  assert.match(huge.join('\n'), /makes 10100 trials, more than the 10000 allowed/);
});

test('search errors name the parameter: unknown keywords, values torch rejects, conditionals without a choice', () => {
  const found = issues({
    parameters: {
      optimizer: { type: 'choice', values: ['SGD', 'Adam'] },
      momentum: { type: 'uniform', low: 0, high: 0.9 },
      lr: { type: 'uniform', low: -1, high: 1 },
    },
    conditional: { RMSprop: { alpha: { type: 'uniform', low: 0.9, high: 0.99 } } },
  });
  assert.ok(
    found.some((m) =>
      m.startsWith(
        'search.parameters.momentum: "momentum" is not a keyword of Adam: move it to "conditional"',
      ),
    ),
    found.join('\n'),
  );
  assert.ok(
    found.some((m) => /search\.parameters\.lr: SGD with lr = -1: must be >= 0/.test(m)),
    found.join('\n'),
  );
  assert.ok(
    found.includes(
      'search.conditional.RMSprop: "RMSprop" is not a value of the "optimizer" choice (SGD, Adam)',
    ),
  );
  assert.deepEqual(issues({ parameters: { lr: { type: 'uniform', low: 1, high: 0.5 } } }), [
    'search.parameters.lr.high: must be greater than low (1), got 0.5',
  ]);
  const two = issues(
    { parameters: { lr: { type: 'uniform', low: 0.1, high: 0.5 } } },
    {
      optimizers: [{ name: 'SGD' }, { name: 'Adam' }],
    },
  );
  assert.match(two.join('\n'), /^search: searches one optimizer, but "optimizers" lists 2/);
});

test('random points are reproducible from the seed and follow the conditions', () => {
  const s = search(CONDITIONAL_FREE);
  const dims = dimensions(s);
  const draw = (seed: number) =>
    Array.from({ length: 30 }, (_, i) => sampleRandom(dims, new Rng(seed * 1000 + i)));
  assert.deepEqual(draw(1), draw(1));
  assert.notDeepEqual(draw(1), draw(2));
  const points = draw(3);
  assert.ok(points.some((p) => p['optimizer'] === 'SGD') && points.some((p) => p['optimizer'] === 'Adam'));
  for (const p of points) {
    const lr = p['lr'] as number;
    assert.ok(lr >= 1e-4 && lr <= 1);
    assert.equal('momentum' in p, p['optimizer'] === 'SGD');
    assert.equal('betas.1' in p, p['optimizer'] === 'Adam');
    const setup = trialSetup(s, p);
    assert.ok(setup.ok);
    if (setup.ok && setup.setup.optimizer.name === 'Adam')
      assert.equal(setup.setup.optimizer.betas[1], p['betas.1']);
    if (setup.ok && setup.setup.optimizer.name === 'SGD')
      assert.equal(setup.setup.optimizer.momentum, p['momentum']);
  }
  // The SGD configuration starts from the file's entry (lr 0.1 is then searched over).
  assert.deepEqual(s.base.SGD, {
    name: 'SGD',
    lr: 0.1,
    momentum: 0,
    dampening: 0,
    weight_decay: 0,
    nesterov: false,
    maximize: false,
  });
});

test("an invalid combination (nesterov without momentum) fails the trial with torch's reason", () => {
  const s = search(CONDITIONAL_FREE);
  const r = trialSetup(s, { optimizer: 'SGD', lr: 0.1, momentum: 0, nesterov: true });
  assert.deepEqual(r, {
    ok: false,
    message: 'invalid SGD configuration: nesterov: Nesterov momentum requires a momentum and zero dampening',
  });
});

test('a trial label shows sampled numbers to 4 significant digits; the trial keeps the exact ones', () => {
  const s = search(CONDITIONAL_FREE);
  const r = trialSetup(s, { optimizer: 'SGD', lr: 0.0955337412, momentum: 0.912345678, nesterov: false });
  assert.ok(r.ok);
  assert.equal(trialLabel(7, r.setup), '#7 SGD(lr=0.09553, momentum=0.9123)');
  assert.equal(r.setup.optimizer.lr, 0.0955337412, 'the configuration itself is not rounded');
  const tiny = trialSetup(s, { optimizer: 'SGD', lr: 3.456789e-7, momentum: 0.5, nesterov: false });
  assert.ok(tiny.ok);
  assert.equal(trialLabel(8, tiny.setup), '#8 SGD(lr=3.457e-7, momentum=0.5)');
});

/** Observations of f over a 1-D log-lr space, as finished trials. */
function observe(points: number[], f: (x: number) => number): TpeObservation[] {
  return points.map((lr, index) => ({ index, params: { lr }, state: 'complete', loss: f(lr) }));
}

test('TPE: reproducible from the seed, random during startup, then concentrated where the good trials are', () => {
  const s = search({ parameters: { lr: { type: 'loguniform', low: 1e-5, high: 1 } } });
  const dims = dimensions(s);
  const f = (lr: number) => (Math.log10(lr) + 2) ** 2; // best at lr = 1e-2
  const seedRng = new Rng(5);
  const start = Array.from({ length: 20 }, () => Math.exp(seedRng.uniformRange(Math.log(1e-5), 0)));
  const obs = observe(start, f);
  const o = { startupTrials: 10, eiCandidates: 24 };
  const a = Array.from({ length: 20 }, (_, i) => suggestTpe(dims, obs, o, new Rng(i)));
  const b = Array.from({ length: 20 }, (_, i) => suggestTpe(dims, obs, o, new Rng(i)));
  assert.deepEqual(a, b);
  const tpeLoss = a.reduce((acc, p) => acc + f(p['lr'] as number), 0) / a.length;
  const random = Array.from({ length: 200 }, (_, i) => sampleRandom(dims, new Rng(1000 + i)));
  const randomLoss = random.reduce((acc, p) => acc + f(p['lr'] as number), 0) / random.length;
  assert.ok(tpeLoss < randomLoss / 2, `TPE mean loss ${tpeLoss} vs random ${randomLoss}`);
  // Before startup_trials observations, TPE is the random sampler on the same stream.
  assert.deepEqual(suggestTpe(dims, obs.slice(0, 9), o, new Rng(3)), sampleRandom(dims, new Rng(3)));
});

test('TPE models categorical and int parameters and only the trials where a conditional parameter was active', () => {
  const s = search({
    parameters: {
      optimizer: { type: 'choice', values: ['SGD', 'Adam'] },
      batch_size: { type: 'int', low: 8, high: 64, step: 8 },
    },
    conditional: { SGD: { momentum: { type: 'choice', values: [0, 0.5, 0.9] } } },
  });
  const dims = dimensions(s);
  // Good trials: SGD, momentum 0.9, batch 16. Bad: everything else.
  const obs: TpeObservation[] = [];
  const rng = new Rng(1);
  for (let i = 0; i < 40; i++) {
    const p = sampleRandom(dims, rng);
    const good = p['optimizer'] === 'SGD' && p['momentum'] === 0.9 && (p['batch_size'] as number) <= 24;
    obs.push({ index: i, params: p, state: 'complete', loss: good ? 0 : 1 + i / 100 });
  }
  const o = { startupTrials: 10, eiCandidates: 24 };
  const picks = Array.from({ length: 30 }, (_, i) => suggestTpe(dims, obs, o, new Rng(100 + i)));
  const sgd = picks.filter((p) => p['optimizer'] === 'SGD');
  assert.ok(sgd.length >= 20, `SGD picked ${sgd.length}/30`);
  assert.ok(sgd.filter((p) => p['momentum'] === 0.9).length >= sgd.length * 0.6);
  for (const p of picks) {
    assert.equal((p['batch_size'] as number) % 8, 0);
    assert.equal('momentum' in p, p['optimizer'] === 'SGD');
  }
});
