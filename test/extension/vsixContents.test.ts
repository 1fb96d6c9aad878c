// What `npm run package` puts into the .vsix, read with the pinned vsce's `ls` (the list
// .vscodeignore yields, without building a package): every file the manifest and the extension
// load at run time, and nothing else (no sources, source maps, tests or the CLI bundle).
// Needs dist/ built (npm test builds first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsce = join(dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');

function shipped(): Set<string> {
  assert.ok(existsSync(join(root, pkg.main)), `${pkg.main} is missing: run \`npm run build\` first`);
  const out = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], {
    cwd: root,
    encoding: 'utf8',
  });
  return new Set(out.split('\n').filter(Boolean));
}

test("the .vsix holds every file the manifest points at; the README's pictures are in the repository", () => {
  const files = shipped();
  const walkthroughMedia = pkg.contributes.walkthroughs.flatMap(
    (w: { steps: { media: { markdown: string } }[] }) => w.steps.map((s) => s.media.markdown),
  );
  const readmeImages = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)]
    .map((m) => m[1]!)
    .filter((u) => !/^[a-z]+:/.test(u));
  assert.ok(readmeImages.length >= 2, 'the README shows its pictures from media/');
  // vsce points the packaged README's relative links at the repository, where these must exist.
  for (const f of readmeImages)
    assert.ok(existsSync(join(root, f)), `README.md shows ${f}, which is missing`);
  const wanted = [
    'package.json',
    'README.md',
    'LICENSE',
    'CHANGELOG.md',
    pkg.main.replace(/^\.\//, ''),
    pkg.icon,
    pkg.contributes.viewsContainers.activitybar[0].icon,
    ...pkg.contributes.jsonValidation.map((j: { url: string }) => j.url.replace(/^\.\//, '')),
    ...walkthroughMedia,
  ];
  for (const f of wanted) assert.ok(files.has(f), `${f} is not in the .vsix`);
});

test('the .vsix holds every bundle the extension loads, and no source, map, test or CLI bundle', () => {
  const files = shipped();
  // The worker, the WebAssembly kernels, the report's chart script and every webview bundle.
  const loaded = readdirSync(join(root, 'dist')).filter(
    (f) => /\.(js|css|wasm|py)$/.test(f) && f !== 'cli.js',
  );
  assert.ok(loaded.includes('worker.js') && loaded.includes('kernels.wasm') && loaded.includes('report.js'));
  assert.ok(loaded.includes('optimizer_lab_runner.py'), "the runner of users' own PyTorch models is built");
  for (const f of loaded) assert.ok(files.has(`dist/${f}`), `dist/${f} is not in the .vsix`);
  for (const f of files) {
    assert.match(
      f,
      /^(dist\/[^/]+|media\/.+|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/,
      `${f} is shipped`,
    );
    assert.doesNotMatch(f, /\.map$|^dist\/cli\.js$/, `${f} is shipped`);
  }
});

test('the manifest names the repository, where to report bugs, and a PNG icon of at least 128×128', () => {
  assert.match(pkg.repository.url, /^https:\/\/github\.com\/[\w-]+\/[\w-]+\.git$/);
  assert.match(pkg.bugs.url, /^https:\/\/github\.com\/[\w-]+\/[\w-]+\/issues$/);
  assert.match(pkg.homepage, /^https:\/\/github\.com\//);
  const png = readFileSync(join(root, pkg.icon));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  // IHDR: width and height, big-endian, at bytes 16 and 20.
  assert.ok(png.readUInt32BE(16) >= 128 && png.readUInt32BE(20) >= 128, `${pkg.icon} is too small`);
  assert.equal(pkg.scripts.package, 'node scripts/package.mjs');
  assert.match(
    pkg.devDependencies['@vscode/vsce'],
    /^\d+\.\d+\.\d+$/,
    '@vscode/vsce is pinned to one version',
  );
  // The README's install command names the file this version's `npm run package` writes.
  assert.ok(
    readFileSync(join(root, 'README.md'), 'utf8').includes(
      `code --install-extension ${pkg.name}-${pkg.version}.vsix`,
    ),
    'README.md: the install command names another version',
  );
});
