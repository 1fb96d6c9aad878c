import { EXIT, type CliIO } from './command';
import { runCli } from './main';

// The process entry of `optimizer-lab` (bundled to dist/cli.js): real streams and Ctrl-C handling.
const controller = new AbortController();
process.on('SIGINT', () => {
  // First Ctrl-C cancels cleanly; a second one exits at once.
  if (controller.signal.aborted) process.exit(EXIT.interrupted);
  controller.abort();
});
const io: CliIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stderr.isTTY),
  cwd: process.cwd(),
  signal: controller.signal,
};
runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`optimizer-lab: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = EXIT.internal;
  },
);
