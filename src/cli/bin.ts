// The `optimizer-lab` executable: runs the CLI on the process's argv and streams, and exits with its code.
import { EXIT, SIGNAL_EXIT, type CliIO } from './command';
import { runCli } from './main';
import { endOpenSessionsSync } from '../engine/runs/runSession';

// The process entry of `optimizer-lab` (bundled to dist/cli.js): real streams, and every way the
// process can be stopped ends the record it writes with a status that says how.
const controller = new AbortController();
let stoppedBy: keyof typeof SIGNAL_EXIT | null = null;
for (const sig of Object.keys(SIGNAL_EXIT) as (keyof typeof SIGNAL_EXIT)[]) {
  process.on(sig, () => {
    // The first signal cancels cleanly (running runs keep their partial curves, finished runs are
    // kept); a second one ends the records as they are and exits at once.
    if (controller.signal.aborted) {
      endOpenSessionsSync('cancelled', `stopped by a second ${sig}`);
      process.exit(SIGNAL_EXIT[sig]);
    }
    stoppedBy = sig;
    controller.abort(`stopped by ${sig}`);
  });
}
const crash = (e: unknown): void => {
  endOpenSessionsSync('failed', `internal error: ${(e as Error)?.message ?? String(e)}`);
  process.stderr.write(`optimizer-lab: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(EXIT.internal);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
// A closed terminal (SIGHUP) or pipe makes writes fail; that must not turn a clean stop into a crash.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);

const io: CliIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stderr.isTTY),
  cwd: process.cwd(),
  signal: controller.signal,
};
runCli(process.argv.slice(2), io).then((code) => {
  process.exitCode = stoppedBy ? SIGNAL_EXIT[stoppedBy] : code;
}, crash);
