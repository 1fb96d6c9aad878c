// Where records are written and looked for, per the optimizerLab.recordsFolder setting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordSearches, recordsRootFor } from '../../src/extension/recordsLocation';

test('records go beside the experiment by default, else to the configured folder', () => {
  assert.equal(recordsRootFor('/w/exp/a.optlab.json', '', '/w'), '/w/exp/.optimizer-lab');
  assert.equal(recordsRootFor('/w/exp/a.optlab.json', '  ', '/w'), '/w/exp/.optimizer-lab');
  assert.equal(recordsRootFor('/w/exp/a.optlab.json', '/data/records', '/w'), '/data/records');
  assert.equal(recordsRootFor('/w/exp/a.optlab.json', 'runs/records', '/w'), '/w/runs/records');
  assert.equal(recordsRootFor('/w/exp/a.optlab.json', 'records', null), '/w/exp/records');
});

test('the runs tree searches every .optimizer-lab folder, or the configured one', () => {
  assert.deepEqual(recordSearches('', ['/w', '/v']), [
    { base: '/w', pattern: '**/.optimizer-lab/*/{record.json,runs.jsonl}' },
    { base: '/v', pattern: '**/.optimizer-lab/*/{record.json,runs.jsonl}' },
  ]);
  assert.deepEqual(recordSearches('/data/records/', ['/w']), [
    { base: '/data/records', pattern: '*/{record.json,runs.jsonl}' },
  ]);
  assert.deepEqual(recordSearches('runs\\records', ['/w']), [
    { base: '/w', pattern: 'runs/records/*/{record.json,runs.jsonl}' },
  ]);
});
