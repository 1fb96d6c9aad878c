import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LabModel } from '../../webview/lab/labModel';
import { configurationColumns, configurationRows } from '../../webview/lab/configurationRows';
import { resultRows } from '../../webview/lab/resultsModel';
import { rankConfigurations } from '../../src/engine/verdict/rankConfigurations';
import { sampleLabRecord, TWO_CONFIGS } from './labData';

const DIVERGING = [...TWO_CONFIGS, { label: 'SGD(lr=10)', start: 1, decay: 1.5, floor: 0, divergeAt: 5 }];

test('one row per configuration with its verdict over the seeds; its runs are the rows it expands to', () => {
  const r = sampleLabRecord(DIVERGING, { seeds: 3 });
  const m = new LabModel();
  m.load([r]);
  const configs = configurationRows(resultRows(m, new Set()));
  assert.equal(configs.length, 3);
  const verdict = rankConfigurations(r.record.runs, r.record.objective);
  for (const v of verdict.configurations) {
    const row = configs.find((c) => c.key === `${r.recordDir}\n${v.index}`)!;
    assert.deepEqual(
      [row.rank, row.mean, row.std, row.ci95, row.tied],
      [v.rank, v.mean, v.std, v.ci95, v.tied_with_leader],
    );
    assert.equal(row.runs.length, 3);
    assert.deepEqual(row.statuses, v.statuses);
  }
  const best = configs.flatMap((c) => c.runs).filter((x) => x.best);
  assert.deepEqual(
    best.map((x) => x.runId),
    [verdict.best!.run],
  );
  const cols = configurationColumns(configs, false, 'val_loss');
  const text = (id: string, row = configs[0]!) => cols.find((c) => c.id === id)!.text(row);
  // Numbers to four significant digits, the interval as [lo, hi], the statuses counted.
  assert.match(text('objective'), /^[\d.e-]+ ± [\d.e-]+$/);
  assert.ok(
    text('objective')
      .split(' ± ')
      .every((x) => x.replace(/^-|\.|e.*$/g, '').replace(/^0+/, '').length <= 4),
  );
  assert.match(text('ci95'), /^\[[^,]+, [^\]]+\]$/);
  const diverged = configs.find((c) => c.label === 'SGD(lr=10)')!;
  assert.equal(text('status', diverged), '3 diverged');
  assert.equal(text('rank', diverged), '—');
  // Hyperparameters that differ are columns; a seed row shows the run's own values.
  assert.ok(cols.some((c) => c.id.startsWith('param:')));
  const rank = cols.find((c) => c.id === 'rank')!;
  const seedCells = configs[0]!.runs.map((x) => rank.seed(x));
  assert.ok(
    seedCells.every((t) => /^seed \d( best)?$/.test(t)),
    seedCells.join(),
  );
});
