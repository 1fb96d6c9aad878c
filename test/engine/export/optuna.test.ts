// The Optuna export against the real Optuna (Debian's python3-optuna 3.1): every search strategy
// crossed with every pruner runs a few trials; a grid trains the engine's grid points in the
// engine's order and reaches the engine's objectives; two worker processes share one SQLite study
// and together run the requested trials without repeating a grid point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exportFromRecord } from '../../../src/engine/export/index';
import { cli } from '../../helpers/cli';
import { readRecord } from '../../../src/engine/runs/records';
import { readSearchState } from '../../../src/engine/search/searchState';
import { PYTHON, skipWithout } from '../../helpers/debianPackage';

const SAMPLES = resolve(__dirname, '../../../samples');
const STRATEGIES = ['tpe', 'random', 'grid'] as const;
const PRUNERS = [null, { type: 'asha' }, { type: 'hyperband' }] as const;
type Strategy = (typeof STRATEGIES)[number];
type Pruner = (typeof PRUNERS)[number];

/** A small search over the optimizer, its lr and SGD's momentum (6 grid points). */
function experiment(strategy: Strategy, pruning: Pruner, trials: number): object {
  const grid = strategy === 'grid' ? { grid: 2 } : {};
  return {
    name: `optuna ${strategy} ${pruning?.type ?? 'none'}`,
    data: { path: 'diabetes.csv', target: 'progression', preprocessing: { standardize_target: true } },
    training: { epochs: 3, batch_size: 64, seeds: [0] },
    optimizers: [
      { name: 'SGD', lr: 0.01 },
      { name: 'Adam', lr: 0.01 },
    ],
    search: {
      strategy,
      seed: 1,
      budget: { trials },
      pruning,
      parameters: {
        optimizer: { type: 'choice', values: ['SGD', 'Adam'] },
        lr: { type: 'loguniform', low: 0.003, high: 0.05, ...grid },
      },
      conditional: { SGD: { momentum: { type: 'uniform', low: 0, high: 0.9, ...grid } } },
    },
  };
}

interface Made {
  dir: string;
  script: string;
  record: string;
}

/** Runs the search with the CLI and exports it --to optuna into an `export/` folder beside the data. */
async function make(
  t: { after(fn: () => void): void },
  strategy: Strategy,
  pruning: Pruner,
  trials: number,
): Promise<Made> {
  const dir = mkdtempSync(join(tmpdir(), 'optlab-optuna-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  copyFileSync(join(SAMPLES, 'diabetes.csv'), join(dir, 'diabetes.csv'));
  writeFileSync(join(dir, 'e.optlab.json'), JSON.stringify(experiment(strategy, pruning, trials)));
  const r = await cli(['search', 'e.optlab.json', '--out', 'records', '--json', '--workers', '1'], dir);
  assert.equal(r.code, 0, r.stderr);
  const record = join(dir, 'records', readdirSync(join(dir, 'records'))[0]!);
  const script = join(dir, 'export', 'sweep.py');
  const out = await exportFromRecord(record, { target: 'optuna', out: script });
  mkdirSync(join(dir, 'export'));
  writeFileSync(script, out.text);
  for (const s of out.sidecars) writeFileSync(join(dir, 'export', s.name), s.text);
  return { dir, script, record };
}

interface Trial {
  number: number;
  state: string;
  value: number | null;
  params: Record<string, unknown>;
  grid_point: number | null;
}

/** The trials of a stored study, read back with Optuna. */
function studyTrials(storage: string, study: string): Trial[] {
  const driver = String.raw`
import json, sys, optuna
s = optuna.load_study(study_name=sys.argv[2], storage=sys.argv[1])
print(json.dumps([{'number': t.number, 'state': t.state.name, 'value': t.value, 'params': t.params,
                   'grid_point': t.user_attrs.get('grid_point')} for t in s.trials]))
`;
  const r = spawnSync(PYTHON, ['-c', driver, storage, study], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Trial[];
}

/** The GRID constant of a generated sweep, read with Python's ast (the script is not run). */
function gridOf(script: string): Record<string, unknown>[] {
  const driver =
    'import ast, json, sys\n' +
    'tree = ast.parse(open(sys.argv[1]).read())\n' +
    "print(json.dumps(next(ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign) and getattr(n.targets[0], 'id', '') == 'GRID')))";
  const r = spawnSync(PYTHON, ['-c', driver, script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>[];
}

function runScript(
  script: string,
  args: string[],
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const p = spawn(PYTHON, [script, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => done({ code, stdout, stderr }));
  });
}

for (const strategy of STRATEGIES) {
  for (const pruning of PRUNERS) {
    test(
      `optuna export runs with Optuna 3.1: ${strategy} search, ${pruning?.type ?? 'no'} pruning`,
      { skip: skipWithout('python3-torch', 'python3-optuna') },
      async (t) => {
        const { dir, script } = await make(t, strategy, pruning, strategy === 'grid' ? 6 : 4);
        const db = `sqlite:///${join(dir, 'study.db')}`;
        // From another folder: the script finds its data and sidecar relative to itself.
        const r = await runScript(script, ['--trials', '3', '--storage', db, '--study', 's'], tmpdir());
        assert.equal(r.code, 0, r.stderr);
        const trials = studyTrials(db, 's');
        const ran = trials.filter((x) => x.state === 'COMPLETE' || x.state === 'PRUNED');
        assert.equal(ran.length, 3, JSON.stringify(trials));
        assert.ok(ran.some((x) => x.state === 'COMPLETE'));
        if (strategy === 'grid') {
          // The engine's first grid points, in its order.
          const grid = gridOf(script);
          assert.equal(grid.length, 6);
          assert.deepEqual(
            ran.map((x) => x.grid_point),
            [0, 1, 2],
          );
          for (const x of ran) assert.deepEqual(x.params, grid[x.grid_point!]);
        }
      },
    );
  }
}

test(
  "an Optuna grid trains the engine's grid points to the engine's objectives",
  { skip: skipWithout('python3-torch', 'python3-optuna') },
  async (t) => {
    const { dir, script, record } = await make(t, 'grid', null, 6);
    const db = `sqlite:///${join(dir, 'study.db')}`;
    const r = await runScript(script, ['--storage', db, '--study', 'g'], dir);
    assert.equal(r.code, 0, r.stderr);
    const state = JSON.parse(readFileSync(join(record, 'search.json'), 'utf8')) as {
      trials: { index: number; value: number | null }[];
    };
    const trials = studyTrials(db, 'g').filter((x) => x.state === 'COMPLETE');
    assert.equal(trials.length, 6);
    for (const x of trials) {
      const engine = state.trials.find((e) => e.index === x.grid_point)!.value!;
      assert.ok(
        Math.abs(x.value! - engine) <= 1e-6 * Math.abs(engine),
        `point ${x.grid_point}: ${x.value} vs ${engine}`,
      );
    }
  },
);

test(
  'two workers share one SQLite study: all requested trials, no grid point twice',
  { skip: skipWithout('python3-torch', 'python3-optuna') },
  async (t) => {
    for (const strategy of ['grid', 'tpe'] as const) {
      const { dir, script } = await make(t, strategy, null, 6);
      const db = `sqlite:///${join(dir, 'shared.db')}`;
      const args = ['--trials', strategy === 'grid' ? '5' : '2', '--storage', db, '--study', 'shared'];
      const [a, b] = await Promise.all([runScript(script, args, dir), runScript(script, args, dir)]);
      assert.equal(a.code, 0, a.stderr);
      assert.equal(b.code, 0, b.stderr);
      const trials = studyTrials(db, 'shared');
      const done = trials.filter((x) => x.state === 'COMPLETE');
      if (strategy === 'grid') {
        // Two workers allowed 5 each: the 6 grid points, each once.
        assert.equal(done.length, 6, JSON.stringify(trials));
        assert.deepEqual(done.map((x) => x.grid_point).sort(), [0, 1, 2, 3, 4, 5]);
        const keys = done.map((x) => JSON.stringify(x.params));
        assert.equal(new Set(keys).size, 6);
      } else {
        assert.equal(done.length, 4, JSON.stringify(trials));
        assert.equal(new Set(done.map((x) => x.number)).size, 4);
      }
    }
  },
);

test(
  'a study run with a journal file, or its trials CSV, is read back as a search record',
  { skip: skipWithout('python3-torch', 'python3-optuna') },
  async (t) => {
    const { dir, script, record } = await make(t, 'tpe', { type: 'asha' }, 4);
    const journal = join(dir, 'study.log');
    const r = await runScript(
      script,
      ['--trials', '4', '--storage', `journal:${journal}`, '--study', 'cluster'],
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
    const csv = join(dir, 'trials.csv');
    const dump = spawnSync(
      PYTHON,
      [
        '-c',
        [
          'import json, sys, optuna',
          's = optuna.load_study(study_name="cluster", storage=optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(sys.argv[1])))',
          's.trials_dataframe().to_csv(sys.argv[2])',
          'print(json.dumps([{"state": t.state.name, "value": t.value, "params": t.params, "steps": sorted(t.intermediate_values)} for t in s.trials]))',
        ].join('\n'),
        journal,
        csv,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(dump.status, 0, dump.stderr);
    const optuna = JSON.parse(dump.stdout) as {
      state: string;
      value: number | null;
      params: Record<string, unknown>;
      steps: number[];
    }[];
    assert.equal(optuna.length, 4);

    for (const file of [journal, csv]) {
      const out = await cli(
        ['import-study', file, '--record', record, '--dir', join(dir, 'records'), '--json'],
        dir,
      );
      assert.equal(out.code, 0, out.stderr);
      const imported = (JSON.parse(out.stdout) as { record: string }).record;
      const entry = await readRecord(imported);
      assert.ok(entry.ok, entry.ok ? '' : entry.error);
      const state = await readSearchState(imported);
      assert.equal(state.trials.length, 4);
      state.trials.forEach((trial, i) => {
        const o = optuna[i]!;
        assert.equal(trial.status, { COMPLETE: 'done', PRUNED: 'pruned', FAIL: 'failed' }[o.state]);
        if (o.state === 'COMPLETE') assert.equal(trial.value, o.value);
        // Optuna's conditional names (Adam/betas.0) are the experiment's (betas.0) again.
        const names = Object.keys(o.params).map((k) => k.replace(/^\w+\//, ''));
        assert.deepEqual(Object.keys(trial.params).sort(), names.sort());
        // Per-epoch values come with the journal; a CSV does not hold them.
        assert.deepEqual(
          trial.intermediate.map(([e]) => e),
          file === journal ? o.steps : [],
        );
      });
      const done = optuna.filter((o) => o.state === 'COMPLETE').map((o) => o.value!);
      const best = entry.ok ? entry.record.runs.find((x) => x.rank === 1) : undefined;
      assert.equal(best?.objective, Math.min(...done));
    }
    const wrong = await cli(
      ['import-study', journal, '--record', record, '--study', 'nope', '--dir', join(dir, 'records')],
      dir,
    );
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /has no study "nope"; it holds cluster/);
  },
);
