// `npm run package [-- --out FILE]`: builds the bundles and packages the extension into
// optimizer-lab-<version>.vsix with the pinned @vscode/vsce, offline. esbuild inlines every
// dependency into dist/, so node_modules stays out (--no-dependencies) and .vscodeignore decides
// the rest. vsce rewrites the README's relative links to the repository's (package.json
// `repository`): VS Code's extension page does not resolve relative images against the installed
// extension (checked in code-server 4.100), so only absolute ones show there. The e2e suite and
// `npm run try` package through this same script.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = resolve(values.out ?? join(root, `${name}-${version}.vsix`));
// The vsce command-line script of the devDependency, run with this Node (no npx, no network).
const require = createRequire(import.meta.url);
const vsce = join(dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');

/** Runs a Node script of the repository; a failure ends the packaging with its exit code, no stack. */
function node(args, stdout) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', stdout, 'inherit'] });
  if (r.status !== 0) {
    console.error(`npm run package: ${relative(root, args[0])} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

mkdirSync(dirname(out), { recursive: true });
node(['scripts/build.mjs'], 'ignore');
node([vsce, 'package', '--no-dependencies', '--out', out], 'inherit');
