// The run panel's problems in plain words: field labels for paths, comparison signs in words, and
// problems shown only for touched fields until Run is pressed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildExperiment, defaultForm, optimizerForm } from '../../webview/runPanel/experimentForm';
import { fieldLabel, plainIssue, plainPredicate } from '../../webview/runPanel/formWords';
import { moreBelow, visibleIssues } from '../../webview/runPanel/issueVisibility';
import { fileSummary } from '../../webview/runPanel/fileSummary';

const facts = { fileName: 'd.csv', rows: 100, anyMissing: false, task: 'regression' as const };

test('paths become the labels the form shows', () => {
  const form = defaultForm();
  assert.equal(fieldLabel('optimizers.0.lr', form), 'Learning rate of optimizer 1 (SGD)');
  assert.equal(fieldLabel('optimizers.2.betas', form), 'Betas of optimizer 3 (Adam)');
  assert.equal(fieldLabel('training.seeds.1', form), 'Seeds');
  assert.equal(fieldLabel('training.epochs', form), 'Epochs');
  assert.equal(fieldLabel('schedule.T_max', form), 'T_max of the schedule');
  assert.equal(fieldLabel('data.split.validation', form), 'Validation fraction');
});

test('messages read as sentences: no paths, no zod phrasing, no comparison signs', () => {
  assert.equal(plainPredicate('must be >= 1, got 0'), 'must be at least 1, not 0');
  assert.equal(plainPredicate('must be > 0'), 'must be greater than 0');
  assert.equal(plainPredicate('expected an integer, got 1.5'), 'must be an integer, not 1.5');
  const form = { ...defaultForm(), target: 'y', epochs: '0', seeds: '0, 0' };
  form.optimizers = [{ ...optimizerForm('SGD'), values: { ...optimizerForm('SGD').values, lr: '-1' } }];
  const { issues } = buildExperiment(form, facts);
  const words = issues.map((i) => plainIssue(i, form));
  assert.ok(
    words.includes(
      'Learning rate of optimizer 1 (SGD) must be at least 0, not -1 (torch: Invalid learning rate: -1).',
    ),
    words.join('\n'),
  );
  assert.ok(words.includes('Epochs must be at least 1, not 0.'), words.join('\n'));
  for (const w of words) {
    assert.doesNotMatch(w, /optimizers\.\d|training\.|>=|<=|Too small|expected number/, w);
    assert.match(w, /^[A-Z].*\.$/, w);
  }
  assert.equal(plainIssue({ path: 'data.path', message: 'choose a data file' }, form), 'Choose a data file.');
  assert.equal(
    plainIssue({ path: 'optimizers.0.momentum', message: 'must be a number, not "abc"' }, form),
    'Momentum of optimizer 1 (SGD) must be a number, not "abc".',
  );
});

test('nothing is shown before the user acts; a touched field shows its own problem; Run shows all', () => {
  const issues = [
    { path: 'data.path', message: 'choose a data file' },
    { path: 'training.seeds.1', message: 'duplicate seed 0' },
    { path: 'optimizers.0.nesterov', message: 'Nesterov momentum requires a momentum' },
  ];
  assert.deepEqual(visibleIssues(issues, { touched: new Set(), submitted: false }), []);
  assert.deepEqual(
    visibleIssues(issues, { touched: new Set(['training.seeds']), submitted: false }).map((i) => i.path),
    ['training.seeds.1'],
  );
  assert.deepEqual(
    visibleIssues(issues, { touched: new Set(['optimizers.0.momentum']), submitted: false }).map(
      (i) => i.path,
    ),
    ['optimizers.0.nesterov'],
  );
  assert.equal(visibleIssues(issues, { touched: new Set(), submitted: true }).length, 3);
});

test('the scroll hint shows while content is below the fold', () => {
  assert.equal(moreBelow(0, 400, 1200), true);
  assert.equal(moreBelow(800, 400, 1200), false);
  assert.equal(moreBelow(0, 400, 400), false);
});

test("the file's summary: rows, columns by type, missing values, the target marked", () => {
  const s = fileSummary(
    150,
    [
      { name: 'a', kind: 'numeric', missing: 3, distinct: 40, task: 'regression' },
      { name: 'b', kind: 'numeric', missing: 0, distinct: 40, task: 'regression' },
      { name: 'species', kind: 'categorical', missing: 1, distinct: 3, task: 'multiclass' },
    ],
    'species',
  );
  assert.equal(s.headline, '150 rows · 3 columns (2 numeric, 1 categorical) · 4 missing values in 2 columns');
  assert.deepEqual(s.rows[2], { name: 'species', type: 'categorical, 3 levels', missing: 1, isTarget: true });
  assert.match(fileSummary(1, [], '').headline, /^1 row · 0 columns · no missing values$/);
});
