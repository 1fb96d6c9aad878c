import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadTable } from '../../../src/engine/data/loadTable';
import { balanceOf, previewOf } from '../../../src/engine/data/preview';
import { previewHostMessageSchema } from '../../../src/protocol/preview';

const messy = join(__dirname, '../../fixtures/data/messy.csv');

test('the preview of a messy file: head, types, missing counts, histograms and problems, valid for the protocol', async () => {
  const table = await loadTable(messy, { displayName: 'messy.csv' });
  const p = previewOf(table);
  assert.equal(p.delimiter, 'semicolon');
  assert.equal(p.rows, 15);
  assert.deepEqual(p.head[0], ['31', '22.5', 'Oslo', 'yes']);
  assert.deepEqual(p.head[2], [null, '27.1', 'Oslo', 'yes']);
  assert.deepEqual(
    p.columns.map((c) => [c.name, c.kind, c.missing]),
    [
      ['age', 'numeric', 1],
      ['bmi', 'numeric', 1],
      ['city', 'categorical', 1],
      ['paid', 'categorical', 0],
    ],
  );
  assert.equal(p.columns[1]!.problem, 'messy.csv:3:2: expected a number in column "bmi", found "abc"');
  assert.equal(
    p.columns[0]!.histogram!.counts.reduce((a, b) => a + b, 0),
    14,
  );
  assert.ok(
    previewHostMessageSchema.safeParse({ type: 'summary', payload: { summary: p, error: null } }).success,
  );
});

test('target balance: classes with counts, or the problem that stops the column being a target', async () => {
  const table = await loadTable(messy, { displayName: 'messy.csv' });
  assert.deepEqual(balanceOf(table, 'paid'), {
    name: 'paid',
    task: 'binary',
    classes: ['no', 'yes'],
    classCounts: [8, 7],
    missing: 0,
    problem: null,
  });
  const bmi = balanceOf(table, 'bmi');
  assert.equal(bmi.task, null);
  assert.equal(bmi.problem, 'messy.csv:3:2: expected a number in column "bmi", found "abc"');
  // 14 distinct integers: classes by the engine's rule (at most 20 integers).
  assert.equal(balanceOf(table, 'age').task, 'multiclass');
});
