// Fuzzing experiment files (fast-check, seeded): whatever the text, validation either resolves it
// or throws an ExperimentError whose every issue has a path, a line and a column — never another
// exception, never a case that takes seconds. A few cases go through the CLI for exit codes, and
// the valid ones (with small budgets) are run to the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseExperimentText } from '../../../src/engine/experiment/loadExperiment';
import { ExperimentError } from '../../../src/engine/errors';
import { limitIssues } from '../../../src/engine/experiment/limits';
import { expandRuns } from '../../../src/engine/runs/expandRuns';
import { cli } from '../../helpers/cli';
import { readRecord } from '../../../src/engine/runs/records';
import { tempDir, writeRegressionCsv } from '../runs/runSpecs';

const SEED = 18;
// A generous bound: a case is a parse and a schema check of a small text. Anything near it is a
// pathological slowdown (a regex blow-up, an exponential did-you-mean), not machine load.
const CASE_MS = 5000;

const valid: object[] = [
  {
    data: { path: 'iris.csv', target: 'species', split: { validation: 0.2, seed: 0 } },
    model: { type: 'mlp', hidden: [16], activation: 'tanh' },
    training: { epochs: 20, batch_size: 32, seeds: [0, 1] },
    optimizers: [
      { name: 'SGD', lr: 0.05, momentum: 0.9, nesterov: true },
      { name: 'Adam', lr: 0.01 },
    ],
    schedule: { name: 'StepLR', step_size: 5 },
    objective: { metric: 'val_accuracy', use: 'best' },
  },
  {
    surface: { name: 'rosenbrock', start: [-1.5, 2], restarts: 1 },
    training: { steps: 100 },
    optimizers: [{ name: 'RMSprop', lr: 0.01, centered: true }],
  },
  {
    data: { path: 'd.csv', target: 'y' },
    training: { epochs: 5 },
    optimizers: [{ name: 'SGD', lr: 0.1 }],
    search: {
      strategy: 'tpe',
      parameters: { lr: { type: 'loguniform', low: 0.0001, high: 0.1 } },
      budget: { trials: 5 },
    },
  },
];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The paths of every value in a JSON tree. */
function pathsOf(v: Json, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...pathsOf(x, [...at, i])));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) out.push(...pathsOf(x, [...at, k]));
  return out;
}

function setAt(root: Json, path: (string | number)[], value: Json | undefined): Json {
  if (path.length === 0) return value ?? null;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node = copy as Record<string | number, Json>;
  for (const p of path.slice(0, -1)) node = node[p] as Record<string | number, Json>;
  const last = path.at(-1)!;
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

const edgeValues = fc.constantFrom<Json>(
  -1,
  0,
  1e308,
  -1e-320,
  2 ** 53 + 1,
  '',
  'Adam',
  'SGD\n',
  '\u001b[31m',
  '../../../etc/passwd',
  [],
  {},
  [0, 0],
  null,
  true,
  1e9,
);
const anyValue: fc.Arbitrary<Json> = fc.oneof(
  edgeValues,
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);

/** A valid experiment with a few values replaced, deleted or added somewhere in its tree. */
const mutatedObject: fc.Arbitrary<string> = mutationsOf(anyValue, 4);

/**
 * Values an experiment file plausibly holds (rates, counts, flags, names): edits with these keep
 * many files valid, so the runs below meet many valid-but-unusual experiments.
 */
const plausibleValue: fc.Arbitrary<Json> = fc.oneof(
  fc.double({ min: 1e-6, max: 10, noNaN: true }),
  fc.integer({ min: 0, max: 64 }),
  fc.boolean(),
  fc.constantFrom<Json>(
    'Adam',
    'AdamW',
    'SGD',
    'RMSprop',
    'Adagrad',
    'relu',
    'tanh',
    'linear',
    'mlp',
    [8, 8],
    [],
  ),
  edgeValues,
);

function mutationsOf(values: fc.Arbitrary<Json>, maxEdits: number): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...valid),
      fc.array(fc.tuple(fc.nat(), fc.oneof(values, fc.constant(undefined)), fc.string({ maxLength: 12 })), {
        minLength: 1,
        maxLength: maxEdits,
      }),
    )
    .map(([base, edits]) => {
      let doc = base as Json;
      for (const [pick, value, newKey] of edits) {
        const paths = pathsOf(doc);
        const path = paths[pick % paths.length]!;
        const target = path.reduce<Json>((n, p) => (n as Record<string | number, Json>)[p]!, doc);
        // Sometimes add a key where an object is, otherwise replace or delete the value.
        if (target && typeof target === 'object' && !Array.isArray(target) && pick % 3 === 0) {
          doc = setAt(doc, [...path, newKey], value ?? 1);
        } else doc = setAt(doc, path, path.length === 0 ? (value ?? {}) : value);
      }
      return JSON.stringify(doc, null, pick(edits.length));
    });
}

function pick(n: number): number {
  return n % 2 === 0 ? 2 : 0;
}

/** Valid JSON text with characters inserted, deleted or the text cut short. */
const mutatedText: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...valid).map((v) => JSON.stringify(v, null, 2)),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.constantFrom('', '"', ',', '}', ']', '{', ':', '1e999', '\n', '\\', 'x', '\u0000'),
      ),
      {
        minLength: 1,
        maxLength: 3,
      },
    ),
  )
  .map(([text, edits]) => {
    let t = text;
    for (const [at, insert] of edits) {
      const i = at % (t.length + 1);
      t = insert === '' ? t.slice(0, i) + t.slice(i + 1) : t.slice(0, i) + insert + t.slice(i);
    }
    return t;
  });

const anyText = fc.oneof(
  { weight: 5, arbitrary: mutatedObject },
  { weight: 3, arbitrary: mutatedText },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
);

/** Validates one text: resolved, or an ExperimentError whose every issue is located. */
function check(text: string): void {
  const t0 = performance.now();
  try {
    const e = parseExperimentText(text, 'fuzz.optlab.json', '/tmp');
    // What resolves must also expand into runs without an internal error (data shapes aside).
    limitIssues(e);
    if (e.kind === 'surface') assert.ok(expandRuns(e, null).length > 0);
  } catch (err) {
    if (!(err instanceof ExperimentError)) throw err;
    assert.ok(err.issues.length > 0);
    for (const i of err.issues) {
      assert.ok(
        i.line !== undefined && i.line >= 1 && i.column !== undefined && i.column >= 1,
        JSON.stringify(i),
      );
      assert.ok(!i.message.includes('\n'), `one line: ${i.message}`);
    }
    assert.match(err.format(), /^fuzz\.optlab\.json:\d+:\d+: /);
  }
  const ms = performance.now() - t0;
  assert.ok(ms < CASE_MS, `a case took ${ms.toFixed(0)} ms`);
}

test('fuzz: 3,000 experiment files resolve or fail with located issues, never an internal error', () => {
  fc.assert(fc.property(anyText, check), { seed: SEED, numRuns: 3000 });
});

test('fuzz through the CLI: validate exits 0 or 1 with file:line:col, never 2', async (t) => {
  const dir = tempDir(t);
  const samples = fc.sample(anyText, { seed: SEED, numRuns: 25 });
  for (const [k, text] of samples.entries()) {
    const file = `f${k}.optlab.json`;
    writeFileSync(join(dir, file), text);
    const r = await cli(['validate', file], dir);
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}\n${text}`);
    if (r.code === 1)
      assert.match(r.stderr, new RegExp(`^${file.replace('.', '\\.')}:\\d+:\\d+: `), r.stderr);
  }
});

/**
 * The text with its budgets cut to a few steps (epochs, steps, seeds, restarts), so a valid case
 * runs in well under a second; null when it is not a JSON object.
 */
function smallBudget(text: string): string | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  const obj = (v: unknown): Record<string, unknown> | null =>
    v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  const root = obj(doc);
  if (!root) return null;
  const cut = (o: Record<string, unknown> | null, key: string, max: number): void => {
    if (o && typeof o[key] === 'number' && (o[key] as number) > max) o[key] = max;
  };
  const training = obj(root['training']);
  cut(training, 'epochs', 2);
  cut(training, 'steps', 30);
  if (training && Array.isArray(training['seeds'])) training['seeds'] = training['seeds'].slice(0, 2);
  cut(obj(root['surface']), 'restarts', 1);
  return JSON.stringify(root, null, 1);
}

test(
  'fuzz through run: every valid generated experiment runs to a record with a final status, never an internal error',
  { timeout: 600_000 },
  async (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'iris.csv'), readFileSync(join('samples', 'iris.csv')));
    writeRegressionCsv(dir, 40, 'd.csv');
    const texts = fc
      .sample(mutationsOf(plausibleValue, 2), { seed: SEED + 1, numRuns: 300 })
      .map(smallBudget)
      .filter((x): x is string => x !== null);
    let ran = 0;
    let refused = 0;
    for (const [k, text] of texts.entries()) {
      try {
        parseExperimentText(text, `r${k}.optlab.json`, dir);
      } catch (e) {
        if (e instanceof ExperimentError) continue; // the invalid ones are the tests above
        throw e;
      }
      const file = `r${k}.optlab.json`;
      writeFileSync(join(dir, file), text);
      const out = `out${k}`;
      const r = await cli(['run', file, '--workers', '1', '--json', '--out', out], dir);
      assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}\n${text}`);
      const json = JSON.parse(r.stdout);
      const records = existsSync(join(dir, out)) ? readdirSync(join(dir, out)) : [];
      if (r.code === 1) {
        // Refused before running (data, limits): a clear error, and no record claims to run.
        refused++;
        assert.equal(typeof json.error?.message, 'string', r.stdout);
        for (const name of records) {
          const e = await readRecord(join(dir, out, name));
          assert.ok(!e.ok || e.record.status !== 'running', `${name} left running\n${text}`);
        }
        continue;
      }
      ran++;
      assert.equal(json.status, 'done', text);
      assert.equal(records.length, 1);
      const entry = await readRecord(join(dir, out, records[0]!));
      assert.ok(entry.ok, entry.ok ? '' : entry.error);
      assert.equal(entry.record.status, 'done');
      assert.ok(entry.record.runs.length > 0);
      for (const run of entry.record.runs)
        assert.ok(run.status !== 'queued' && run.status !== 'running', `${run.id} ${run.status}\n${text}`);
    }
    t.diagnostic(
      `${texts.length} generated, ${ran} valid ones ran, ${refused} valid ones refused at run time`,
    );
    // Seeded: the same 40-odd run each time (fewer if the schema grows stricter, hence the margin).
    assert.ok(ran >= 25, `only ${ran} generated experiments were valid and ran`);
  },
);
