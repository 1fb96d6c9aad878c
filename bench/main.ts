// `npm run bench [-- --quick]`: the same bench as `optimizer-lab bench`, run from source after a build.
import { benchReport, runBench } from './run';

const quick = process.argv.includes('--quick');
runBench({ quick, log: (l) => process.stderr.write(`${l}\n`) }).then(
  (r) => process.stdout.write(`${benchReport(r)}\nwrote bench/results.json\n`),
  (e: unknown) => {
    process.stderr.write(`bench failed: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(2);
  },
);
