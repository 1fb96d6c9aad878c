// Fuzzing experiment files (fast-check, seeded): whatever the text, validation either resolves it
// or throws an ExperimentError whose every issue has a path, a line and a column — never another
// exception, never a case that takes seconds. A few cases go through the CLI for exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseExperimentText } from '../../../src/engine/experiment/loadExperiment';
import { ExperimentError } from '../../../src/engine/errors';
import { limitIssues } from '../../../src/engine/experiment/limits';
import { expandRuns } from '../../../src/engine/runs/expandRuns';
import { cli } from '../../helpers/cli';
import { tempDir } from '../runs/runSpecs';

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
const mutatedObject: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...valid),
    fc.array(fc.tuple(fc.nat(), fc.oneof(anyValue, fc.constant(undefined)), fc.string({ maxLength: 12 })), {
      minLength: 1,
      maxLength: 4,
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
