// `npm run package [-- --out FILE]`: builds the bundles and packages the extension into
// optimizer-lab-<version>.vsix with the pinned @vscode/vsce, offline. esbuild inlines every
// dependency into dist/, so node_modules stays out (--no-dependencies) and .vscodeignore decides
// the rest. README links stay relative: its images ship in media/ and VS Code shows them from the
// installed extension. The e2e suite and `npm run try` package through this same script.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = resolve(values.out ?? join(root, `${name}-${version}.vsix`));
// The vsce command-line script of the devDependency, run with this Node (no npx, no network).
const require = createRequire(import.meta.url);
const vsce = join(dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');

execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
execFileSync(
  process.execPath,
  [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out],
  { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
);
