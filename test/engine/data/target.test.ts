import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeTarget } from '../../../src/engine/data/target';
import { parseText, rejectsWith } from './helpers';

async function target(values: string[], task?: 'regression' | 'binary' | 'multiclass') {
  const table = await parseText(`x,y\n${values.map((v, i) => `${i},${v}`).join('\n')}\n`, 'csv');
  return encodeTarget(table, 1, Int32Array.from(values.keys()), task);
}

test('tasks are inferred from the target values', async () => {
  const reg = await target(['1.5', '2.25', '3', '4', '10']);
  assert.equal(reg.task, 'regression');
  assert.equal(reg.classes, null);
  assert.deepEqual(Array.from(reg.values), [1.5, 2.25, 3, 4, 10]);

  const bin = await target(['4', '2', '2', '4']);
  assert.equal(bin.task, 'binary');
  assert.deepEqual(bin.classes, [2, 4]);
  assert.deepEqual(Array.from(bin.values), [1, 0, 0, 1]);

  const words = await target(['yes', 'no', 'yes']);
  assert.deepEqual([words.task, words.classes], ['binary', ['no', 'yes']]);

  const bools = await target(['true', 'false', 'TRUE']);
  assert.deepEqual(
    [bools.task, bools.classes, Array.from(bools.values)],
    ['binary', [false, true], [1, 0, 1]],
  );

  const multi = await target(['10', '2', '1', '2', '10']);
  assert.equal(multi.task, 'multiclass');
  assert.deepEqual(multi.classes, [1, 2, 10]);
  assert.deepEqual(Array.from(multi.values), [2, 1, 0, 1, 2]);

  const species = await target(['virginica', 'setosa', 'versicolor']);
  assert.deepEqual(species.classes, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual(Array.from(species.values), [2, 0, 1]);
});

test('integers with more than 20 distinct values are regression', async () => {
  const twenty = await target(Array.from({ length: 40 }, (_, i) => String(i % 20)));
  assert.equal(twenty.task, 'multiclass');
  const many = await target(Array.from({ length: 40 }, (_, i) => String(i % 21)));
  assert.equal(many.task, 'regression');
});

test('the task can be overridden where it applies', async () => {
  assert.equal((await target(['1', '2', '3'], 'regression')).task, 'regression');
  assert.equal((await target(['0', '1', '0'], 'multiclass')).task, 'multiclass');
  await rejectsWith(
    target(['a', 'b', 'a'], 'regression'),
    /data\.csv:1:2: task "regression" needs a numeric target/,
  );
  await rejectsWith(
    target(['1', '2', '3'], 'binary'),
    'data.csv:1:2: task "binary" needs exactly 2 classes, but target column "y" has 3: 1, 2, 3',
  );
});

test('a target with one value is an error at its header', async () => {
  await rejectsWith(
    target(['a', 'a', 'a']),
    'data.csv:1:2: target column "y" has the same value ("a") in every row; there is nothing to learn',
  );
  await rejectsWith(
    target(['2.5', '2.5'], 'regression'),
    /^data\.csv:1:2: target column "y" has the same value \(2\.5\)/,
  );
});
