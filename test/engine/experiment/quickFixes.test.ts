import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExperimentText } from '../../../src/engine/experiment/loadExperiment';
import { defaultAt, parsePath, quickFixes, tokenLength } from '../../../src/engine/experiment/quickFixes';
import { ExperimentError, type ExperimentIssue } from '../../../src/engine/errors';

function issuesOf(text: string): ExperimentIssue[] {
  try {
    parseExperimentText(text, 'bad.optlab.json', '/tmp');
    return [];
  } catch (e) {
    if (e instanceof ExperimentError) return e.issues;
    throw e;
  }
}

/** Replaces the token at an issue's line and column, as the extension's edit replaces the diagnostic's range. */
function apply(text: string, issue: ExperimentIssue, replacement: string): string {
  const lines = text.split('\n');
  const line = lines[issue.line! - 1]!;
  const start = issue.column! - 1;
  lines[issue.line! - 1] = line.slice(0, start) + replacement + line.slice(start + tokenLength(line, start));
  return lines.join('\n');
}

const BAD = `{
  "surface": { "name": "rosenbrok" },
  "training": { "steps": 0, "seeds": [0] },
  "optimizers": [
    { "name": "Adamm", "lr": -1 },
    { "name": "SGD", "lrr": 0.1, "momentum": 0.9 }
  ]
}`;

test('applying the preferred quick fix of every problem, round after round, gives a valid file', () => {
  let text = BAD;
  // An unknown optimizer hides the checks of its keywords: lr -1 shows up once "Adamm" is fixed.
  const counts: number[] = [];
  for (let round = 0; round < 3; round++) {
    const issues = issuesOf(text);
    counts.push(issues.length);
    // Apply from the end so earlier positions stay valid.
    for (const issue of [...issues].reverse()) {
      const preferred = quickFixes(text, issue).filter((f) => f.preferred);
      assert.equal(preferred.length, 1, `${issue.path}: ${issue.message}`);
      text = apply(text, issue, preferred[0]!.replacement);
    }
  }
  assert.deepEqual(counts, [4, 1, 0]);
  assert.match(text, /"name": "rosenbrock"/);
  assert.match(text, /"steps": 1,/);
  assert.match(text, /"name": "Adam", "lr": 0.001/);
  assert.match(text, /"lr": 0.1, "momentum"/);
});

test('a number out of range offers the bound when inclusive and the default when allowed', () => {
  const text =
    '{"surface": {"name": "booth"}, "optimizers": [{"name": "SGD", "lr": -1}], "training": {"steps": 0}}';
  const [lr, steps] = issuesOf(text);
  assert.deepEqual(
    quickFixes(text, lr!).map((f) => [f.title, f.replacement, f.preferred]),
    [
      ['Set to 0 (the smallest allowed)', '0', false],
      ['Set to the default 0.001', '0.001', true],
    ],
  );
  // The default of steps depends on the problem (it is not in the schema), so only the bound.
  assert.deepEqual(
    quickFixes(text, steps!).map((f) => f.replacement),
    ['1'],
  );
});

test('an exclusive bound with no allowed default, or a message without a hint, offers nothing', () => {
  const text = JSON.stringify({
    surface: { name: 'booth' },
    optimizers: [{ name: 'SGD' }],
    search: { strategy: 'random', parameters: { lr: { type: 'loguniform', low: 0, high: 1 } } },
  });
  const issues = issuesOf(text);
  assert.ok(issues.length > 0);
  for (const issue of issues) assert.deepEqual(quickFixes(text, issue), [], issue.message);
  assert.deepEqual(quickFixes(text, { path: '', message: 'needs exactly one of "data" or "surface"' }), []);
});

test('a split fraction out of [0, 1) falls back to its default', () => {
  const text =
    '{"data": {"path": "x.csv", "target": "y", "split": {"validation": 1.5}}, "optimizers": [{"name": "SGD"}]}';
  const issue = issuesOf(text).find((i) => i.path === 'data.split.validation')!;
  assert.deepEqual(
    quickFixes(text, issue).map((f) => f.replacement),
    ['0.2'],
  );
});

test('paths are read back as written and defaults found through optional and nullable wrappers', () => {
  assert.deepEqual(parsePath('optimizers[1].betas[0]'), ['optimizers', 1, 'betas', 0]);
  assert.deepEqual(parsePath('model.init.params["0.weight"]'), ['model', 'init', 'params', '0.weight']);
  const input = { optimizers: [{ name: 'Adam' }] };
  assert.deepEqual(defaultAt(input, ['optimizers', 0, 'betas']), [0.9, 0.999]);
  assert.equal(defaultAt(input, ['training', 'epochs']), 100);
  assert.equal(defaultAt(input, ['training', 'batch_size']), null);
  assert.equal(defaultAt(input, ['optimizers', 0, 'nonsense']), undefined);
});

test('the span of a problem is the token at its position, never the text between two strings', () => {
  const line = '  "optimizers": [{ "name": "Adamm", "lr": -1.5e-3, "x": true, "s": "a\\"b" }]';
  assert.equal(tokenLength(line, line.indexOf('"Adamm"')), '"Adamm"'.length);
  assert.equal(tokenLength(line, line.indexOf('-1.5e-3')), '-1.5e-3'.length);
  assert.equal(tokenLength(line, line.indexOf('true')), 4);
  assert.equal(tokenLength(line, line.indexOf('"a\\')), '"a\\"b"'.length);
  assert.equal(tokenLength(line, line.indexOf('{')), 1);
});
