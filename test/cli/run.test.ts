// `optimizer-lab run` in-process: the JSON summary, the text table, records and report on disk,
// located errors, bad options, and Ctrl-C. Runs use the built worker and report script (dist/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { runCli } from '../../src/cli/main';
import { tempDir, writeRegressionCsv } from '../engine/runs/runSpecs';

/** A folder with data.csv and tiny.optlab.json: 2 configurations × 2 seeds, 3 epochs each. */
function tinyExperiment(t: { after(fn: () => void): void }): string {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 40);
  writeFileSync(
    join(dir, 'tiny.optlab.json'),
    JSON.stringify(
      {
        data: { path: 'data.csv', target: 'y', split: { validation: 0.25, seed: 1 } },
        training: { epochs: 3, batch_size: 10, seeds: [0, 1] },
        optimizers: [
          { name: 'SGD', lr: 0.05 },
          { name: 'Adam', lr: 0.01 },
        ],
      },
      null,
      2,
    ),
  );
  return dir;
}

test('run --json --out DIR: exit 0, one JSON document with the record, the report and every run', async (t) => {
  const dir = tinyExperiment(t);
  const r = await cli(['run', 'tiny.optlab.json', '--json', '--out', 'out', '--workers', '2'], dir);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 1, 'nothing but the JSON on stdout');
  const j = JSON.parse(lines[0]!);
  assert.deepEqual(Object.keys(j).sort(), [
    'best',
    'configurations',
    'objective',
    'record',
    'report',
    'runs',
    'status',
  ]);
  // The contract of docs/records.md: configurations ranked over their seeds, the best run is the
  // median (here: the better of two) seed of rank 1, and it is the record's best too.
  assert.equal(j.configurations.length, 2);
  for (const c of j.configurations) {
    assert.deepEqual(Object.keys(c).sort(), [
      'ci95',
      'index',
      'label',
      'mean',
      'rank',
      'representative_run',
      'runs',
      'statuses',
      'std',
      'test_metric',
      'tied_with_leader',
    ]);
    assert.equal(c.runs, 2);
    assert.deepEqual(c.statuses, { done: 2 });
    assert.ok(c.ci95[0] <= c.mean && c.mean <= c.ci95[1]);
    assert.equal(c.test_metric, null, 'no test split');
  }
  const leader = j.configurations[0];
  assert.equal(leader.rank, 1);
  assert.deepEqual(j.best, { configuration: leader.index, run: leader.representative_run });
  const leaderRuns = j.runs.filter((x: { id: string }) => x.id.startsWith(`c${leader.index}-`));
  const bestMetric = Math.min(...leaderRuns.map((x: { metric: number }) => x.metric));
  assert.equal(j.runs.find((x: { id: string }) => x.id === j.best.run).metric, bestMetric);
  const onDisk = JSON.parse(readFileSync(join(j.record, 'record.json'), 'utf8'));
  assert.deepEqual(onDisk.best, j.best);
  assert.deepEqual(onDisk.configurations, j.configurations);
  assert.equal(j.status, 'done');
  assert.deepEqual(j.objective, { metric: 'val_loss', mode: 'min', use: 'final' });
  assert.deepEqual(readdirSync(join(dir, 'out')), [j.record.slice(join(dir, 'out').length + 1)]);
  assert.equal(j.report, join(j.record, 'report.html'));
  assert.match(readFileSync(j.report, 'utf8'), /^<!doctype html>/i);
  assert.ok(existsSync(join(j.record, 'record.json')));

  assert.equal(j.runs.length, 4);
  for (const run of j.runs) {
    assert.deepEqual(Object.keys(run).sort(), [
      'best_val_loss',
      'config',
      'diagnoses',
      'final_train_loss',
      'final_val_loss',
      'id',
      'label',
      'metric',
      'rank',
      'seed',
      'status',
      'steps',
    ]);
    assert.equal(run.status, 'done');
    assert.equal(run.steps, 9, '30 training rows in batches of 10, 3 epochs');
    assert.equal(run.metric, run.final_val_loss);
    for (const k of ['final_train_loss', 'final_val_loss', 'best_val_loss'])
      assert.ok(Number.isFinite(run[k]), k);
  }
  assert.deepEqual(
    j.runs.map((x: { id: string; seed: number; config: { name: string; lr: number } }) => [
      x.id,
      x.seed,
      x.config.name,
      x.config.lr,
    ]),
    [
      ['c0-s0', 0, 'SGD', 0.05],
      ['c0-s1', 1, 'SGD', 0.05],
      ['c1-s0', 0, 'Adam', 0.01],
      ['c1-s1', 1, 'Adam', 0.01],
    ],
  );
  // The config carries every torch default.
  assert.deepEqual(j.runs[2].config, {
    name: 'Adam',
    lr: 0.01,
    weight_decay: 0,
    betas: [0.9, 0.999],
    eps: 1e-8,
    amsgrad: false,
    maximize: false,
  });
  // A run's rank is its configuration's.
  assert.deepEqual(j.runs.map((x: { rank: number }) => x.rank).sort(), [1, 1, 2, 2]);
  // Progress went to stderr, one line per finished run.
  assert.match(r.stderr, /^tiny: 4 runs\n/);
  assert.equal(r.stderr.match(/^\[\d\/4\] c\d-s\d .* done after 9 steps/gm)?.length, 4, r.stderr);
});

test('run (text): the ranked table and where the record and the report are; default folder beside the file', async (t) => {
  const dir = tinyExperiment(t);
  const r = await cli(['run', join(dir, 'tiny.optlab.json'), '--workers', '1']);
  assert.equal(r.code, 0, r.stderr);
  const records = readdirSync(join(dir, '.optimizer-lab'));
  assert.equal(records.length, 1);
  const recordDir = join(dir, '.optimizer-lab', records[0]!);
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], 'tiny');
  assert.equal(lines[1], '');
  assert.match(
    lines[2]!,
    /^rank\s+configuration\s+val_loss mean ± std\s+95% CI\s+status\s+steps\s+time\s+diagnosis$/,
  );
  assert.match(lines[3]!, /^-+(\s+-+){7}$/);
  const rows = lines.slice(4, 6);
  assert.deepEqual(rows.map((l) => l.trim().split(/\s+/)[0]).sort(), ['1', '2']);
  for (const row of rows)
    assert.match(
      row,
      /(SGD\(lr=0\.05\)|Adam\(lr=0\.01\))\s+\S+ ± \S+\s+\[\S+, \S+\]\s+2 done\s+9\s+\d+\.\d\ds\s+\S.*$/,
    );
  assert.deepEqual(lines.slice(6), [
    '',
    '≈ cannot be told apart from rank 1 (paired t-test over seeds, 5%); best run: the median seed of rank 1',
    '',
    `record: ${recordDir}`,
    `report: ${join(recordDir, 'report.html')}`,
    '',
  ]);
  assert.ok(existsSync(join(recordDir, 'report.html')));
});

test('run: an invalid experiment exits 1 with file:line:col: path: message, and writes nothing', async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 10);
  writeFileSync(
    join(dir, 'bad.optlab.json'),
    [
      '{',
      '  "data": { "path": "data.csv", "target": "y" },',
      '  "optimizers": [',
      '    { "name": "SGD", "lr": -1 }',
      '  ]',
      '}',
      '',
    ].join('\n'),
  );
  const r = await cli(['run', 'bad.optlab.json', '--out', 'out'], dir);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.equal(
    r.stderr,
    'bad.optlab.json:4:28: optimizers[0].lr: must be >= 0, got -1 (torch: Invalid learning rate: -1)\n',
  );
  assert.ok(!existsSync(join(dir, 'out')));

  writeFileSync(
    join(dir, 'nodata.optlab.json'),
    '{"data": {"path": "missing.csv", "target": "y"}, "optimizers": [{"name": "Adam"}]}',
  );
  const m = await cli(['run', 'nodata.optlab.json'], dir);
  assert.equal(m.code, 1);
  assert.match(m.stderr, /^nodata\.optlab\.json:1:\d+: data\.path: data file not found: .*missing\.csv\n$/);

  const none = await cli(['run', 'no-such.optlab.json'], dir);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /no-such\.optlab\.json.*cannot read the experiment file: file not found/);
});

test('run: --workers must be a whole number >= 1; a missing argument is a usage error', async (t) => {
  const dir = tinyExperiment(t);
  for (const w of ['0', '-2', '1.5', 'many']) {
    const r = await cli(['run', 'tiny.optlab.json', `--workers=${w}`], dir);
    assert.equal(r.code, 1, w);
    assert.equal(r.stderr, `optimizer-lab run: --workers must be a whole number >= 1, got "${w}"\n`);
    assert.equal(r.stdout, '');
  }
  assert.ok(!existsSync(join(dir, '.optimizer-lab')), 'nothing ran');
  const none = await cli(['run'], dir);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /^optimizer-lab run: wrong number of arguments\nUsage: optimizer-lab run </);
});

/**
 * Runs the CLI and presses Ctrl-C (aborts its signal) when its stderr first matches `when`: on a
 * terminal the progress bar says how many runs ended and how many are running, elsewhere one line
 * per ended run (`[1/3] …`).
 */
async function runCancelledWhen(argv: string[], cwd: string, isTTY: boolean, when: RegExp) {
  const controller = new AbortController();
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => {
      stderr += s;
      if (when.test(s)) controller.abort();
    },
    isTTY,
    cwd,
    signal: controller.signal,
  });
  return { code, stdout, stderr };
}

test('run: Ctrl-C while a run is in progress cancels it and the queued one, keeps what finished, and exits 130', async (t) => {
  const dir = tempDir(t);
  writeFileSync(
    join(dir, 'long.optlab.json'),
    JSON.stringify({
      surface: { name: 'rosenbrock' },
      training: { steps: 3_000_000 },
      optimizers: [
        { name: 'SGD', lr: 1 }, // diverges at its first steps
        { name: 'SGD', lr: 0.0001 }, // running when Ctrl-C comes
        { name: 'Adam', lr: 0.001 }, // still queued
      ],
    }),
  );
  // Ctrl-C once the bar shows the first run ended and the second one running (it sent progress).
  const r = await runCancelledWhen(
    ['run', 'long.optlab.json', '--workers', '1', '--json'],
    dir,
    true,
    /1\/3 runs, 1 running/,
  );
  assert.equal(r.code, 130, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.status, 'cancelled');
  assert.deepEqual(
    j.runs.map((x: { status: string }) => x.status),
    ['diverged', 'cancelled', 'cancelled'],
  );
  // The Ctrl-C landed while the second run was in progress: it took steps, and not all of them.
  t.diagnostic(`the second run stopped after ${j.runs[1].steps} steps`);
  assert.ok(j.runs[1].steps > 0 && j.runs[1].steps < 3_000_000, `steps ${j.runs[1].steps}`);
  assert.equal(j.runs[2].message, 'cancelled before it started');
  assert.equal(j.runs[2].steps, 0);
  assert.ok(existsSync(j.report), 'the report is written for what finished');

  const text = await runCancelledWhen(['run', 'long.optlab.json', '--workers', '1'], dir, false, /^\[1\//);
  assert.equal(text.code, 130);
  assert.match(text.stdout, /^long \(cancelled: finished runs kept\)\n\n/);
});

test('run on a file with a search section says that it runs the listed configurations only', async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 40);
  writeFileSync(
    join(dir, 'search.optlab.json'),
    JSON.stringify({
      data: { path: 'data.csv', target: 'y' },
      training: { epochs: 2 },
      optimizers: [{ name: 'SGD', lr: 0.05 }],
      search: { strategy: 'random', parameters: { lr: { type: 'loguniform', low: 1e-3, high: 1 } } },
    }),
  );
  const r = await cli(['run', 'search.optlab.json', '--out', join(dir, 'out')], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /has a "search" section, which `run` ignores: it runs the 1 listed optimizer configuration/,
  );
  assert.match(r.stderr, /optimizer-lab search search\.optlab\.json/);
});

test('run: the doctor diagnoses each run — diverged and plateau in the table, in --json with evidence, and in the report', async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 40);
  writeFileSync(
    join(dir, 'd.optlab.json'),
    JSON.stringify({
      data: { path: 'data.csv', target: 'y', split: { validation: 0.25, seed: 1 } },
      model: { type: 'linear' },
      training: { epochs: 30, batch_size: null, seeds: [0] },
      optimizers: [
        { name: 'SGD', lr: 10 },
        { name: 'SGD', lr: 0.1 },
        { name: 'SGD', lr: 1e-6 },
      ],
    }),
  );
  const r = await cli(['run', 'd.optlab.json', '--json', '--out', 'out'], dir);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  const kinds = j.runs.map((x: { diagnoses: { kind: string }[] }) => x.diagnoses.map((d) => d.kind));
  assert.ok(kinds[0].includes('diverged'), JSON.stringify(kinds));
  assert.deepEqual(kinds[1], []);
  assert.deepEqual(kinds[2], ['plateau']);
  assert.equal(j.runs[0].diagnoses.find((d: { kind: string }) => d.kind === 'diverged').lrFactor, 0.1);
  assert.match(readFileSync(j.report, 'utf8'), /<h2>Diagnoses<\/h2>[\s\S]*plateau/);
  const text = await cli(['run', 'd.optlab.json', '--out', 'out'], dir);
  assert.match(text.stdout, /diagnosis/);
  assert.match(text.stdout, /SGD\(lr=0\.000001\).*plateau/);
});

test('the same experiment run three times names the same best; CLI, record and report agree', async (t) => {
  // Iris with few epochs: validation accuracies tie often, the case where time used to decide.
  const dir = tempDir(t);
  writeFileSync(join(dir, 'iris.csv'), readFileSync(join('samples', 'iris.csv')));
  const sample = JSON.parse(readFileSync(join('samples', 'iris-optimizers.optlab.json'), 'utf8'));
  sample.training.epochs = 5;
  writeFileSync(join(dir, 'iris.optlab.json'), JSON.stringify(sample));
  const bests: unknown[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await cli(['run', 'iris.optlab.json', '--json', '--out', 'out', '--workers', '2'], dir);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    bests.push(j.best);
    const record = JSON.parse(readFileSync(join(j.record, 'record.json'), 'utf8'));
    assert.deepEqual(record.best, j.best);
    // The report's first results row is the best configuration, with its best run named.
    const html = readFileSync(j.report, 'utf8');
    const table = html.slice(html.indexOf('<table id="results">'));
    const firstRow = table.slice(table.indexOf('<tbody>'));
    assert.match(firstRow, new RegExp(`^<tbody>\\s*<tr data-config="${j.best.configuration}">`));
    assert.ok(firstRow.slice(0, firstRow.indexOf('</tr>')).includes(`>${j.best.run}<`));
    // `runs list --json` names the same run.
    const list = await cli(['runs', 'list', '--dir', 'out', '--json'], dir);
    const listed = JSON.parse(list.stdout);
    const entry = (Array.isArray(listed) ? listed : listed.records).find(
      (x: { id: string }) => x.id === record.id,
    );
    assert.match(entry.best, new RegExp(`^${j.best.run} `));
  }
  assert.deepEqual(bests[1], bests[0]);
  assert.deepEqual(bests[2], bests[0]);
});
