// `npm run bench [-- --quick] [-- --json] [-- --update-readme]`: the same bench as `optimizer-lab bench`, run from
// source after a build; `--update-readme` also puts this run into the README's performance table.
import { BENCH_RESULTS, updateReadme } from './readme';
import { labOpenFigures } from './figures/labOpen';
import { benchReport, runBench } from './run';

const quick = process.argv.includes('--quick');
// `--only 3,5`: a subset of the figures, for working on one of them (6 is the search bench, 7 the
// learning-rate advice, 8 streaming, 9 pruning).
const i = process.argv.indexOf('--only');
const only = i >= 0 ? (process.argv[i + 1] ?? '').split(',').map(Number) : undefined;
runBench({
  quick,
  ...(only ? { only } : {}),
  log: (l) => process.stderr.write(`${l}\n`),
  labOpen: labOpenFigures,
}).then(
  (r) => {
    // --json (`optimizer-lab bench --json`): results.json's content instead of the table.
    if (process.argv.includes('--json')) {
      process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      return;
    }
    process.stdout.write(`${benchReport(r)}\nwrote bench/results.json\n`);
    process.stdout.write(
      process.argv.includes('--update-readme')
        ? `${updateReadme(BENCH_RESULTS)}\n`
        : 'README.md shows the run in bench/results/readme.json; `npm run bench:readme` puts this one there\n',
    );
  },
  (e: unknown) => {
    process.stderr.write(`bench failed: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(2);
  },
);
