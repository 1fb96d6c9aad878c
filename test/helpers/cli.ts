import { runCli } from '../../src/cli/main';

/** Runs the CLI in-process and captures what it prints. */
export async function cli(
  argv: string[],
  cwd = process.cwd(),
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    isTTY: false,
    cwd,
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}
