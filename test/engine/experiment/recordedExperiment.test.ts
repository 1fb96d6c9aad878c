// A record's `experiment` is read through the resolved-experiment schema, not cast.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadExperiment } from '../../../src/engine/experiment/loadExperiment';
import { parseRecordedExperiment } from '../../../src/protocol/resolvedExperimentSchema';

const samples = join(import.meta.dirname, '../../../samples');
const files = readdirSync(samples).filter((f) => f.endsWith('.optlab.json'));

test('every sample experiment, resolved and written as JSON, reads back as the same resolved experiment', () => {
  assert.ok(files.length >= 8, `found ${files.length} samples`);
  const kinds = new Set<string>();
  for (const file of files) {
    // As record.json holds it: JSON drops undefined keys (lrFind's `search: undefined`).
    const written: unknown = JSON.parse(JSON.stringify(loadExperiment(join(samples, file))));
    const read = parseRecordedExperiment(written);
    assert.ok(read.ok, `${file}: ${read.ok ? '' : read.problems.join('; ')}`);
    assert.deepEqual(read.experiment, written, file);
    kinds.add(read.experiment.kind + (read.experiment.search ? '+search' : ''));
  }
  // The samples cover data and surface experiments and a search.
  assert.deepEqual([...kinds].sort(), ['data', 'data+search', 'surface']);
});

test('a corrupt experiment is refused with the path of every problem', () => {
  const written = JSON.parse(JSON.stringify(loadExperiment(join(samples, 'iris-optimizers.optlab.json'))));
  written.training.seeds = 'all';
  written.optimizers[0].lr = -1;
  delete written.objective;
  const read = parseRecordedExperiment(written);
  assert.equal(read.ok, false);
  const problems = read.ok ? [] : read.problems;
  assert.ok(
    problems.some((p) => p.startsWith('experiment.training.seeds: ')),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => /^experiment\.optimizers\.0\.lr: must be >= 0/.test(p)),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => p.startsWith('experiment.objective: ')),
    problems.join('\n'),
  );
  assert.deepEqual(parseRecordedExperiment({ kind: 'table' }).ok, false);
});
