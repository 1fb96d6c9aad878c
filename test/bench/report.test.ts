import { test } from 'node:test';
import assert from 'node:assert/strict';
import { figure, resultsTable } from '../../bench/report';
import { summarize } from '../../bench/stats';
import { baselineEnv } from '../../bench/python';

test('summaries give min, median (even and odd counts) and max', () => {
  assert.deepEqual(summarize([3, 1, 2]), { min: 1, median: 2, max: 3, reps: 3 });
  assert.deepEqual(summarize([4, 1, 3, 2]), { min: 1, median: 2.5, max: 4, reps: 4 });
  assert.throws(() => summarize([]), /no repetitions/);
});

test('a ratio above 1 always means the engine is better, for rates and for times', () => {
  const rate = figure('steps', 'steps/s', true, summarize([200]), {
    name: 'torch',
    summary: summarize([100]),
  });
  assert.equal(rate.ratio, 2);
  const time = figure('load', 's', false, summarize([1]), { name: 'pandas', summary: summarize([3]) });
  assert.equal(time.ratio, 3);
  const alone = figure('load', 's', false, summarize([1]), null);
  assert.equal(alone.ratio, null);
  assert.equal(alone.baseline_name, null);
  for (const f of [rate, time, alone])
    assert.deepEqual(Object.keys(f).slice(0, 7), [
      'name',
      'unit',
      'engine',
      'baseline',
      'baseline_name',
      'ratio',
      'higher_is_better',
    ]);
  const table = resultsTable([rate, alone]);
  assert.match(table, /2\.00×/);
  assert.match(table, /—/);
});

test('baseline processes run without the OpenBLAS overrides, and single-threaded when asked', () => {
  const saved = { ...process.env };
  process.env['OPENBLAS_CORETYPE'] = 'Haswell';
  process.env['OPENBLAS_L2_SIZE'] = '1';
  try {
    const env = baselineEnv(true);
    assert.equal(env['OPENBLAS_CORETYPE'], undefined);
    assert.equal(env['OPENBLAS_L2_SIZE'], undefined);
    assert.equal(env['OMP_NUM_THREADS'], '1');
    assert.equal(baselineEnv(false)['OMP_NUM_THREADS'], saved['OMP_NUM_THREADS']);
    assert.equal(process.env['OPENBLAS_CORETYPE'], 'Haswell', 'the bench process itself keeps them');
  } finally {
    delete process.env['OPENBLAS_CORETYPE'];
    delete process.env['OPENBLAS_L2_SIZE'];
    Object.assign(process.env, saved);
  }
});
