// `npm run bench [-- --quick]`: the same bench as `optimizer-lab bench`, run from source after a build.
import { benchReport, runBench } from './run';

const quick = process.argv.includes('--quick');
// `--only 3,5`: a subset of the figures, for working on one of them (6 is the search bench).
const i = process.argv.indexOf('--only');
const only = i >= 0 ? (process.argv[i + 1] ?? '').split(',').map(Number) : undefined;
runBench({ quick, ...(only ? { only } : {}), log: (l) => process.stderr.write(`${l}\n`) }).then(
  (r) => process.stdout.write(`${benchReport(r)}\nwrote bench/results.json\n`),
  (e: unknown) => {
    process.stderr.write(`bench failed: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(2);
  },
);
