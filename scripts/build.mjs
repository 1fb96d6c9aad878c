// One build script for every bundle: extension host, worker, CLI, webview. Entries are built in
// parallel; an entry whose source does not exist yet is reported, not faked.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const watch = process.argv.includes('--watch');
// 'module' first: some dependencies (jsonc-parser) ship a UMD main that esbuild cannot follow.
const common = {
  bundle: true,
  sourcemap: true,
  logLevel: 'warning',
  target: 'node20',
  mainFields: ['module', 'main'],
};
const entries = [
  {
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  },
  { entryPoints: ['src/engine/runs/worker.ts'], outfile: 'dist/worker.js', platform: 'node', format: 'cjs' },
  { entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs' },
  {
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    entryPoints: ['webview/report/main.ts'],
    outfile: 'dist/report.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  // The panels' bundles; each imports its stylesheet, which esbuild writes beside it (dist/<entry>.css).
  ...['lab', 'runPanel', 'surfaces', 'preview'].map((name) => ({
    entryPoints: [`webview/${name}/main.ts`],
    outfile: `dist/${name}.js`,
    platform: 'browser',
    // papaparse's browser build leaves out its Node stream support.
    mainFields: ['browser', 'module', 'main'],
    // chart.js, zod and d3 make these the largest files of the package; minified they load faster.
    minify: true,
    format: 'iife',
    target: 'es2022',
  })),
];

mkdirSync('dist', { recursive: true });
// The engine's WebAssembly SIMD kernels, compiled from AssemblyScript; written under a temporary
// name and renamed, so a worker starting meanwhile never reads half a file.
if (existsSync('src/engine/kernels/assembly/dense.ts')) {
  const asc = 'node_modules/assemblyscript/bin/asc.js';
  const flags = ['-O3', '--runtime', 'stub', '--importMemory', '--noExportMemory', '--noAssert'];
  execFileSync(
    process.execPath,
    [
      asc,
      'src/engine/kernels/assembly/dense.ts',
      'src/engine/kernels/assembly/adam.ts',
      'src/engine/kernels/assembly/sgd.ts',
      'src/engine/kernels/assembly/rmsprop.ts',
      'src/engine/kernels/assembly/adagrad.ts',
      'src/engine/kernels/assembly/adadelta.ts',
      'src/engine/kernels/assembly/adamax.ts',
      'src/engine/kernels/assembly/nadam.ts',
      'src/engine/kernels/assembly/radam.ts',
      'src/engine/kernels/assembly/packed.ts',
      'src/engine/kernels/assembly/peak.ts',
      '-o',
      'dist/kernels.wasm.tmp',
      ...flags,
      '--enable',
      'simd',
      '--use',
      'abort=',
      // AS112 warns of v128 in an exported signature: assembly/moments.ts exports its vector helpers
      // to the kernels that import (and inline) them; the module's own exports take numbers only.
      '--disableWarning',
      '112',
    ],
    { stdio: 'inherit' },
  );
  renameSync('dist/kernels.wasm.tmp', 'dist/kernels.wasm');
}
// The Python runner of users' own PyTorch models ships beside the worker (dist/), as it is.
copyFileSync('python/optimizer_lab_runner.py', 'dist/optimizer_lab_runner.py');
copyFileSync('python/optimizer_lab_data.py', 'dist/optimizer_lab_data.py');
copyFileSync('python/optimizer_lab_user.py', 'dist/optimizer_lab_user.py');
const present = entries.filter((e) => existsSync(e.entryPoints[0]));
for (const e of entries)
  if (!present.includes(e)) console.log(`build: skipping ${e.entryPoints[0]} (not written yet)`);

if (watch) {
  const ctxs = await Promise.all(present.map((e) => esbuild.context({ ...common, ...e })));
  await Promise.all(ctxs.map((c) => c.watch()));
} else {
  await Promise.all(present.map((e) => esbuild.build({ ...common, ...e })));
  // The experiment JSON Schema is generated from the zod schema, so the editor and the CLI agree.
  if (existsSync('scripts/writeSchema.ts')) {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/writeSchema.ts'], { stdio: 'inherit' });
  }
}
