import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataErrorSetting } from '../../../src/engine/experiment/dataErrorSetting';
import { prepareDataset } from '../../../src/engine/data/dataset';
import { DataError } from '../../../src/engine/errors';
import { dataSpecSchema } from '../../../src/protocol/data';
import type { Table } from '../../../src/engine/data/table';

const TEXT = `{
  "data": {
    "path": "iris.csv",
    "target": "specis",
    "features": ["sepal_length", "petal_width"]
  },
  "optimizers": [{ "name": "SGD" }]
}`;

test('a target the data does not have is located at data.target of the experiment file', () => {
  const where = dataErrorSetting(
    { message: 'no target column "specis" in the file (did you mean "species"?); its columns are "a"' },
    TEXT,
  );
  assert.deepEqual(where, { path: ['data', 'target'], line: 4, column: 15 });
});

test('a missing feature or a feature that is the target is located at its item of data.features', () => {
  assert.deepEqual(dataErrorSetting({ message: 'no feature column "petal_width" in the file' }, TEXT), {
    path: ['data', 'features', 1],
    line: 5,
    column: 34,
  });
  assert.deepEqual(
    dataErrorSetting({ message: 'column "sepal_length" is the target; it cannot also be a feature' }, TEXT)
      ?.path,
    ['data', 'features', 0],
  );
});

test('errors about the data itself, or an unreadable experiment, have no setting', () => {
  assert.equal(dataErrorSetting({ message: 'row 3: expected 4 fields, got 5' }, TEXT), undefined);
  assert.equal(dataErrorSetting({ message: 'no target column "x"' }, '{ broken'), undefined);
});

test('the wording matched is the one the data loader really uses', () => {
  const table = { file: 'iris.csv', columns: [{ name: 'species' }], rows: 0 } as unknown as Table;
  const spec = dataSpecSchema.parse({ path: 'iris.csv', target: 'specis' });
  let error: unknown;
  try {
    prepareDataset(table, spec, {} as never);
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof DataError, String(error));
  assert.deepEqual(dataErrorSetting(error, TEXT)?.path, ['data', 'target']);
});
