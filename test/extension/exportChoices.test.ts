// Export Best Configuration's choices: every engine target offered, sidecar targets saved as files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportTargets } from '../../src/engine/export/index';
import {
  deliveryChoices,
  exportFileName,
  exportFilters,
  exportFolder,
  targetChoices,
} from '../../src/extension/exportChoices';

test('every export target of the engine is offered once', () => {
  assert.deepEqual(
    targetChoices()
      .map((c) => c.value)
      .sort(),
    [...exportTargets].sort(),
  );
});

test('code without a sidecar can go to an editor, the cursor or the clipboard; sidecar code is saved', () => {
  assert.deepEqual(
    deliveryChoices('pytorch', true).map((d) => d.value),
    ['untitled', 'insert', 'copy', 'save'],
  );
  assert.deepEqual(
    deliveryChoices('optax', false).map((d) => d.value),
    ['untitled', 'copy', 'save'],
  );
  for (const t of ['pytorch-script', 'notebook', 'optuna', 'ray'] as const) {
    assert.deepEqual(
      deliveryChoices(t, true).map((d) => d.value),
      ['save'],
    );
  }
});

test('saved file names are safe Python module names', () => {
  assert.equal(
    exportFileName('iris optimizers (re-run)', 'pytorch-script'),
    'iris_optimizers_re-run_pytorch_script.py',
  );
  assert.equal(exportFileName('///', 'keras'), 'experiment_keras.py');
});

test('saved exports are proposed in exports/<record>/, a notebook as .ipynb', () => {
  assert.deepEqual(exportFolder('/ws', 'iris (re-run)'), ['/ws', 'exports', 'iris_re-run']);
  assert.equal(exportFileName('iris', 'notebook'), 'iris_notebook.ipynb');
  assert.deepEqual(exportFilters('notebook'), { 'Jupyter notebook': ['ipynb'] });
  assert.deepEqual(exportFilters('optuna'), { Python: ['py'] });
});
