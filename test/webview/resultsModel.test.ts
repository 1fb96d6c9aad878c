import { test } from 'node:test';
import assert from 'node:assert/strict';
import Papa from 'papaparse';
import { LabModel } from '../../webview/lab/labModel';
import { filterRows, resultColumns, resultRows, rowsToCsv, sortRows } from '../../webview/lab/resultsModel';
import { sampleLabRecord, TWO_CONFIGS } from './labData';

function model(...records: ReturnType<typeof sampleLabRecord>[]): LabModel {
  const m = new LabModel();
  m.load(records);
  return m;
}

const DIVERGING = [...TWO_CONFIGS, { label: 'SGD(lr=10)', start: 1, decay: 1.5, floor: 0, divergeAt: 5 }];

test('rows are the runs with their configuration’s rank; sorting keeps runs without a value last either way', () => {
  const r = sampleLabRecord(DIVERGING);
  const rows = resultRows(model(r), new Set());
  const cols = resultColumns(rows, false, 'objective');
  const asc = sortRows(rows, cols, { column: 'rank', direction: 'ascending' });
  assert.deepEqual(
    asc.map((x) => x.rank),
    [1, 1, 2, 2, null, null],
  );
  const desc = sortRows(rows, cols, { column: 'rank', direction: 'descending' });
  assert.deepEqual(
    desc.map((x) => x.rank),
    [2, 2, 1, 1, null, null],
  );
  const byLabel = sortRows(rows, cols, { column: 'label', direction: 'ascending' });
  assert.deepEqual([...new Set(byLabel.map((x) => x.label))], ['Adam(lr=0.01)', 'SGD(lr=0.1)', 'SGD(lr=10)']);
});

test('the filter matches every term in label, status, seed or starred', () => {
  const r = sampleLabRecord(DIVERGING);
  const starKey = `${r.recordDir}\n${r.record.runs[0]!.id}`;
  const rows = resultRows(model(r), new Set([starKey]));
  assert.equal(filterRows(rows, 'diverged').length, 2);
  assert.equal(filterRows(rows, 'sgd seed:1').length, 2);
  assert.equal(filterRows(rows, 'adam seed:0').length, 1);
  assert.equal(filterRows(rows, 'starred').length, 1);
  assert.equal(filterRows(rows, '  ').length, rows.length);
  assert.equal(filterRows(rows, 'nothing-like-this').length, 0);
});

test('CSV export has the shown columns, full precision and the run id', () => {
  const r = sampleLabRecord(TWO_CONFIGS);
  const rows = resultRows(model(r), new Set());
  const cols = resultColumns(rows, false, 'objective: val_loss (final)');
  const parsed = Papa.parse<string[]>(rowsToCsv(rows, cols), { newline: '\r\n' }).data;
  // The hyperparameters that differ between configurations are columns of their own.
  assert.deepEqual(parsed[0]!.slice(0, 4), ['rank', 'configuration', 'optimizer', 'seed']);
  assert.deepEqual(parsed[0]!.slice(-3), ['run', 'best', 'starred']);
  assert.ok(parsed[0]!.includes('objective: val_loss (final)'));
  const opt = parsed[0]!.indexOf('optimizer');
  assert.deepEqual(
    parsed.slice(1).map((row) => row[opt]),
    rows.map((x) => String(x.config['name'])),
  );
  // Exactly one best run: the median seed of rank 1.
  assert.equal(parsed.slice(1).filter((row) => row.at(-2) === 'yes').length, 1);
  assert.equal(parsed.length, rows.length + 1);
  const obj = parsed[0]!.indexOf('objective: val_loss (final)');
  assert.equal(Number(parsed[1]![obj]), rows[0]!.objective);
});

test('compared records sharing an objective are ranked together; the colour follows the configuration', () => {
  const a = sampleLabRecord(TWO_CONFIGS, { name: 'first', dir: '/r/a' });
  const b = sampleLabRecord([{ label: 'RMSprop()', start: 1, decay: 0.5, floor: 0.01 }], {
    name: 'second',
    dir: '/r/b',
  });
  const m = model(a, b);
  assert.ok(m.compare);
  const rows = resultRows(m, new Set());
  const best = rows.find((r) => r.rank === 1)!;
  assert.equal(best.label, 'RMSprop()', 'the lowest objective over both records ranks first');
  assert.deepEqual([...new Set(rows.map((r) => r.position))], [0, 1, 2]);
  const cols = resultColumns(rows, true, 'objective');
  assert.equal(cols[1]!.id, 'experiment');
  assert.equal(m.configs()[2]!.label, 'second: RMSprop()');
  // The same experiment run twice is told apart by its start time.
  const twice = model(a, {
    ...a,
    recordDir: '/r/a2',
    record: { ...a.record, createdAt: '2026-01-03T10:11:12.000Z' },
  });
  assert.deepEqual(
    [...new Set(resultRows(twice, new Set()).map((r) => r.experiment))],
    ['first @ 2026-01-02 03:04:05', 'first @ 2026-01-03 10:11:12'],
  );
});

test('lab status: running while a record is live, then how the records ended', () => {
  const r = sampleLabRecord(TWO_CONFIGS);
  const m = model({ ...r, live: true, record: { ...r.record, status: 'running' } });
  assert.equal(m.status(), 'running');
  m.finish(r.recordDir, { ...r.record, status: 'cancelled' });
  assert.equal(m.status(), 'cancelled');
  assert.equal(model().status(), 'empty');
  const stale = model({ ...r, live: false, record: { ...r.record, status: 'running' } });
  assert.equal(stale.status(), 'interrupted', 'marked running on disk, but no session runs it');
});
