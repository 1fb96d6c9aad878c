// The HTML report's results table shows bytes sent and compression for data-parallel records only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderResultsTable } from '../../../src/engine/report/resultsTable';
import type { RunSummary } from '../../../src/protocol/record';
import { emptyRecord } from '../runs/runSpecs';

function run(id: string, configIndex: number, traffic: { bytes: number; ratio: number } | null): RunSummary {
  return {
    id,
    configIndex,
    label: `config ${configIndex}`,
    config: { name: 'SGD', lr: 0.1 },
    seed: 0,
    fold: null,
    restart: null,
    status: 'done',
    steps: 10,
    epochs: 1,
    final_train_loss: 0.5,
    final_val_loss: null,
    best_val_loss: null,
    best_epoch: null,
    objective: 0.5 + configIndex,
    metrics: {},
    diverged_at_step: null,
    message: null,
    elapsed_ms: 5,
    rank: configIndex + 1,
    curves: `curves/${id}.json`,
    ...(traffic ? { bytes_sent: traffic.bytes, compression_ratio: traffic.ratio, comm_time_s: 0.001 } : {}),
  };
}

test('report results: traffic columns with data-parallel runs, none without', () => {
  const plain = renderResultsTable(emptyRecord('r', { runs: [run('c0-s0', 0, null)] }));
  assert.doesNotMatch(plain, /bytes sent/);
  const dp = renderResultsTable(
    emptyRecord('r', {
      runs: [run('c0-s0', 0, { bytes: 8000, ratio: 1 }), run('c1-s0', 1, { bytes: 160, ratio: 50 })],
    }),
  );
  assert.match(dp, /<th scope="col">bytes sent<\/th><th scope="col">compression ×<\/th>/);
  assert.match(dp, /<td class="num">8000<\/td><td class="num">1<\/td>/);
  assert.match(dp, /<td class="num">160<\/td><td class="num">50<\/td>/);
});
