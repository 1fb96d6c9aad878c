// runSearch end to end on a real pool of 2 workers: no duplicate suggestions under parallelism,
// pruned trials recorded as pruned, k-fold objectives, seeded reproducibility, resume after a cancel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSearch, type RunSearchOptions } from '../../../src/engine/search/runSearch';
import { TRIALS_FILE, readSearchState } from '../../../src/engine/search/searchState';
import { paramsKey } from '../../../src/engine/search/space';
import { recordSchema } from '../../../src/protocol/record';
import { searchStateSchema } from '../../../src/protocol/search';
import { WORKER, experiment, tempDir, writeRegressionCsv } from '../runs/runSpecs';

const DATA = { path: 'data.csv', target: 'y', split: { validation: 0.25, seed: 3 } };

function search(dir: string, json: object, o: Partial<RunSearchOptions> = {}) {
  return runSearch({
    experiment: experiment(json, dir),
    experimentFile: join(dir, 'test.optlab.json'),
    recordsRoot: join(dir, 'records'),
    workerPath: WORKER,
    poolSize: 2,
    ...o,
  });
}

const onDisk = (dir: string) => ({
  record: recordSchema.parse(JSON.parse(readFileSync(join(dir, 'record.json'), 'utf8'))),
  state: searchStateSchema.parse(JSON.parse(readFileSync(join(dir, 'search.json'), 'utf8'))),
});

/** A small discrete space where a sampler that ignored pending trials would repeat points. */
const DISCRETE = {
  parameters: {
    lr: { type: 'choice', values: [0.001, 0.003, 0.01, 0.03, 0.1] },
    momentum: { type: 'choice', values: [0, 0.5, 0.9] },
  },
};

test('TPE on 2 workers suggests no point twice, and a 2-worker TPE search is reproducible from its seed', async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir);
  const json = {
    data: DATA,
    training: { epochs: 5 },
    optimizers: [{ name: 'SGD' }],
    search: { strategy: 'tpe', seed: 4, ...DISCRETE, budget: { trials: 14 }, tpe: { startup_trials: 4 } },
  };
  const a = await search(dir, json);
  assert.equal(a.state.trials.length, 14);
  assert.equal(a.state.window, 2);
  const keys = a.state.trials.map((x) => paramsKey(x.params));
  assert.equal(new Set(keys).size, 14, keys.join('\n'));
  assert.ok(a.state.trials.every((x) => x.status === 'done' && x.value !== null));
  const b = await search(dir, json);
  assert.deepEqual(
    b.state.trials.map((x) => [x.params, x.value]),
    a.state.trials.map((x) => [x.params, x.value]),
  );
  const best = a.state.trials.reduce((m, x) => (x.value! < m.value! ? x : m));
  assert.equal(a.best?.index, best.index);
  // The record is an ordinary experiment record: one run per trial, ranked.
  const disk = onDisk(a.recordDir);
  assert.equal(disk.record.runs.length, 14);
  assert.equal(disk.record.runs.find((r) => r.rank === 1)?.configIndex, best.index);
  assert.equal(disk.state.status, 'done');
});

test('a discrete space smaller than the budget ends when every point was tried, without repeats', async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir);
  const r = await search(dir, {
    data: DATA,
    training: { epochs: 2 },
    optimizers: [{ name: 'SGD' }],
    search: { strategy: 'random', ...DISCRETE, budget: { trials: 40 } },
  });
  assert.equal(r.state.trials.length, 15);
  assert.equal(new Set(r.state.trials.map((x) => paramsKey(x.params))).size, 15);
  assert.match(r.state.stop_reason ?? '', /no new point after 15 trials/);
});

test('ASHA prunes hopeless trials: recorded as pruned (not failed) in the search and in the record', async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 80);
  const r = await search(dir, {
    data: DATA,
    training: { epochs: 27, batch_size: 8 },
    optimizers: [{ name: 'SGD' }],
    search: {
      strategy: 'random',
      seed: 1,
      parameters: { lr: { type: 'loguniform', low: 1e-6, high: 0.05 } },
      budget: { trials: 12 },
      pruning: { type: 'asha', min_epochs: 1, reduction_factor: 3 },
    },
  });
  const pruned = r.state.trials.filter((x) => x.status === 'pruned');
  assert.ok(pruned.length >= 4, `pruned ${pruned.length}`);
  for (const p of pruned) {
    assert.ok([1, 3, 9].includes(p.pruned_at_epoch!));
    assert.equal(p.rungs[p.rungs.length - 1]![0], p.pruned_at_epoch);
  }
  // The best trial is never pruned, and the tiniest learning rates are.
  assert.equal(r.state.trials[r.state.best!]!.status, 'done');
  const smallest = r.state.trials.reduce((m, x) =>
    (x.params['lr'] as number) < (m.params['lr'] as number) ? x : m,
  );
  assert.equal(smallest.status, 'pruned');
  const { record } = onDisk(r.recordDir);
  for (const p of pruned) {
    const run = record.runs.find((x) => x.configIndex === p.index)!;
    assert.equal(run.status, 'pruned');
    assert.equal(run.rank, null);
    // Pruned at its rung, not after: it trained exactly the rung's epochs.
    assert.equal(run.epochs, p.pruned_at_epoch, `trial ${p.index}`);
  }
  assert.ok(!record.runs.some((x) => x.status === 'failed'));
  assertPrunerKeptItsWord(r.state, record);
});

/**
 * The pruner's promises: a pruned trial's runs trained no epoch past its rung; a trial whose runs
 * all completed is done and ranked; the search's best is the record's best by the verdict.
 */
function assertPrunerKeptItsWord(
  state: Awaited<ReturnType<typeof search>>['state'],
  record: ReturnType<typeof onDisk>['record'],
): void {
  for (const trial of state.trials) {
    const runs = record.runs.filter((x) => x.configIndex === trial.index);
    const config = record.configurations!.find((c) => c.index === trial.index)!;
    if (trial.status === 'pruned') {
      for (const run of runs) {
        assert.ok(
          run.epochs <= trial.pruned_at_epoch!,
          `${run.id}: ${run.epochs} epochs, pruned at ${trial.pruned_at_epoch}`,
        );
        if (run.status === 'pruned') assert.equal(run.epochs, trial.pruned_at_epoch, run.id);
      }
    }
    if (runs.every((x) => x.status === 'done')) {
      assert.equal(trial.status, 'done', `trial ${trial.index} completed`);
      assert.notEqual(config.rank, null, `trial ${trial.index} completed but unranked`);
    }
  }
  assert.equal(state.best, record.best?.configuration ?? null);
}

test('pruning with slow and fast trials (batches of 1 and of 40, 2 seeds): decisions at the rungs, completed trials ranked', async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 80);
  for (const type of ['asha', 'hyperband']) {
    const r = await search(
      dir,
      {
        data: DATA,
        training: { epochs: 9, seeds: [0, 1] },
        optimizers: [{ name: 'SGD' }],
        search: {
          strategy: 'random',
          seed: 5,
          parameters: {
            lr: { type: 'loguniform', low: 1e-5, high: 0.02 },
            batch_size: { type: 'choice', values: [1, 40] },
          },
          budget: { trials: 10 },
          pruning: { type, min_epochs: 1, reduction_factor: 3 },
        },
      },
      { poolSize: 3 },
    );
    const { record, state } = onDisk(r.recordDir);
    assert.ok(
      state.trials.some((x) => x.status === 'pruned'),
      `${type}: something was pruned`,
    );
    assert.ok(
      state.trials.some((x) => x.status === 'done'),
      `${type}: something completed`,
    );
    assertPrunerKeptItsWord(state, record);
  }
});

test('k-fold cross-validation: one run per fold, the trial scored by the mean over folds with its std', async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 60);
  const r = await search(dir, {
    data: DATA,
    training: { epochs: 10 },
    optimizers: [{ name: 'Adam' }],
    search: {
      strategy: 'random',
      parameters: { lr: { type: 'loguniform', low: 1e-3, high: 0.3 } },
      budget: { trials: 2 },
      cv_folds: 3,
    },
  });
  for (const trial of r.state.trials) {
    assert.equal(trial.runIds.length, 3);
    assert.deepEqual(
      trial.runIds,
      [0, 1, 2].map((f) => `t${trial.index}-s0-f${f}`),
    );
    const vs = trial.values as number[];
    const mean = vs.reduce((a, b) => a + b, 0) / 3;
    assert.ok(Math.abs(trial.value! - mean) < 1e-12);
    assert.ok(trial.std! > 0 && new Set(vs).size === 3);
  }
  const { record } = onDisk(r.recordDir);
  assert.deepEqual(record.runs.map((x) => x.fold).sort(), [0, 0, 1, 1, 2, 2]);
});

test('resume after a cancel keeps finished trials, reruns the cancelled ones, and ends where an uninterrupted search ends', async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 60);
  const json = {
    data: DATA,
    training: { epochs: 40, batch_size: 4 },
    optimizers: [{ name: 'SGD' }],
    search: {
      strategy: 'random',
      seed: 9,
      parameters: {
        lr: { type: 'loguniform', low: 1e-3, high: 0.1 },
        momentum: { type: 'uniform', low: 0, high: 0.9 },
      },
      budget: { trials: 8 },
    },
  };
  const full = await search(dir, json);
  const abort = new AbortController();
  let ended = 0;
  const first = await search(dir, json, {
    signal: abort.signal,
    events: {
      onTrialEnd: () => {
        if (++ended === 3) abort.abort();
      },
    },
  });
  assert.equal(first.state.status, 'cancelled');
  const kept = first.state.trials.filter((x) => x.status === 'done');
  assert.ok(kept.length >= 3 && kept.length < 8, `kept ${kept.length}`);
  assert.ok(first.state.trials.some((x) => x.status === 'cancelled') || first.state.trials.length < 8);
  assert.equal(onDisk(first.recordDir).state.status, 'cancelled');

  const rerun: number[] = [];
  const second = await search(dir, json, {
    resume: first.recordDir,
    events: { onTrialStart: (trial) => rerun.push(trial.index) },
  });
  assert.equal(second.recordDir, first.recordDir);
  assert.equal(second.state.status, 'done');
  assert.equal(second.state.trials.length, 8);
  for (const k of kept) assert.ok(!rerun.includes(k.index), `trial ${k.index} was rerun`);
  assert.deepEqual(
    second.state.trials.map((x) => [x.params, x.value]),
    full.state.trials.map((x) => [x.params, x.value]),
  );
  const { record } = onDisk(second.recordDir);
  assert.equal(record.status, 'done');
  assert.equal(record.runs.length, 8);
  assert.ok(record.runs.every((x) => x.status === 'done'));
});

test('resuming with a changed search section is refused', async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir);
  const json = {
    data: DATA,
    training: { epochs: 2 },
    optimizers: [{ name: 'SGD' }],
    search: { strategy: 'random', ...DISCRETE, budget: { trials: 2 } },
  };
  const r = await search(dir, json);
  const changed = { ...json, search: { ...json.search, seed: 5 } };
  await assert.rejects(search(dir, changed, { resume: r.recordDir }), /the search section changed since/);
});

test('Hyperband assigns brackets and prunes only at its own rungs; the wall-time budget stops new trials', async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 60);
  const r = await search(dir, {
    data: DATA,
    training: { epochs: 9, batch_size: 8 },
    optimizers: [{ name: 'SGD' }],
    search: {
      strategy: 'random',
      seed: 2,
      parameters: { lr: { type: 'loguniform', low: 1e-6, high: 0.05 } },
      budget: { trials: 14 },
      pruning: { type: 'hyperband', min_epochs: 1, reduction_factor: 3 },
    },
  });
  const brackets = new Set(r.state.trials.map((x) => x.bracket));
  assert.ok(brackets.size >= 2, [...brackets].join(','));
  for (const x of r.state.trials) {
    if (x.status !== 'pruned') continue;
    // Bracket b's rungs are 3^b, 3^(b+1), ... below 9 epochs.
    const rungs = [1, 3].filter((e) => e >= 3 ** x.bracket!);
    assert.ok(rungs.includes(x.pruned_at_epoch!), `bracket ${x.bracket} pruned at ${x.pruned_at_epoch}`);
  }
  const timed = await search(dir, {
    data: DATA,
    training: { epochs: 30, batch_size: 1 },
    optimizers: [{ name: 'SGD' }],
    search: {
      strategy: 'random',
      parameters: { lr: { type: 'loguniform', low: 1e-4, high: 0.01 } },
      budget: { trials: 500, wall_time_s: 0.3 },
    },
  });
  assert.ok(timed.state.trials.length < 500);
  assert.equal(timed.state.stop_reason, 'wall time of 0.3 s reached');
  assert.ok(timed.state.trials.every((x) => x.status === 'done'));
});

test('while a search runs, trials are journaled: readSearchState merges them into search.json', async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 40);
  let mid: Awaited<ReturnType<typeof readSearchState>> | null = null;
  let header: { trials: unknown[] } | null = null;
  const out = await search(
    dir,
    {
      data: DATA,
      training: { epochs: 3, batch_size: 10, seeds: [0] },
      optimizers: [{ name: 'SGD', lr: 0.01 }],
      search: {
        strategy: 'random',
        seed: 2,
        parameters: { lr: DISCRETE.parameters.lr },
        budget: { trials: 4 },
      },
    },
    {
      poolSize: 1,
      events: {
        onTrialEnd: (trial) => {
          if (trial.index !== 1 || mid) return;
          const recordDir = join(dir, 'records', readdirSync(join(dir, 'records'))[0]!);
          // The trial's line is appended right after this event; read on the next turn.
          setImmediate(() => {
            header = JSON.parse(readFileSync(join(recordDir, 'search.json'), 'utf8'));
            void readSearchState(recordDir).then((s) => (mid = s));
          });
        },
      },
    },
  );
  assert.equal(out.state.trials.length, 4);
  assert.ok(mid && header);
  assert.equal((header as { trials: unknown[] }).trials.length, 0, 'search.json is not rewritten per trial');
  const merged = mid as Awaited<ReturnType<typeof readSearchState>>;
  assert.ok(
    merged.trials.filter((x) => x.status === 'done').length >= 1,
    'the journal has the finished trials',
  );
  // A torn last line is skipped.
  appendFileSync(join(out.recordDir, TRIALS_FILE), '{"index": 0, "status": "do');
  const after = await readSearchState(out.recordDir);
  assert.equal(after.trials.length, 4);
  assert.ok(after.trials.every((x) => x.status === 'done'));
});
