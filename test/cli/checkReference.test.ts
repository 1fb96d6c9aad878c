import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cli } from '../helpers/cli';

/** `optimizer-lab check-reference`: exit codes, the human report, the JSON contract, --tol. */

const GOLDEN = resolve('test/fixtures/golden/cases');
const REFERENCE = resolve('test/fixtures/reference/cases');
const SGD = 'rosenbrock__sgd.json';
const NADAM = 'linreg_diabetes__nadam.json';
const MINIBATCH = 'minibatch_linreg__sgd_momentum.json';

interface CaseJson {
  name: string;
  steps: number;
  losses?: number[];
  batch_losses?: number[];
  final_params: Record<string, unknown>;
  tolerance: { loss_rel: number };
  problem: { dataset_csv?: string };
}

function readCase(dir: string, file: string): CaseJson {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as CaseJson;
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'optlab-check-reference-'));
}

function shape(v: unknown): unknown {
  return Array.isArray(v) ? [v.length, shape(v[0])] : typeof v;
}

test('a passing case: exit 0, a PASS line and one line per trajectory', async () => {
  const r = await cli(['check-reference', SGD], GOLDEN);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines[0], `PASS rosenbrock__sgd (${SGD}), 500 steps`);
  for (const name of ['losses', 'trajectory', 'final_params']) {
    assert.ok(
      lines.some((l) => new RegExp(`^  ok +${name} `).test(l)),
      `${name} line in\n${r.stdout}`,
    );
  }
});

test('a torch 1.13 NAdam case: exit 1, FAIL, and the note on the mu_product fix', async () => {
  const r = await cli(['check-reference', NADAM], GOLDEN);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^FAIL linreg_diabetes__nadam /);
  assert.match(r.stdout, /\n {2}FAIL losses /);
  assert.match(r.stdout, /\n {2}note: torch 1\.13's NAdam counts mu twice in mu_product.*PR #92699/);
});

test('--json: the contract fields first, losses being the engine’s own (length steps + 1)', async () => {
  const r = await cli(['check-reference', NADAM, '--json'], GOLDEN);
  assert.equal(r.code, 1);
  const j = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.deepEqual(Object.keys(j).slice(0, 7), [
    'case',
    'steps',
    'max_abs_err',
    'max_rel_err',
    'pass',
    'losses',
    'final_params',
  ]);
  const c = readCase(GOLDEN, NADAM);
  assert.equal(j['case'], 'linreg_diabetes__nadam');
  assert.equal(j['steps'], c.steps);
  assert.equal(j['pass'], false);
  assert.ok(!('batch_losses' in j));
  const losses = j['losses'] as number[];
  assert.equal(losses.length, c.steps + 1);
  // The engine's values, not the file's: same start, torch 2.x's NAdam after it.
  assert.equal(losses[0], c.losses![0]);
  const rel1 = Math.abs(losses[1]! - c.losses![1]!) / c.losses![1]!;
  assert.ok(rel1 > 1e-4 && rel1 < 1e-3, `step 1 differs by ${rel1}`);
  assert.equal(typeof j['max_abs_err'], 'number');
  assert.ok((j['max_rel_err'] as number) >= rel1);
  assert.deepEqual(
    shape((j['final_params'] as Record<string, unknown>)['weight']),
    shape(c.final_params['weight']),
  );
  assert.deepEqual(Object.keys(j['final_params'] as object).sort(), Object.keys(c.final_params).sort());
  assert.match((j['notes'] as string[])[0]!, /PR #92699/);
});

test('--json on a mini-batch case reports batch_losses (one per step), within the case’s tolerance', async () => {
  const r = await cli(['check-reference', MINIBATCH, '--json'], GOLDEN);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.deepEqual(Object.keys(j).slice(0, 7), [
    'case',
    'steps',
    'max_abs_err',
    'max_rel_err',
    'pass',
    'batch_losses',
    'final_params',
  ]);
  assert.ok(!('losses' in j));
  const c = readCase(GOLDEN, MINIBATCH);
  const losses = j['batch_losses'] as number[];
  assert.equal(losses.length, c.batch_losses!.length);
  assert.equal(j['steps'], c.batch_losses!.length);
  losses.forEach((v, i) => {
    const e = c.batch_losses![i]!;
    assert.ok(Math.abs(v - e) <= c.tolerance.loss_rel * Math.abs(e), `batch ${i}: ${v} vs ${e}`);
  });
});

test('--tol below the measured error fails a passing case; a loose --tol passes the NAdam case', async () => {
  const first = JSON.parse((await cli(['check-reference', SGD, '--json'], GOLDEN)).stdout) as {
    pass: boolean;
    max_rel_err: number;
  };
  assert.equal(first.pass, true);
  assert.ok(first.max_rel_err > 0, 'the replay is not bit-identical, so a tight bound can bite');
  const tight = await cli(['check-reference', SGD, '--tol', String(first.max_rel_err / 10)], GOLDEN);
  assert.equal(tight.code, 1);
  assert.match(tight.stdout, /^FAIL rosenbrock__sgd/);
  const same = await cli(['check-reference', SGD, '--tol', '1e-9'], GOLDEN);
  assert.equal(same.code, 0, same.stdout);

  const loose = await cli(['check-reference', NADAM, '--tol', '1e-2'], GOLDEN);
  assert.equal(loose.code, 0, loose.stdout);
  assert.match(loose.stdout, /^PASS linreg_diabetes__nadam/);
  assert.match(loose.stdout, /note: .*PR #92699/, 'the note is still shown');

  for (const bad of ['abc', '-1']) {
    const r = await cli(['check-reference', SGD, `--tol=${bad}`], GOLDEN);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`--tol must be a number >= 0, got "${bad}"`));
  }
});

test('several files at once: one report each and a count; exit 1 when any fails', async () => {
  const both = await cli(['check-reference', join(GOLDEN, SGD), join(REFERENCE, 'booth__sgd.json')]);
  assert.equal(both.code, 0, both.stdout);
  assert.match(both.stdout, /^PASS rosenbrock__sgd /m);
  assert.match(both.stdout, /^PASS booth__sgd /m);
  assert.match(both.stdout, /\n2 of 2 cases within tolerance\n$/);

  const mixed = await cli(['check-reference', SGD, NADAM, MINIBATCH], GOLDEN);
  assert.equal(mixed.code, 1);
  assert.match(mixed.stdout, /\n2 of 3 cases within tolerance\n$/);

  const json = await cli(['check-reference', SGD, NADAM, '--json'], GOLDEN);
  const arr = JSON.parse(json.stdout) as { case: string; pass: boolean }[];
  assert.deepEqual(
    arr.map((a) => [a.case, a.pass]),
    [
      ['rosenbrock__sgd', true],
      ['linreg_diabetes__nadam', false],
    ],
  );
});

test('a new case written by copying a golden one: unchanged it passes, one loss off by 1e-6 relative fails', async () => {
  const dir = tempDir();
  const c = JSON.parse(readFileSync(join(GOLDEN, SGD), 'utf8')) as CaseJson & { losses: number[] };
  writeFileSync(join(dir, 'copy.json'), JSON.stringify(c));
  const ok = await cli(['check-reference', 'copy.json'], dir);
  assert.equal(ok.code, 0, ok.stdout);

  c.losses[137] = c.losses[137]! * (1 + 1e-6);
  writeFileSync(join(dir, 'perturbed.json'), JSON.stringify(c));
  const r = await cli(['check-reference', 'perturbed.json', '--json'], dir);
  assert.equal(r.code, 1);
  const j = JSON.parse(r.stdout) as {
    pass: boolean;
    max_rel_err: number;
    trajectories: Record<string, { pass: boolean; worstIndex: number }>;
  };
  assert.equal(j.pass, false);
  assert.equal(j.trajectories['losses']!.pass, false);
  assert.equal(j.trajectories['losses']!.worstIndex, 137);
  assert.ok(Math.abs(j.max_rel_err - 1e-6) < 1e-8, `measured ${j.max_rel_err}`);
  assert.equal(j.trajectories['trajectory']!.pass, true, 'only the edited loss is off');

  // A data-set case copied elsewhere works once dataset_csv points at the data.
  const d = readCase(GOLDEN, 'linreg_diabetes__sgd.json');
  d.problem.dataset_csv = resolve(GOLDEN, '../datasets/diabetes.csv');
  writeFileSync(join(dir, 'diabetes.json'), JSON.stringify(d));
  const copied = await cli(['check-reference', 'diabetes.json'], dir);
  assert.equal(copied.code, 0, copied.stdout + copied.stderr);
});

test('unreadable input: exit 1 with a message naming the file, never a stack trace', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'not-json.json'), '{ "name": "x", ');
  const noJson = await cli(['check-reference', 'not-json.json'], dir);
  assert.equal(noJson.code, 1);
  assert.match(noJson.stderr, /not-json\.json: not valid JSON/);

  const c = JSON.parse(readFileSync(join(GOLDEN, SGD), 'utf8')) as Record<string, unknown>;
  delete c['final_params'];
  delete c['optimizer'];
  writeFileSync(join(dir, 'missing-fields.json'), JSON.stringify(c));
  const missing = await cli(['check-reference', 'missing-fields.json'], dir);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /missing-fields\.json: not a reference case: /);
  assert.match(missing.stderr, /optimizer: /);
  assert.match(missing.stderr, /final_params: /);

  const d = readCase(GOLDEN, 'linreg_diabetes__sgd.json');
  d.problem.dataset_csv = 'no-such-data.csv';
  writeFileSync(join(dir, 'no-data.json'), JSON.stringify(d));
  const noData = await cli(['check-reference', 'no-data.json'], dir);
  assert.equal(noData.code, 1);
  assert.match(noData.stderr, /no-such-data\.csv: no such file \(dataset_csv of .*no-data\.json\)/);

  const absent = await cli(['check-reference', 'absent.json'], dir);
  assert.equal(absent.code, 1);
  assert.match(absent.stderr, /absent\.json: no such file/);

  for (const r of [noJson, missing, noData, absent]) {
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, r.stderr);
    assert.equal(r.stdout, '');
  }
});
