// `npm run bench:readme [-- FILE] [--check]`: puts a bench run into the README. The results file
// (bench/results.json by default, which `npm run bench` writes) is copied to
// bench/results/readme.json, which is committed, and README.md's table between the bench-table
// markers is regenerated from it. `--check` only compares the README with the committed file
// (exit 1 when they differ), as test/bench/readmeTable.test.ts does.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseBenchResults, readmeTable, tableIn, withTable } from './readmeTable';

const ROOT = resolve(import.meta.dirname, '..');
/** The committed copy of the run the README shows. */
export const README_RESULTS = join(ROOT, 'bench', 'results', 'readme.json');
const README = join(ROOT, 'README.md');
/** What `npm run bench` writes (git-ignored). */
export const BENCH_RESULTS = join(ROOT, 'bench', 'results.json');

/** Copies `file` (unless it is the committed copy already) and rewrites README.md's table from it. */
export function updateReadme(file: string): string {
  const source = resolve(file);
  if (!existsSync(source))
    throw new Error(`${relative(ROOT, source)} not found: run \`npm run bench\` first`);
  const results = parseBenchResults(readFileSync(source, 'utf8'), relative(ROOT, source) || source);
  if (source !== README_RESULTS) {
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    copyFileSync(source, README_RESULTS);
  }
  writeFileSync(README, withTable(readFileSync(README, 'utf8'), readmeTable(results)));
  return `README.md: performance table from ${relative(ROOT, source)} (run of ${String(results.machine['date'])}), copied to ${relative(ROOT, README_RESULTS)}`;
}

/** True when README.md's table is the one bench/results/readme.json gives. */
export function readmeMatches(): boolean {
  const results = parseBenchResults(readFileSync(README_RESULTS, 'utf8'), relative(ROOT, README_RESULTS));
  return tableIn(readFileSync(README, 'utf8')) === readmeTable(results);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  try {
    const { values, positionals } = parseArgs({
      options: { check: { type: 'boolean' } },
      allowPositionals: true,
    });
    if (values.check) {
      const ok = readmeMatches();
      console.log(
        ok
          ? 'README.md: the performance table matches bench/results/readme.json'
          : 'README.md: the performance table differs from bench/results/readme.json; run `npm run bench:readme -- bench/results/readme.json`',
      );
      process.exit(ok ? 0 : 1);
    }
    console.log(updateReadme(positionals[0] ?? BENCH_RESULTS));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
