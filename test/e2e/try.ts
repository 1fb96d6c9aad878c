// `npm run try`: the extension, packaged as a .vsix and installed into code-server, serving the
// samples/ folder, so anyone without VS Code can use it in a browser. Ctrl+C stops the server.
// PORT=8080 npm run try picks the port; by default a free one is used.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, packageVsix, startCodeServer } from './codeServer';

const log = (s: string): void => console.log(s);
const tmp = mkdtempSync(join(tmpdir(), 'optlab-try-'));
const workspace = join(ROOT, 'samples');
const port = process.env['PORT'] ? Number(process.env['PORT']) : undefined;
async function main(): Promise<void> {
  const vsix = packageVsix(tmp, log);
  const server = await startCodeServer(vsix, workspace, { log, ...(port ? { port } : {}) });
  // Ctrl+C stops the server (startCodeServer handles the signal); the package goes with it.
  process.once('exit', () => rmSync(tmp, { recursive: true, force: true }));
  log(`\nOptimizer Lab in VS Code (code-server): ${server.url}/?folder=${encodeURIComponent(workspace)}`);
  log('Open it in a browser; Ctrl+C stops the server.');
}

main().catch((e: unknown) => {
  rmSync(tmp, { recursive: true, force: true });
  console.error((e as Error).message);
  process.exit(1);
});
