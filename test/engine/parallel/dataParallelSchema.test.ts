// training.data_parallel in experiment files: defaults filled, every mistake reported at its path
// with a message a user can act on, and a list of settings compared as configurations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExperimentText } from '../../../src/engine/experiment/loadExperiment';
import { ExperimentError } from '../../../src/engine/errors';
import { expandRuns } from '../../../src/engine/runs/expandRuns';

const DATA = { path: 'd.csv', target: 'y' };

function parse(training: object, extra: object = {}) {
  return parseExperimentText(
    JSON.stringify({ data: DATA, training, optimizers: [{ name: 'SGD', lr: 0.1, momentum: 0.9 }], ...extra }),
    'x.optlab.json',
    '/tmp',
  );
}

function issues(training: object, extra: object = {}): string[] {
  try {
    parse(training, extra);
  } catch (e) {
    assert.ok(e instanceof ExperimentError);
    return e.issues.map((i) => `${i.path}: ${i.message}`);
  }
  return assert.fail('accepted');
}

test('defaults: dense exchange, residuals on, no momentum correction, 10 Gbit/s and 50 µs', () => {
  const e = parse({ batch_size: 32, data_parallel: { workers: 4 } });
  assert.equal(e.kind, 'data');
  if (e.kind !== 'data') return;
  assert.deepEqual(e.training.data_parallel, [
    {
      workers: 4,
      compression: {
        kind: 'none',
        threshold: null,
        fraction: null,
        residual: true,
        momentum_correction: false,
        clip: null,
        warmup_epochs: 0,
      },
      network: { bandwidth_gbps: 10, latency_us: 50 },
    },
  ]);
  const none = parse({ batch_size: 32 });
  assert.equal(none.kind === 'data' && none.training.data_parallel, undefined);
});

test('mistakes are located: uneven batch, missing threshold or fraction, misplaced keys, momentum correction without SGD momentum', () => {
  assert.deepEqual(issues({ batch_size: 30, data_parallel: { workers: 4 } }), [
    'training.data_parallel.workers: the global batch of 30 rows (training.batch_size) does not split evenly among 4 workers: use a batch size that is a multiple of 4',
  ]);
  assert.deepEqual(issues({ data_parallel: { workers: 2, compression: { kind: 'threshold' } } }), [
    'training.data_parallel.compression.threshold: required with "kind": "threshold"',
  ]);
  assert.deepEqual(issues({ data_parallel: { workers: 2, compression: { kind: 'topk', threshold: 1 } } }), [
    'training.data_parallel.compression.fraction: required with "kind": "topk"',
    'training.data_parallel.compression.threshold: applies to "kind": "threshold" only, not "topk"',
  ]);
  assert.deepEqual(issues({ data_parallel: { workers: 0 } }), [
    'training.data_parallel.workers: must be >= 1, got 0',
  ]);
  assert.deepEqual(
    issues(
      {
        data_parallel: [
          { workers: 2 },
          { workers: 2, compression: { kind: 'topk', fraction: 0.1, momentum_correction: true } },
        ],
      },
      { optimizers: [{ name: 'Adam' }] },
    ),
    [
      'training.data_parallel[1].compression.momentum_correction: momentum correction needs the SGD optimizer, got Adam (optimizers[0])',
    ],
  );
  assert.deepEqual(issues({ data_parallel: { workers: 2, compression: { momentum_correction: true } } }), [
    'training.data_parallel.compression.momentum_correction: applies to a sparsified exchange ("threshold" or "topk"); a dense all-reduce keeps the optimizer\'s own momentum',
  ]);
  assert.deepEqual(
    issues(
      {},
      { data: undefined, surface: { name: 'booth' }, training: { data_parallel: { workers: 2 } } },
    ).filter((m) => m.includes('data_parallel')),
    ['training.data_parallel: applies to data problems only, not to a surface'],
  );
});

test('a list of settings runs every optimizer under each, labelled by its setting', () => {
  const e = parse(
    {
      batch_size: 16,
      seeds: [0, 1],
      data_parallel: [
        { workers: 2 },
        { workers: 2, compression: { kind: 'threshold', threshold: 0.01, residual: false } },
        { workers: 4, compression: { kind: 'topk', fraction: 0.01, warmup_epochs: 2 } },
      ],
    },
    { optimizers: [{ name: 'SGD', lr: 0.1 }, { name: 'Adam' }] },
  );
  const specs = expandRuns(e, {
    task: 'regression',
    nFeatures: 3,
    nClasses: null,
    trainRows: 40,
    validationRows: 10,
    targetScale: null,
  });
  assert.equal(specs.length, 2 * 3 * 2);
  assert.deepEqual(
    [...new Set(specs.map((s) => `${s.configIndex} ${s.label}`))],
    [
      '0 SGD(lr=0.1) · 2 workers, dense',
      '1 SGD(lr=0.1) · 2 workers, threshold 0.01, no residual',
      '2 SGD(lr=0.1) · 4 workers, top-k 1%, warm-up 2',
      '3 Adam() · 2 workers, dense',
      '4 Adam() · 2 workers, threshold 0.01, no residual',
      '5 Adam() · 4 workers, top-k 1%, warm-up 2',
    ],
  );
  assert.deepEqual(specs.map((s) => s.runId).slice(0, 4), ['c0-s0', 'c0-s1', 'c1-s0', 'c1-s1']);
  assert.equal(specs[5]!.dataParallel!.workers, 4);
});

test('data_parallel.* search parameters: checked against the section, and a trial sets them on it', async () => {
  const search = (parameters: object) => ({
    search: { strategy: 'grid', parameters },
  });
  assert.deepEqual(
    issues(
      { batch_size: 16, data_parallel: { workers: 2, compression: { kind: 'topk', fraction: 0.1 } } },
      search({ 'data_parallel.compression.threshold': { type: 'choice', values: [0.1, -1] } }),
    ),
    [
      'search.parameters["data_parallel.compression.threshold"]: data_parallel.compression.threshold values must be numbers >= 0, got -1',
      'search.parameters["data_parallel.compression.threshold"]: searches the threshold, but training.data_parallel.compression.kind is "topk", not "threshold"',
    ],
  );
  assert.deepEqual(
    issues({ batch_size: 16 }, search({ 'data_parallel.workers': { type: 'choice', values: [2, 4] } })),
    ['search.parameters["data_parallel.workers"]: needs a training.data_parallel section to search in'],
  );
  const e = parse(
    { batch_size: 16, data_parallel: { workers: 2, compression: { kind: 'topk', fraction: 0.1 } } },
    search({
      'data_parallel.workers': { type: 'choice', values: [2, 4] },
      'data_parallel.compression.fraction': { type: 'choice', values: [0.01, 0.5] },
    }),
  );
  assert.ok(e.search && e.kind === 'data');
  if (!e.search || e.kind !== 'data') return;
  const { trialSetup, trialLabel } = await import('../../../src/engine/search/space');
  const { trialTraining } = await import('../../../src/engine/search/trialTraining');
  const setup = trialSetup(e.search, {
    'data_parallel.workers': 4,
    'data_parallel.compression.fraction': 0.01,
  });
  assert.ok(setup.ok);
  if (!setup.ok) return;
  assert.equal(trialLabel(3, setup.setup), '#3 SGD(lr=0.1, momentum=0.9) workers=4 fraction=0.01');
  const training = trialTraining(e.training, { data_parallel: setup.setup.dataParallel! });
  assert.equal(training.data_parallel![0]!.workers, 4);
  assert.equal(training.data_parallel![0]!.compression.fraction, 0.01);
  assert.equal(e.training.data_parallel![0]!.workers, 2, 'the experiment itself is unchanged');
});
