// The README's performance table is the one bench/results/readme.json gives (so its numbers are a
// real run's, not typed by hand), and the generator says what is wrong with a bad results file or
// a README without its markers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { README_RESULTS } from '../../bench/readme';
import {
  BEGIN,
  END,
  parseBenchResults,
  readable,
  readmeTable,
  tableIn,
  withTable,
} from '../../bench/readmeTable';
import type { BenchResults } from '../../bench/run';

const ROOT = join(import.meta.dirname, '..', '..');

function run(over: Partial<BenchResults['machine']> = {}): BenchResults {
  return {
    machine: {
      cpu: 'Test CPU',
      cores: 2,
      memory_gb: 8,
      node: 'v20.0.0',
      platform: 'linux x64',
      torch: '1.13.1',
      numpy: '1.24.2',
      pandas: '1.5.3',
      numpy_blas: 'numpy 1.24.2, OpenBLAS',
      baselines: 'measured in the same run',
      date: '2026-12-01T10:00:00.000Z',
      ...over,
    },
    figures: [
      {
        name: '(1) MLP | Adam',
        unit: 'steps/s',
        engine: 3445.4,
        baseline: 574.1,
        baseline_name: 'torch eager',
        ratio: 6.0012,
        higher_is_better: true,
      },
      {
        name: '(5) first progress',
        unit: 'ms',
        engine: 107.61,
        baseline: null,
        baseline_name: null,
        ratio: null,
        higher_is_better: false,
      },
    ],
  };
}

test("README.md's performance table is generated from bench/results/readme.json (npm run bench:readme)", () => {
  const results = parseBenchResults(readFileSync(README_RESULTS, 'utf8'), 'bench/results/readme.json');
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  assert.equal(
    tableIn(readme),
    readmeTable(results),
    'README.md differs from bench/results/readme.json: run `npm run bench:readme -- bench/results/readme.json`',
  );
});

test("the table names the run's date, set, machine and versions, and one row per figure", () => {
  const table = readmeTable(run());
  assert.match(table, /^Run of 2026-12-01 \(the full set\) on Test CPU, 2 cores, 8 GB, linux x64;\n/);
  assert.match(table, /Node v20\.0\.0; torch 1\.13\.1, numpy 1\.24\.2, OpenBLAS, pandas 1\.5\.3\./);
  assert.match(
    table,
    /\n\| \(1\) MLP \\\| Adam \| steps\/s \| 3\u202f445 \| torch eager: 574\.1 \| 6\.00× \|\n/,
  );
  assert.match(table, /\n\| \(5\) first progress \| ms \| 107\.6 \| — \| — \|$/);
  assert.match(readmeTable(run({ quick: true })), /\(the reduced `--quick` set\)/);
  assert.match(readmeTable(run({ only: [3, 5] })), /\(figures 3, 5 only\)/);
  assert.match(
    readmeTable(
      run({ torch: null, numpy: null, pandas: null, baselines: 'not run: /usr/bin/python3 not found' }),
    ),
    /no baselines \(not run: \/usr\/bin\/python3 not found\)/,
  );
});

test('numbers read as people write them', () => {
  assert.equal(readable(124171.85), '124\u202f172');
  assert.equal(readable(0.35049), '0.3505');
  assert.equal(readable(1.9457e-5), '1.95e-5');
  assert.equal(readable(1), '1');
});

test('the table replaces what is between the markers and nothing else', () => {
  const readme = `# x\n\nbefore\n${BEGIN}\nold table\n${END}\nafter\n`;
  const out = withTable(readme, 'NEW');
  assert.equal(out, `# x\n\nbefore\n${BEGIN}\nNEW\n${END}\nafter\n`);
  assert.equal(tableIn(out), 'NEW');
  assert.equal(withTable(out, 'NEW'), out, 'regenerating is stable');
  assert.throws(() => withTable('# no markers\n', 'T'), /must hold the bench table's markers once each/);
  assert.throws(() => withTable(`${END}\n${BEGIN}\n`, 'T'), /markers once each, in order/);
  assert.throws(() => withTable(`${BEGIN}\n${BEGIN}\n${END}\n`, 'T'), /markers once each/);
});

test('a results file that is not JSON or lacks a field is refused, naming the file and the field', () => {
  assert.throws(() => parseBenchResults('{', 'r.json'), /^Error: r\.json is not valid JSON: /);
  const bad = run() as unknown as { figures: Record<string, unknown>[] };
  bad.figures[1]!['engine'] = 'fast';
  assert.throws(
    () => parseBenchResults(JSON.stringify(bad), 'r.json'),
    /r\.json is not a bench results file: figures\[1\]\.engine: /,
  );
  assert.throws(
    () => parseBenchResults(JSON.stringify({ machine: run().machine, figures: [] }), 'r.json'),
    /figures: /,
  );
});
